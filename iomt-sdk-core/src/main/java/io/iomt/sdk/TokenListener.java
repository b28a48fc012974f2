package io.iomt.sdk;

/**
 * Receives token lifecycle events from a {@link TokenManager}. Events carry ids and times, never
 * a token. Methods are called on the thread that did the work and must return quickly; an
 * exception thrown by a listener is logged and ignored.
 */
public interface TokenListener {

    /** Called after a connection's tokens were refreshed and saved. */
    default void onRefreshed(ConnectionId connection, java.time.Instant newExpiry) {
    }

    /** Called when a refresh failed and may be retried later. */
    default void onRefreshFailed(ConnectionId connection, Exception cause) {
    }

    /** Called when a connection was marked {@link ConnectionStatus#REAUTHORIZATION_REQUIRED}. */
    default void onReauthorizationRequired(ConnectionId connection, String reason) {
    }
}
