package io.iomt.sdk.internal.scheduler;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.RequestBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per connection. A reservation may take the balance below zero, and the caller
 * then waits until the refill has paid the debt, so the long-run rate stays at the configured one.
 * Thread-safe: each bucket is updated under its own lock.
 */
public final class TokenBucketBudget implements RequestBudget {

    private final int capacity;
    private final double nanosPerPermit;
    private final Clock clock;
    private final ConcurrentHashMap<ConnectionId, Bucket> buckets = new ConcurrentHashMap<>();

    /** Creates buckets of {@code capacity} permits that refill completely over {@code period}. */
    public TokenBucketBudget(int capacity, Duration period, Clock clock) {
        this.capacity = capacity;
        this.nanosPerPermit = (double) period.toNanos() / capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Duration delayBeforeNext(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        Bucket bucket = bucket(connection);
        synchronized (bucket) {
            bucket.refill(clock.instant().toEpochMilli());
            return bucket.delayUntil(1);
        }
    }

    @Override
    public Duration reserve(ConnectionId connection, int requests) {
        Objects.requireNonNull(connection, "connection");
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1, got " + requests);
        }
        Bucket bucket = bucket(connection);
        synchronized (bucket) {
            bucket.refill(clock.instant().toEpochMilli());
            bucket.permits -= requests;
            return bucket.delayUntil(0);
        }
    }

    private Bucket bucket(ConnectionId connection) {
        return buckets.computeIfAbsent(connection, id -> new Bucket(capacity, clock.instant().toEpochMilli()));
    }

    @Override
    public String toString() {
        return "TokenBucketBudget[capacity=" + capacity + ", connections=" + buckets.size() + "]";
    }

    private final class Bucket {
        private double permits;
        private long refilledAtMillis;

        Bucket(double permits, long nowMillis) {
            this.permits = permits;
            this.refilledAtMillis = nowMillis;
        }

        void refill(long nowMillis) {
            if (nowMillis <= refilledAtMillis) {
                return;
            }
            double earned = (nowMillis - refilledAtMillis) * 1_000_000.0 / nanosPerPermit;
            permits = Math.min(capacity, permits + earned);
            refilledAtMillis = nowMillis;
        }

        Duration delayUntil(double target) {
            if (permits >= target) {
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((target - permits) * nanosPerPermit));
        }
    }
}
