package io.iomt.sdk.fitbit.internal.webhook;

import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.WebhookOperation;
import java.util.List;
import java.util.Objects;

/**
 * One notification of a delivery, as read from the body.
 *
 * @param healthUserId the Google Health user id
 * @param dataType the kebab-case data type, such as {@code steps}
 * @param operation what changed
 * @param intervals the changed intervals, possibly empty
 */
public record ParsedNotification(String healthUserId, String dataType, WebhookOperation operation,
        List<TimeRange> intervals) {

    /** Creates a notification. */
    public ParsedNotification {
        Objects.requireNonNull(healthUserId, "healthUserId");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(operation, "operation");
        intervals = List.copyOf(intervals);
    }
}
