package io.iomt.sdk.fitbit;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.RequestBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client-side request limiter: a token bucket per key (a connection), so that one user's
 * requests stay under the Google Health API's per-user quota (300 requests per minute by
 * default).
 *
 * <p>Each key's bucket holds up to {@code permits} permits and refills continuously at
 * {@code permits / window}. {@link #acquire} takes a permit, waiting for the refill when the
 * bucket is empty; if the wait would exceed the maximum wait (default 30 s), it throws
 * {@link RequestLimitExceededException} without taking one. Buckets that are full again are
 * dropped when more than {@code maxKeys} keys are held.
 *
 * <p>It is also the core {@link RequestBudget}: pass the same instance to
 * {@link GoogleHealthConfig.Builder#requestBudget} and to the
 * {@link io.iomt.sdk.MonitoringPipeline}, so the pipeline checks the quota before each chunk while
 * the client waits per request.
 *
 * <p>Thread-safe. Share one instance between every client that calls the API for the same users
 * (for example a scheduler and a webhook handler), so that their requests count against one
 * budget. Holds no thread or connection; nothing to close.
 */
public final class RequestLimiter implements RequestBudget {

    /** The Google Health API's default quota per user: 300 requests per minute. */
    public static final int DEFAULT_PERMITS_PER_MINUTE = 300;

    private final int permits;
    private final Duration window;
    private final double permitsPerMilli;
    private final Duration maxWait;
    private final int maxKeys;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private RequestLimiter(Builder builder) {
        this.permits = builder.permits;
        this.window = builder.window;
        this.permitsPerMilli = (double) builder.permits / builder.window.toMillis();
        this.maxWait = builder.maxWait;
        this.maxKeys = builder.maxKeys;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
    }

    /** Returns a limiter of 300 requests per minute per key with the default settings. */
    public static RequestLimiter ofDefaults() {
        return builder().build();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes a permit for {@code connection}, waiting if its bucket is empty.
     *
     * @return how long the call waited; {@link Duration#ZERO} if a permit was free
     * @throws RequestLimitExceededException if the wait would exceed the maximum wait
     * @throws GoogleHealthException if the thread was interrupted while waiting (the interrupt
     *     flag is set again)
     */
    public Duration acquire(ConnectionId connection) {
        return acquire(Objects.requireNonNull(connection, "connection").key());
    }

    /**
     * Takes a permit for {@code key}, waiting if its bucket is empty.
     *
     * @see #acquire(ConnectionId)
     */
    public Duration acquire(String key) {
        Objects.requireNonNull(key, "key");
        long waitMillis = reserve(key);
        if (waitMillis == 0) {
            return Duration.ZERO;
        }
        Duration wait = Duration.ofMillis(waitMillis);
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoogleHealthException("Interrupted while waiting " + waitMillis + " ms for a request permit of "
                    + key, 0, null, null, "limiter " + key, null, true, false, null, e);
        }
        return wait;
    }

    /**
     * Takes a permit for {@code key} only if one is free now.
     *
     * @return whether a permit was taken
     */
    public boolean tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        Bucket bucket = bucket(key);
        synchronized (bucket) {
            bucket.refill(clock.millis());
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    /** Returns how long {@code connection} must wait for its next permit, without taking one. */
    @Override
    public Duration delayBeforeNext(ConnectionId connection) {
        Bucket bucket = bucket(Objects.requireNonNull(connection, "connection").key());
        synchronized (bucket) {
            bucket.refill(clock.millis());
            return bucket.tokens >= 1 ? Duration.ZERO
                    : Duration.ofMillis((long) Math.ceil((1 - bucket.tokens) / permitsPerMilli));
        }
    }

    /**
     * Takes {@code requests} permits of {@code connection} without waiting and returns how long
     * the caller must wait before sending; the bucket may go into debt, which later callers wait
     * for.
     */
    @Override
    public Duration reserve(ConnectionId connection, int requests) {
        Objects.requireNonNull(connection, "connection");
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, got " + requests);
        }
        Bucket bucket = bucket(connection.key());
        synchronized (bucket) {
            bucket.refill(clock.millis());
            bucket.tokens -= requests;
            return bucket.tokens >= 0 ? Duration.ZERO
                    : Duration.ofMillis((long) Math.ceil(-bucket.tokens / permitsPerMilli));
        }
    }

    /** Returns the number of permits per window. */
    public int permits() {
        return permits;
    }

    /** Returns the window over which {@link #permits()} refill. */
    public Duration window() {
        return window;
    }

    private long reserve(String key) {
        Bucket bucket = bucket(key);
        synchronized (bucket) {
            bucket.refill(clock.millis());
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            long waitMillis = (long) Math.ceil((1 - bucket.tokens) / permitsPerMilli);
            if (waitMillis > maxWait.toMillis()) {
                throw new RequestLimitExceededException(key, Duration.ofMillis(waitMillis), maxWait);
            }
            bucket.tokens -= 1;
            return waitMillis;
        }
    }

    private Bucket bucket(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= maxKeys) {
            dropFullBuckets();
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(permits, clock.millis()));
    }

    private void dropFullBuckets() {
        long now = clock.millis();
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                bucket.refill(now);
                return bucket.tokens >= permits;
            }
        });
    }

    @Override
    public String toString() {
        return "RequestLimiter[permits=" + permits + ", window=" + window + ", maxWait=" + maxWait + ", keys="
                + buckets.size() + "]";
    }

    private final class Bucket {
        private double tokens;
        private long updatedMillis;

        private Bucket(double tokens, long updatedMillis) {
            this.tokens = tokens;
            this.updatedMillis = updatedMillis;
        }

        private void refill(long nowMillis) {
            long elapsed = nowMillis - updatedMillis;
            if (elapsed <= 0) {
                return;
            }
            tokens = Math.min(permits, tokens + elapsed * permitsPerMilli);
            updatedMillis = nowMillis;
        }
    }

    /** Builds a {@link RequestLimiter}. Not thread-safe; each setter validates its argument. */
    public static final class Builder {
        private int permits = DEFAULT_PERMITS_PER_MINUTE;
        private Duration window = Duration.ofMinutes(1);
        private Duration maxWait = Duration.ofSeconds(30);
        private int maxKeys = 100_000;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder() {
        }

        /** Sets the permits per window and per key; default 300. */
        public Builder permits(int permits) {
            if (permits < 1) {
                throw new IllegalArgumentException("permits must be at least 1, got " + permits);
            }
            this.permits = permits;
            return this;
        }

        /** Sets the window over which the permits refill; default one minute, at least one millisecond. */
        public Builder window(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.toMillis() < 1) {
                throw new IllegalArgumentException("window must be at least 1 ms, got " + window);
            }
            this.window = window;
            return this;
        }

        /** Sets the longest time {@code acquire} waits before it throws; default 30 s, zero never waits. */
        public Builder maxWait(Duration maxWait) {
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must not be negative, got " + maxWait);
            }
            this.maxWait = maxWait;
            return this;
        }

        /** Sets how many keys are held before full buckets are dropped; default 100,000. */
        public Builder maxKeys(int maxKeys) {
            if (maxKeys < 1) {
                throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
            }
            this.maxKeys = maxKeys;
            return this;
        }

        /** Sets the clock that times the refill; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets how waits are made; default {@link Sleeper#SYSTEM}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Returns the limiter. */
        public RequestLimiter build() {
            return new RequestLimiter(this);
        }
    }
}
