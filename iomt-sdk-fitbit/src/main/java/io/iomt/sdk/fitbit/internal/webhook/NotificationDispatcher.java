package io.iomt.sdk.fitbit.internal.webhook;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.GoogleHealthDataType;
import io.iomt.sdk.fitbit.WebhookConnectionResolver;
import io.iomt.sdk.fitbit.WebhookDeduplicator;
import io.iomt.sdk.fitbit.WebhookIntervalKey;
import io.iomt.sdk.fitbit.WebhookListener;
import io.iomt.sdk.fitbit.WebhookRejection;
import io.iomt.sdk.fitbit.WebhookSyncRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns parsed notifications into sync requests, drops intervals reported before, and hands the
 * result to the listener on the executor. Thread-safe.
 */
public final class NotificationDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final WebhookListener listener;
    private final Executor executor;
    private final WebhookDeduplicator deduplicator;
    private final @Nullable WebhookConnectionResolver resolver;
    private final WebhookCounters counters;

    /** Creates a dispatcher; the caller owns every argument. */
    public NotificationDispatcher(WebhookListener listener, Executor executor, WebhookDeduplicator deduplicator,
            @Nullable WebhookConnectionResolver resolver, WebhookCounters counters) {
        this.listener = listener;
        this.executor = executor;
        this.deduplicator = deduplicator;
        this.resolver = resolver;
        this.counters = counters;
    }

    /** One notification after deduplication, with the keys it recorded. */
    private record Item(WebhookSyncRequest request, List<WebhookIntervalKey> recordedKeys, boolean duplicate) {
    }

    /**
     * Records the notifications' intervals and submits one task that calls the listener.
     *
     * @return false when the executor rejected the task; the recorded intervals are then
     *     forgotten so that Google's retry is handled
     */
    public boolean dispatch(List<ParsedNotification> notifications) {
        List<Item> items = new ArrayList<>(notifications.size());
        for (ParsedNotification notification : notifications) {
            items.add(deduplicate(notification));
        }
        try {
            executor.execute(() -> deliver(items));
            return true;
        } catch (RejectedExecutionException e) {
            items.forEach(this::forget);
            return false;
        }
    }

    /** Reports a rejection to the listener on the executor; dropped when the executor is saturated. */
    public void reportRejection(WebhookRejection rejection) {
        try {
            executor.execute(() -> {
                try {
                    listener.onRejected(rejection);
                } catch (RuntimeException e) {
                    counters.listenerFailures.increment();
                    LOG.warn("Webhook listener failed in onRejected: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Dropped a webhook rejection event because the executor rejected it");
        }
    }

    private Item deduplicate(ParsedNotification notification) {
        List<TimeRange> fresh = new ArrayList<>();
        List<WebhookIntervalKey> recorded = new ArrayList<>();
        for (TimeRange interval : notification.intervals()) {
            WebhookIntervalKey key = new WebhookIntervalKey(notification.healthUserId(), notification.dataType(),
                    notification.operation(), interval);
            if (markIfFirst(key)) {
                fresh.add(interval);
                recorded.add(key);
            }
        }
        // Without intervals there is nothing to key on, so such notifications are always handled.
        boolean duplicate = !notification.intervals().isEmpty() && fresh.isEmpty();
        List<TimeRange> intervals = duplicate ? notification.intervals() : fresh;
        WebhookSyncRequest request = new WebhookSyncRequest(notification.healthUserId(), notification.dataType(),
                metricsOf(notification.dataType()), intervals, notification.operation(), null);
        return new Item(request, recorded, duplicate);
    }

    /**
     * Records the key, treating a failing deduplicator as "first seen": a missed duplicate only
     * costs a repeated sync, while a lost notification would leave data unsynced.
     */
    private boolean markIfFirst(WebhookIntervalKey key) {
        try {
            return deduplicator.markIfFirst(key);
        } catch (RuntimeException e) {
            counters.deduplicatorFailures.increment();
            LOG.warn("Webhook deduplicator failed; handling the interval as new: {}", e.toString());
            return true;
        }
    }

    /** Returns the metrics a sync of {@code dataType} writes; empty for a type the SDK does not read. */
    private static Set<Metric> metricsOf(String dataType) {
        return GoogleHealthDataType.fromPathId(dataType)
                .<Set<Metric>>map(type -> EnumSet.copyOf(type.metrics()))
                .orElse(Set.of());
    }

    private void deliver(List<Item> items) {
        for (Item item : items) {
            if (item.duplicate()) {
                counters.duplicateNotifications.increment();
                callQuietly(item, () -> listener.onDuplicate(item.request()), false);
                continue;
            }
            WebhookSyncRequest request = item.request().withConnection(resolve(item.request().healthUserId()));
            counters.syncRequests.increment();
            if (request.isDeletion()) {
                callQuietly(item, () -> listener.onDataDeleted(request), true);
                if (request.connection() != null) {
                    callQuietly(item, () -> listener.onSyncRequested(request), true);
                }
            } else {
                callQuietly(item, () -> listener.onSyncRequested(request), true);
            }
        }
    }

    private @Nullable ConnectionId resolve(String healthUserId) {
        if (resolver == null) {
            return null;
        }
        try {
            return resolver.resolve(healthUserId);
        } catch (RuntimeException e) {
            LOG.warn("Webhook connection resolver failed; handling the notification without a connection: {}",
                    e.toString());
            return null;
        }
    }

    private void callQuietly(Item item, Runnable call, boolean forgetOnFailure) {
        try {
            call.run();
        } catch (RuntimeException e) {
            counters.listenerFailures.increment();
            LOG.warn("Webhook listener failed for data type {} ({}): {}", item.request().dataType(),
                    item.request().operation(), e.toString());
            if (forgetOnFailure) {
                forget(item);
            }
        }
    }

    private void forget(Item item) {
        for (WebhookIntervalKey key : item.recordedKeys()) {
            try {
                deduplicator.forget(key);
            } catch (RuntimeException e) {
                counters.deduplicatorFailures.increment();
                LOG.warn("Webhook deduplicator failed to forget an interval: {}", e.toString());
            }
        }
    }
}
