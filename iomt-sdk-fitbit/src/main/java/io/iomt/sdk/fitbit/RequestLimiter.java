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
 * <p><b>Guarantee.</b> For each key, no closed window {@code [t, t + window]} contains more than
 * {@code permits} granted permits. The single exception is {@code permits = 1}: two permits can
 * then be granted exactly one window apart, so a closed window can contain two, and any shorter
 * window at most one. A permit counts as granted when {@link #acquire} or {@link #tryAcquire}
 * returns it, or when the delay that {@link #reserve} returned ends. The limiter cannot see when a
 * request is actually sent, so a request sent well after its permit can land in a later window
 * together with others. Requests of another process or of another limiter instance for the same
 * user are not counted at all. So share one instance, and lower {@code permits} below the quota to
 * leave room for other clients.
 *
 * <p><b>How.</b> Each key's bucket holds up to {@code burst} permits (by default a tenth of
 * {@code permits}, at least 1) and refills continuously at {@code (permits - burst) / window}, so
 * that a full bucket plus one window of refill is exactly {@code permits}. A new key starts with a
 * full bucket. After a quiet period, {@code burst} requests go back to back and the rest follow at
 * the refill rate. With the defaults (300 per minute) that is 30 at once, then about 4.5 per
 * second. {@link #acquire} takes a permit, waiting for the refill when the bucket is empty. If the
 * wait would exceed the maximum wait (default 30 s), it throws
 * {@link RequestLimitExceededException} without taking one. Waits are whole milliseconds. A permit
 * that must wait is taken at the end of its wait, and later callers queue behind it, so the bucket
 * never contains more than {@code burst} permits when it grants one. Buckets that are full again
 * are dropped when more than {@code maxKeys} keys are held.
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
    private final int burst;
    private final Duration window;
    private final double permitsPerMilli;
    private final Duration maxWait;
    private final int maxKeys;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private RequestLimiter(Builder builder, int burst) {
        this.permits = builder.permits;
        this.burst = burst;
        this.window = builder.window;
        // With permits = 1 the burst is also 1, which would leave nothing to refill, so refill one per window.
        int refilled = permits == 1 ? 1 : permits - burst;
        double windowMillis = builder.window.toSeconds() * 1000.0 + builder.window.toNanosPart() / 1_000_000.0;
        this.permitsPerMilli = refilled / windowMillis;
        this.maxWait = builder.maxWait;
        this.maxKeys = builder.maxKeys;
        this.clock = builder.clock;
        this.sleeper = builder.sleeper;
    }

    /** Returns a limiter of 300 requests per minute per key with bursts of 30 and the other defaults. */
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
        long waitMillis = take(key);
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
            long now = clock.millis();
            if (bucket.nextGrantMillis(now, 1) != now) {
                return false;
            }
            bucket.grant(now, 1);
            return true;
        }
    }

    /** Returns how long {@code connection} must wait for its next permit, without taking one. */
    @Override
    public Duration delayBeforeNext(ConnectionId connection) {
        Bucket bucket = bucket(Objects.requireNonNull(connection, "connection").key());
        synchronized (bucket) {
            long now = clock.millis();
            return Duration.ofMillis(bucket.nextGrantMillis(now, 1) - now);
        }
    }

    /**
     * Takes {@code requests} permits of {@code connection} without waiting and returns how long
     * the caller must wait before sending. The permits count as granted when that delay ends, and
     * later callers wait behind them.
     *
     * @throws IllegalArgumentException if {@code requests} is less than 1 or more than
     *     {@link #burst()}, because more requests at once than the bucket's capacity could put more
     *     than {@code permits} into one window
     */
    @Override
    public Duration reserve(ConnectionId connection, int requests) {
        Objects.requireNonNull(connection, "connection");
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1, got " + requests);
        }
        if (requests > burst) {
            throw new IllegalArgumentException("Invalid requests " + requests + ": the max is the burst, " + burst
                    + " (permits " + permits + " per " + window + "). Reserve at most " + burst + " at a time.");
        }
        Bucket bucket = bucket(connection.key());
        synchronized (bucket) {
            long now = clock.millis();
            long grantMillis = bucket.nextGrantMillis(now, requests);
            bucket.grant(grantMillis, requests);
            return Duration.ofMillis(grantMillis - now);
        }
    }

    /** Returns the max permits granted per key in one window, with the exception for 1 in the class doc. */
    public int permits() {
        return permits;
    }

    /** Returns the bucket's capacity, the max permits granted back to back after a quiet period. */
    public int burst() {
        return burst;
    }

    /** Returns the window in which at most {@link #permits()} permits are granted per key. */
    public Duration window() {
        return window;
    }

    /** Takes one permit of {@code key} and returns the milliseconds to wait for it, or throws if over the max wait. */
    private long take(String key) {
        Bucket bucket = bucket(key);
        synchronized (bucket) {
            long now = clock.millis();
            long grantMillis = bucket.nextGrantMillis(now, 1);
            long waitMillis = grantMillis - now;
            if (waitMillis > maxWait.toMillis()) {
                throw new RequestLimitExceededException(key, Duration.ofMillis(waitMillis), maxWait);
            }
            bucket.grant(grantMillis, 1);
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
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, clock.millis()));
    }

    private void dropFullBuckets() {
        long now = clock.millis();
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                return bucket.isFull(now);
            }
        });
    }

    @Override
    public String toString() {
        return "RequestLimiter[permits=" + permits + ", burst=" + burst + ", window=" + window + ", maxWait=" + maxWait
                + ", keys=" + buckets.size() + "]";
    }

    /**
     * The permits of one key, as they are right after its latest grant. That grant is in the
     * future while its permits wait, and a new grant never comes before it. So the cap at the burst
     * applies at every grant time, including the end of a wait rounded up to whole milliseconds.
     */
    private final class Bucket {
        private double tokens;
        private long grantedMillis;

        private Bucket(double tokens, long grantedMillis) {
            this.tokens = tokens;
            this.grantedMillis = grantedMillis;
        }

        /** Returns the first millisecond, not before now or the latest grant, with {@code requests} permits. */
        private long nextGrantMillis(long nowMillis, int requests) {
            long from = Math.max(nowMillis, grantedMillis);
            double available = tokensAt(from);
            if (available >= requests) {
                return from;
            }
            return from + (long) Math.ceil((requests - available) / permitsPerMilli);
        }

        /** Takes {@code requests} permits at {@code grantMillis}, a time that {@link #nextGrantMillis} returned. */
        private void grant(long grantMillis, int requests) {
            tokens = tokensAt(grantMillis) - requests;
            grantedMillis = grantMillis;
        }

        private boolean isFull(long nowMillis) {
            return nowMillis >= grantedMillis && tokensAt(nowMillis) >= burst;
        }

        /** Returns the permits at {@code millis} (not before the latest grant), refilled since then up to the burst. */
        private double tokensAt(long millis) {
            return Math.min(burst, tokens + (millis - grantedMillis) * permitsPerMilli);
        }
    }

    /** Builds a {@link RequestLimiter}. Not thread-safe; each setter validates its argument. */
    public static final class Builder {
        private int permits = DEFAULT_PERMITS_PER_MINUTE;
        private int burst; // 0 until set, then build() uses max(1, permits / 10)
        private Duration window = Duration.ofMinutes(1);
        private Duration maxWait = Duration.ofSeconds(30);
        private int maxKeys = 100_000;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;

        private Builder() {
        }

        /** Sets the max permits per window and per key. Default 300. */
        public Builder permits(int permits) {
            if (permits < 1) {
                throw new IllegalArgumentException("permits must be at least 1, got " + permits);
            }
            this.permits = permits;
            return this;
        }

        /**
         * Sets the bucket's capacity, the max permits granted back to back after a quiet period.
         * {@link #build()} checks that it is less than {@code permits}, because the refill over a
         * window is {@code permits - burst}. With {@code permits = 1} it must be 1. Default
         * {@code max(1, permits / 10)}, which is 30 for 300.
         */
        public Builder burst(int burst) {
            if (burst < 1) {
                throw new IllegalArgumentException("Invalid burst " + burst + ": it must be at least 1.");
            }
            this.burst = burst;
            return this;
        }

        /** Sets the window in which at most {@code permits} are granted, at least 1 ms. Default one minute. */
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

        /**
         * Returns the limiter.
         *
         * @throws IllegalArgumentException if the burst is not less than the permits (except a
         *     burst of 1 with 1 permit)
         */
        public RequestLimiter build() {
            if (burst == 0) {
                return new RequestLimiter(this, Math.max(1, permits / 10));
            }
            if (burst >= permits && !(permits == 1 && burst == 1)) {
                throw new IllegalArgumentException("Invalid burst " + burst + " for permits " + permits
                        + ": the burst must be less than the permits, because the refill per window is permits"
                        + " minus burst. Lower the burst or raise the permits (with 1 permit, the burst must be 1).");
            }
            return new RequestLimiter(this, burst);
        }
    }
}
