package io.iomt.sdk.fitbit.internal.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iomt.sdk.fitbit.WebhookDeduplicator;
import io.iomt.sdk.fitbit.WebhookIntervalKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A {@link WebhookDeduplicator} on a Caffeine cache with expiry after write. Thread-safe. */
public final class InMemoryWebhookDeduplicator implements WebhookDeduplicator {

    private final Cache<WebhookIntervalKey, Boolean> seen;
    private final Duration retention;
    private final long maximumKeys;

    /** Creates a deduplicator; arguments are validated by {@link WebhookDeduplicator#inMemory}. */
    public InMemoryWebhookDeduplicator(Duration retention, long maximumKeys, Clock clock) {
        this.retention = retention;
        this.maximumKeys = maximumKeys;
        this.seen = Caffeine.newBuilder()
                .expireAfterWrite(retention)
                .maximumSize(maximumKeys)
                .ticker(() -> nanos(clock.instant()))
                .executor(Runnable::run)
                .build();
    }

    @Override
    public boolean markIfFirst(WebhookIntervalKey key) {
        return seen.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }

    @Override
    public void forget(WebhookIntervalKey key) {
        seen.invalidate(key);
    }

    /** Returns the approximate number of remembered keys. */
    public long size() {
        seen.cleanUp();
        return seen.estimatedSize();
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Override
    public String toString() {
        return "InMemoryWebhookDeduplicator[retention=" + retention + ", maximumKeys=" + maximumKeys + "]";
    }
}
