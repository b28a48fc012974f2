package io.iomt.sdk.fitbit;

import java.time.Duration;

/**
 * Waits for a duration; injected so that retry backoff and limiter waits can be tested without
 * real sleeping. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /** The sleeper that blocks the calling thread with {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    /**
     * Blocks for {@code duration}.
     *
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
