package io.iomt.sdk.fitbit;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.TimeRange;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A targeted sync of one user's data type over the intervals a notification reported as changed.
 * A {@link WebhookReceiver} creates one per accepted notification, leaving out intervals that an
 * earlier delivery already reported. Immutable and thread-safe.
 *
 * <p>For {@link WebhookOperation#UPSERT} the host syncs the intervals again. For
 * {@link WebhookOperation#DELETE} the host deletes the stored samples of the intervals and checks
 * the connection's token status (for example by refreshing its tokens), because Google also sends
 * {@code DELETE} when the user revoked access.
 *
 * @param healthUserId the Google Health user id from the notification
 * @param dataType the Google Health data type in kebab case, such as {@code steps}
 * @param metrics the SDK metrics that a sync of {@code dataType} writes; empty when the SDK does
 *     not store that data type
 * @param intervals the changed intervals that no earlier delivery reported, in the order sent;
 *     empty when the notification carried no interval, which means the changed range is unknown
 *     and the host syncs from its watermark. An interval that the notification gave only in civil
 *     time, which has no UTC offset, is widened to every instant it can denote: from 14 hours
 *     before its start to 12 hours after its end
 * @param operation whether data changed or was removed
 * @param connection the connection of {@code healthUserId}, or null when the receiver has no
 *     {@link WebhookConnectionResolver} or the resolver did not know the user
 */
public record WebhookSyncRequest(String healthUserId, String dataType, Set<Metric> metrics,
        List<TimeRange> intervals, WebhookOperation operation, @Nullable ConnectionId connection) {

    /** Creates a request. */
    public WebhookSyncRequest {
        Objects.requireNonNull(healthUserId, "healthUserId");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(operation, "operation");
        metrics = metrics.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(metrics));
        intervals = List.copyOf(intervals);
    }

    /** Returns whether the notification reported removed data. */
    public boolean isDeletion() {
        return operation == WebhookOperation.DELETE;
    }

    /** Returns a copy with {@code connection} set. */
    public WebhookSyncRequest withConnection(@Nullable ConnectionId connection) {
        return new WebhookSyncRequest(healthUserId, dataType, metrics, intervals, operation, connection);
    }
}
