package io.iomt.sdk.fitbit;

import io.iomt.sdk.TimeRange;
import java.util.Objects;

/**
 * Identity of one reported change, used to recognise redelivered notifications: the user, the
 * data type, the operation and one interval. Immutable and thread-safe.
 *
 * @param healthUserId the Google Health user id
 * @param dataType the kebab-case data type
 * @param operation what changed
 * @param interval one reported interval
 */
public record WebhookIntervalKey(String healthUserId, String dataType, WebhookOperation operation,
        TimeRange interval) {

    /** Creates a key. */
    public WebhookIntervalKey {
        Objects.requireNonNull(healthUserId, "healthUserId");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(interval, "interval");
    }

    /**
     * Returns a stable string form, suitable as a primary key in a shared store:
     * {@code user|dataType|operation|start|end} with ISO-8601 instants.
     */
    public String asString() {
        return healthUserId + '|' + dataType + '|' + operation + '|' + interval.start() + '|' + interval.end();
    }
}
