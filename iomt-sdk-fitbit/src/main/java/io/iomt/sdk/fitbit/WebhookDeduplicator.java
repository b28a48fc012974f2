package io.iomt.sdk.fitbit;

import io.iomt.sdk.fitbit.internal.webhook.InMemoryWebhookDeduplicator;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Remembers which reported changes were already handed to the host, so that a redelivered
 * notification does not start a second sync of the same interval.
 *
 * <p>Google retries a failed delivery for up to 7 days and may also deliver a notification twice,
 * and the signature carries no timestamp or delivery id. A key therefore has to be remembered for
 * at least 7 days. The {@linkplain #inMemory() in-memory} implementation remembers keys per
 * process: a deployment that runs several receivers behind a load balancer (or several Lambda
 * instances) should back this interface with a shared store, for example a DynamoDB table with a
 * conditional put on {@link WebhookIntervalKey#asString()} ({@code attribute_not_exists}) and a
 * time-to-live attribute of 8 days. A missed duplicate only costs a repeated sync, because sample
 * writes are idempotent upserts.
 *
 * <p>Implementations must be thread-safe, and {@link #markIfFirst} must be atomic. When a call
 * throws, the receiver logs it and handles the interval as new.
 */
public interface WebhookDeduplicator {

    /** Default time a key is remembered: 7 days of Google retries plus 1 day of margin. */
    Duration DEFAULT_RETENTION = Duration.ofDays(8);

    /** Default maximum number of keys the in-memory implementation keeps. */
    long DEFAULT_MAXIMUM_KEYS = 100_000;

    /**
     * Records {@code key} and returns whether it was new. Returns false when the key was recorded
     * before and has not expired or been forgotten since.
     */
    boolean markIfFirst(WebhookIntervalKey key);

    /** Forgets {@code key}, so that the next delivery of it is handled again. */
    void forget(WebhookIntervalKey key);

    /**
     * Returns an in-memory deduplicator with the {@linkplain #DEFAULT_RETENTION default retention}
     * and {@linkplain #DEFAULT_MAXIMUM_KEYS maximum size}, on the system UTC clock.
     */
    static WebhookDeduplicator inMemory() {
        return inMemory(DEFAULT_RETENTION, DEFAULT_MAXIMUM_KEYS, Clock.systemUTC());
    }

    /**
     * Returns an in-memory deduplicator backed by a Caffeine cache. When more than
     * {@code maximumKeys} keys are recorded, the least recently recorded ones are dropped early.
     *
     * @param retention how long a key is remembered after it was recorded; positive
     * @param maximumKeys the maximum number of keys kept; positive
     * @param clock the clock that ages keys
     * @throws IllegalArgumentException if {@code retention} or {@code maximumKeys} is not positive
     */
    static WebhookDeduplicator inMemory(Duration retention, long maximumKeys, Clock clock) {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
        if (maximumKeys <= 0) {
            throw new IllegalArgumentException("maximumKeys must be positive, got " + maximumKeys);
        }
        return new InMemoryWebhookDeduplicator(retention, maximumKeys, clock);
    }

    /** Returns a deduplicator that remembers nothing, so every delivery starts a sync. */
    static WebhookDeduplicator disabled() {
        return new WebhookDeduplicator() {
            @Override
            public boolean markIfFirst(WebhookIntervalKey key) {
                return true;
            }

            @Override
            public void forget(WebhookIntervalKey key) {
            }

            @Override
            public String toString() {
                return "WebhookDeduplicator.disabled()";
            }
        };
    }
}
