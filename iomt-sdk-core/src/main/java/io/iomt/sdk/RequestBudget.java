package io.iomt.sdk;

import io.iomt.sdk.internal.scheduler.TokenBucketBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A per-connection request quota that the HTTP client and the sync loop share, such as the
 * Google Health API's 300 requests per minute per user.
 *
 * <p>The client {@linkplain #reserve reserves} one permit per request it sends and waits the
 * returned delay. The {@link MonitoringPipeline} only {@linkplain #delayBeforeNext looks} before
 * each chunk: when the connection must wait, it stops the sync early, keeps the watermark of the
 * last stored chunk, and the {@link RefreshScheduler} resumes after the delay. A scheduler thread
 * therefore waits for quota only inside a chunk that has started, when the chunk's pages need more
 * requests than the budget has left, and a connection over its quota does not hold a worker
 * between chunks. Give the pipeline and the client the same instance. A client with its own
 * limiter can implement this interface on top of it.
 *
 * <p>Implementations are thread-safe.
 */
public interface RequestBudget {

    /**
     * Returns how long {@code connection} must wait before it may send its next request, without
     * using any permit; {@link Duration#ZERO} when a request may go now.
     */
    Duration delayBeforeNext(ConnectionId connection);

    /**
     * Takes {@code requests} permits of {@code connection} and returns how long the caller must
     * wait before sending them; {@link Duration#ZERO} when they may go now.
     *
     * @throws IllegalArgumentException if {@code requests} is less than 1
     */
    Duration reserve(ConnectionId connection, int requests);

    /** Returns a budget whose delay is always zero. This is the pipeline's default. */
    static RequestBudget unlimited() {
        return Unlimited.INSTANCE;
    }

    /**
     * Returns a token bucket per connection that holds up to {@code requests} permits, starts
     * full, and refills them evenly over {@code period}. It keeps the long-run rate at
     * {@code requests} per {@code period} but does not cap every window. After a quiet period, the
     * full bucket plus one period of refill let up to about twice {@code requests} through within
     * one period: 250 per minute can send about 500 in the first minute, over Google's 300 per
     * minute per user. For a cap on every window, use {@code io.iomt.sdk.fitbit.RequestLimiter}.
     * Buckets are kept for every connection seen, a few dozen bytes each.
     *
     * @throws IllegalArgumentException if {@code requests} is less than 1 or {@code period} is not
     *     positive
     */
    static RequestBudget perConnection(int requests, Duration period, Clock clock) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(clock, "clock");
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1, got " + requests);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        return new TokenBucketBudget(requests, period, clock);
    }

    /** The budget of {@link #unlimited()}. */
    enum Unlimited implements RequestBudget {
        /** The only instance. */
        INSTANCE;

        @Override
        public Duration delayBeforeNext(ConnectionId connection) {
            return Duration.ZERO;
        }

        @Override
        public Duration reserve(ConnectionId connection, int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be >= 1, got " + requests);
            }
            return Duration.ZERO;
        }
    }
}
