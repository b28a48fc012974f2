package io.iomt.sdk;

import java.time.Instant;

/**
 * Receives token lifecycle events from a {@link TokenManager}. Events carry ids, times and
 * exceptions whose messages hold no token, never a token itself. Methods are called on the thread
 * that did the work (a caller's thread, or the manager's executor for background saves) and must
 * return quickly; an exception thrown by a listener is logged and ignored.
 */
public interface TokenListener {

    /** Called after a connection's tokens were refreshed; {@code newExpiry} is the new access token's expiry. */
    default void onRefreshed(ConnectionId connection, Instant newExpiry) {
    }

    /**
     * Called when a refresh or revocation failed in a way that may pass later (provider or store
     * unavailable, a lease that was not released in time). After a failed refresh the manager
     * waits out its backoff before it calls the provider again.
     */
    default void onRefreshFailed(ConnectionId connection, Exception cause) {
    }

    /**
     * Called each time saving a refreshed token pair failed. The manager keeps the pair in memory,
     * serves it, and saves it again until a save succeeds or a newer pair replaces it.
     *
     * @param inBackground whether the next attempts run on the manager's executor
     */
    default void onSaveFailed(ConnectionId connection, Exception cause, boolean inBackground) {
    }

    /** Called when a connection was marked {@link ConnectionStatus#REAUTHORIZATION_REQUIRED}. */
    default void onReauthorizationRequired(ConnectionId connection, String reason) {
    }
}
