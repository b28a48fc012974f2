package io.iomt.sdk;

import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Durable storage of connections with their tokens, sync watermarks and refresh lease.
 *
 * <p>Every write is a compare-and-set on the record's {@linkplain ConnectionRecord#version()
 * version}, so two threads or hosts never overwrite each other silently: the loser gets a
 * {@link VersionConflictException}, re-reads and decides again. The token manager builds its
 * cross-host refresh lease on this.
 *
 * <p>Implementations must be thread-safe. They own no resource that the caller passed in.
 * Implementations that persist tokens should encrypt them (see the DynamoDB store).
 */
public interface TokenStore {

    /** Returns the record of {@code id}, or empty if the connection is unknown. */
    Optional<ConnectionRecord> load(ConnectionId id);

    /**
     * Writes {@code record} if the stored version equals {@code record.version()} (0 means the
     * connection must not exist yet) and returns the record with its new version.
     *
     * @throws VersionConflictException if another writer changed the record first
     * @throws StoreException if the backend failed; the write may be repeated
     */
    ConnectionRecord save(ConnectionRecord record);

    /**
     * Deletes the record of {@code id} if its stored version is {@code expectedVersion}.
     *
     * <p>NOTE: a record saved again after a delete starts over at version 1, so a writer holding a
     * copy read before the delete can pass the version check of {@link #save} if the versions
     * meet. The SDK loads right before each conditional save to keep that window short.
     *
     * @return whether a record was deleted
     * @throws VersionConflictException if the stored version differs
     */
    boolean delete(ConnectionId id, long expectedVersion);

    /**
     * Returns up to {@code limit} records after {@code pageToken}, in a stable order, for
     * schedulers that visit every connection.
     *
     * @param pageToken {@code null} for the first page, else the previous page's token
     * @param limit the page size, from 1 to 1000
     */
    ConnectionPage list(@Nullable String pageToken, int limit);

    /**
     * Applies {@code change} to the stored record and saves the result, re-reading and applying
     * it again after each version conflict (at most 16 attempts).
     *
     * @return the saved record
     * @throws UnknownConnectionException if the connection is unknown
     * @throws VersionConflictException if every attempt lost to another writer
     */
    default ConnectionRecord update(ConnectionId id, UnaryOperator<ConnectionRecord> change) {
        VersionConflictException last = null;
        for (int attempt = 0; attempt < 16; attempt++) {
            ConnectionRecord current = load(id).orElseThrow(
                    () -> new UnknownConnectionException(id, "connect the subject first"));
            ConnectionRecord changed = change.apply(current).withVersion(current.version());
            try {
                return save(changed);
            } catch (VersionConflictException conflict) {
                last = conflict;
            }
        }
        throw last;
    }
}
