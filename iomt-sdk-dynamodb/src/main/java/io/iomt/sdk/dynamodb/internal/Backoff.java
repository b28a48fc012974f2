package io.iomt.sdk.dynamodb.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt {@code n} (from 0) waits a uniformly random time
 * in {@code [0, min(cap, base * 2^n)]}. Used between retries of unprocessed batch items and of
 * conditional writes that lost a race. Immutable and thread-safe.
 */
public final class Backoff {

    /** Sleeps for a number of milliseconds; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps for {@code millis} milliseconds. */
        void sleep(long millis) throws InterruptedException;
    }

    private final long baseMillis;
    private final long capMillis;
    private final Sleeper sleeper;

    /** Creates a backoff from {@code base} doubling up to {@code cap}. */
    public Backoff(Duration base, Duration cap, Sleeper sleeper) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.capMillis = Math.max(baseMillis, cap.toMillis());
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Returns the default used by the stores: 25 ms doubling up to 2 s, with real sleeps. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(25), Duration.ofSeconds(2), Thread::sleep);
    }

    /**
     * Waits before retry {@code attempt} (0 for the first retry).
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public void pause(int attempt) throws InterruptedException {
        long ceiling = attempt >= 30 ? capMillis : Math.min(capMillis, baseMillis << attempt);
        sleeper.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
