package io.iomt.sdk;

import java.time.Duration;
import java.time.Instant;

/**
 * Receives scheduling events from a {@link RefreshScheduler}: pauses and resumptions, backoff
 * after failures, and ahead-of-expiry token refreshes. The syncs themselves are reported to the
 * pipeline's {@link SyncListener}s. Events carry ids, counts and times, never a token.
 *
 * <p>Methods are called on a scheduler thread or the thread that called the scheduler, never while
 * the scheduler holds its lock, and must return quickly and be thread-safe. An exception thrown by
 * a listener is logged at WARN and ignored.
 */
public interface SchedulerListener {

    /** Called when a connection's syncs and token refreshes stop until the host reconnects it. */
    default void onPaused(ConnectionId connection, ConnectionStatus status) {
    }

    /** Called when a paused connection is active again and its syncs resume. */
    default void onResumed(ConnectionId connection) {
    }

    /**
     * Called when a connection's sync failed and the next attempt waits.
     *
     * @param failures the number of consecutive failed syncs, from 1
     * @param delay how long the scheduler waits before the next attempt
     * @param cause the first error of the failed sync
     */
    default void onBackoff(ConnectionId connection, int failures, Duration delay, Throwable cause) {
    }

    /** Called after the scheduler refreshed a connection's token ahead of its expiry. */
    default void onTokenRefreshed(ConnectionId connection, Instant newExpiry) {
    }

    /**
     * Called when refreshing a connection's token ahead of expiry failed and will be retried.
     *
     * @param failures the number of consecutive failed refreshes, from 1
     * @param delay how long the scheduler waits before the next attempt
     */
    default void onTokenRefreshFailed(ConnectionId connection, int failures, Duration delay, Throwable cause) {
    }

    /** Called when listing the token store's connections failed; the next discovery retries. */
    default void onDiscoveryFailed(Throwable cause) {
    }
}
