package io.iomt.sdk;

/**
 * A connection has no record in the token store, because the subject was never connected or the
 * record was deleted. It extends {@link IllegalArgumentException}, so callers that catch that keep
 * working. Connect the subject first, or drop the work for this connection.
 */
public class UnknownConnectionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final ConnectionId connection;

    /**
     * Creates the exception.
     *
     * @param advice what the caller should do, appended to the message
     */
    public UnknownConnectionException(ConnectionId connection, String advice) {
        super("Unknown connection " + connection + "; " + advice);
        this.connection = connection;
    }

    /** Returns the connection that has no record. */
    public ConnectionId connection() {
        return connection;
    }
}
