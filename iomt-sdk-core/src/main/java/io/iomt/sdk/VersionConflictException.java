package io.iomt.sdk;

/**
 * A compare-and-set write to a {@link TokenStore} failed because the stored version is not the
 * expected one: another thread or host wrote first. Re-read the record and decide again.
 */
public class VersionConflictException extends IomtException {

    private final ConnectionId connection;
    private final long expectedVersion;

    /** Creates the exception. */
    public VersionConflictException(ConnectionId connection, long expectedVersion) {
        super("Connection " + connection + " was changed by another writer: expected version " + expectedVersion
                + "; re-read it and retry");
        this.connection = connection;
        this.expectedVersion = expectedVersion;
    }

    /** Returns the connection whose write failed. */
    public ConnectionId connection() {
        return connection;
    }

    /** Returns the version the writer expected. */
    public long expectedVersion() {
        return expectedVersion;
    }
}
