package io.iomt.sdk.fitbit.internal.webhook;

import io.iomt.sdk.fitbit.WebhookRejection;
import io.iomt.sdk.fitbit.WebhookStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters behind {@link WebhookStats}. Thread-safe. */
public final class WebhookCounters {

    final LongAdder verifications = new LongAdder();
    final LongAdder acceptedDeliveries = new LongAdder();
    final LongAdder syncRequests = new LongAdder();
    final LongAdder duplicateNotifications = new LongAdder();
    final LongAdder skippedNotifications = new LongAdder();
    final LongAdder listenerFailures = new LongAdder();
    final LongAdder deduplicatorFailures = new LongAdder();
    private final Map<WebhookRejection.Reason, LongAdder> rejections = new EnumMap<>(WebhookRejection.Reason.class);

    /** Creates zeroed counters. */
    public WebhookCounters() {
        for (WebhookRejection.Reason reason : WebhookRejection.Reason.values()) {
            rejections.put(reason, new LongAdder());
        }
    }

    /** Counts a verification request accepted as verified. */
    public void verification() {
        verifications.increment();
    }

    /** Counts a delivery acknowledged with 204. */
    public void acceptedDelivery() {
        acceptedDeliveries.increment();
    }

    /** Counts notifications skipped for an unknown operation. */
    public void skipped(int count) {
        skippedNotifications.add(count);
    }

    /** Counts a rejected request. */
    public void rejected(WebhookRejection.Reason reason) {
        rejections.get(reason).increment();
    }

    /** Returns a snapshot. */
    public WebhookStats snapshot() {
        Map<WebhookRejection.Reason, Long> rejected = new EnumMap<>(WebhookRejection.Reason.class);
        rejections.forEach((reason, count) -> {
            long value = count.sum();
            if (value > 0) {
                rejected.put(reason, value);
            }
        });
        return new WebhookStats(verifications.sum(), acceptedDeliveries.sum(), syncRequests.sum(),
                duplicateNotifications.sum(), skippedNotifications.sum(), listenerFailures.sum(),
                deduplicatorFailures.sum(), rejected);
    }
}
