package io.iomt.sdk.internal.scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": the n-th consecutive failure waits a random time
 * between half and all of {@code base * 2^(n-1)}, capped at {@code max}. The lower half bound keeps
 * a failing connection from being retried almost at once, and the random upper half spreads the
 * retries of connections that failed together. Not thread-safe: the random generator is used as
 * given, so callers hold a lock or pass a thread-safe generator.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    /** Creates a backoff from {@code base} doubling up to {@code max}. */
    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = Objects.requireNonNull(base, "base");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Returns the wait after {@code failures} consecutive failures (from 1), at least
     * {@code atLeast}, for example a provider's Retry-After.
     */
    public Duration delay(int failures, Duration atLeast) {
        long ceiling = ceilingMillis(failures);
        long half = ceiling / 2;
        long jittered = half + (ceiling - half == 0 ? 0 : random.nextLong(ceiling - half + 1));
        Duration delay = Duration.ofMillis(jittered);
        return delay.compareTo(atLeast) >= 0 ? delay : atLeast;
    }

    /** Returns the upper bound of the wait after {@code failures} consecutive failures. */
    public long ceilingMillis(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 40);
        long ceiling = base.toMillis();
        for (int i = 0; i < doublings && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        return Math.min(ceiling, max.toMillis());
    }

    @Override
    public String toString() {
        return "Backoff[base=" + base + ", max=" + max + "]";
    }
}
