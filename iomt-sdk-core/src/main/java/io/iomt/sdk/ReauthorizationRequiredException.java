package io.iomt.sdk;

/**
 * A connection can no longer be used until the user consents again: its refresh token was
 * rejected, the provider denied access, or the provider was switched off. The connection's
 * status is {@link ConnectionStatus#REAUTHORIZATION_REQUIRED} when this is thrown.
 */
public class ReauthorizationRequiredException extends IomtException {

    private final ConnectionId connection;

    /** Creates the exception for {@code connection}; {@code message} says why. */
    public ReauthorizationRequiredException(ConnectionId connection, String message) {
        super(message);
        this.connection = connection;
    }

    /** Creates the exception for {@code connection} with a cause. */
    public ReauthorizationRequiredException(ConnectionId connection, String message, Throwable cause) {
        super(message, cause);
        this.connection = connection;
    }

    /** Returns the connection that needs a new consent. */
    public ConnectionId connection() {
        return connection;
    }
}
