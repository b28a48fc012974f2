package io.iomt.sdk.fitbit;

import java.util.Map;

/**
 * Counters of a {@link WebhookReceiver} since it was built. A snapshot: immutable and thread-safe.
 *
 * @param verifications verification requests accepted as verified
 * @param acceptedDeliveries signed deliveries accepted with 204
 * @param syncRequests notifications handed to the listener as sync requests or deletions
 * @param duplicateNotifications notifications whose every interval was reported before
 * @param skippedNotifications notifications skipped for an operation other than UPSERT or DELETE
 * @param listenerFailures listener calls that threw
 * @param deduplicatorFailures deduplicator calls that threw; the intervals were handled as new
 * @param rejections rejected requests by reason; reasons never seen are absent
 */
public record WebhookStats(long verifications, long acceptedDeliveries, long syncRequests,
        long duplicateNotifications, long skippedNotifications, long listenerFailures,
        long deduplicatorFailures, Map<WebhookRejection.Reason, Long> rejections) {

    /** Creates a snapshot. */
    public WebhookStats {
        rejections = Map.copyOf(rejections);
    }

    /** Returns the number of rejected requests for {@code reason}. */
    public long rejected(WebhookRejection.Reason reason) {
        return rejections.getOrDefault(reason, 0L);
    }
}
