package io.iomt.sdk.internal.token;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.IomtException;
import io.iomt.sdk.RefreshLease;
import io.iomt.sdk.StoreException;
import io.iomt.sdk.TokenManager;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.TokenStore;
import io.iomt.sdk.VersionConflictException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves refreshed token pairs for a {@link TokenManager} and never drops one: a pair whose save
 * fails is tried again on the calling thread, then kept in memory (and served by the manager)
 * while the executor saves it again with doubling pauses. A pending pair is dropped only when the
 * stored record no longer contains the pair it replaces (another host saved a newer one, or the
 * connection was disconnected) or a newer refresh replaced it. Thread-safe.
 */
public final class RefreshedPairSaver {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshedPairSaver.class);

    /** Receives each failed save attempt. */
    @FunctionalInterface
    public interface SaveFailureListener {
        /** Called after a failed attempt; {@code inBackground} when the next attempts run on the executor. */
        void saveFailed(ConnectionId connection, Exception cause, boolean inBackground);
    }

    /** A refreshed pair that is not stored yet, and the stored pair it replaces. */
    private record PendingSave(TokenPair tokens, @Nullable TokenPair replaced) {
    }

    /** Thrown inside a store update when the stored record no longer contains the pair a save replaces. */
    private static final class SupersededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SupersededException() {
            super(null, null, false, false);
        }
    }

    private final TokenStore store;
    private final String instanceId;
    private final Executor executor;
    private final TokenManager.Sleeper sleeper;
    private final int attempts;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final SaveFailureListener listener;
    private final ConcurrentHashMap<ConnectionId, PendingSave> pending = new ConcurrentHashMap<>();

    /** Creates a saver; the caller validated every setting. */
    public RefreshedPairSaver(TokenStore store, String instanceId, Executor executor, TokenManager.Sleeper sleeper,
            int attempts, Duration firstDelay, Duration maxDelay, SaveFailureListener listener) {
        this.store = store;
        this.instanceId = instanceId;
        this.executor = executor;
        this.sleeper = sleeper;
        this.attempts = attempts;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.listener = listener;
    }

    /** Returns how many pairs are waiting for a background save. */
    public int pendingCount() {
        return pending.size();
    }

    /** Drops the pending pair of {@code connection} and returns it, or {@code null} if there was none. */
    public @Nullable TokenPair forget(ConnectionId connection) {
        PendingSave removed = pending.remove(connection);
        return removed == null ? null : removed.tokens();
    }

    /**
     * Returns the pair to use: a pair waiting for its background save if the store still contains
     * the pair it replaces, else the stored one.
     */
    public TokenPair currentTokens(ConnectionRecord record) {
        TokenPair stored = Objects.requireNonNull(record.tokens());
        PendingSave save = pending.get(record.id());
        if (save == null) {
            return stored;
        }
        if (samePair(stored, save.replaced())) {
            return save.tokens();
        }
        if (!samePair(stored, save.tokens())) {
            LOG.debug("Connection {} has a newer stored pair than the unsaved one; using the stored pair", record.id());
        }
        pending.remove(record.id(), save);
        return stored;
    }

    /**
     * Saves the refreshed pair, retrying on this thread and then in the background, because a
     * rotated refresh token that is lost may lose the user's consent. Releases this instance's
     * lease with the save.
     *
     * @throws IomtException if the thread was interrupted between attempts
     */
    public void save(ConnectionRecord leased, TokenPair refreshed) {
        ConnectionId connection = leased.id();
        TokenPair replaced = leased.tokens();
        PendingSave earlier = pending.get(connection);
        if (earlier != null) {
            // The store still contains the pair the earlier unsaved one replaced.
            replaced = earlier.replaced();
        }
        PendingSave save = new PendingSave(refreshed, replaced);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                write(connection, save);
                if (earlier != null) {
                    pending.remove(connection, earlier);
                }
                return;
            } catch (SupersededException superseded) {
                if (earlier != null) {
                    pending.remove(connection, earlier);
                }
                LOG.warn("Connection {} was changed by another writer while it was refreshed; the refreshed pair "
                        + "is served but not stored", connection);
                return;
            } catch (StoreException | VersionConflictException e) {
                last = e;
                boolean background = attempt == attempts;
                LOG.warn("Saving refreshed tokens of connection {} failed (attempt {} of {}, {}){}", connection,
                        attempt, attempts, e.getClass().getSimpleName(),
                        background ? "; retrying in the background" : "; retrying");
                listener.saveFailed(connection, e, background);
                if (!background) {
                    pause(firstDelay.multipliedBy(attempt));
                }
            }
        }
        // NOTE: other hosts cannot see this pair; once this host's lease lapses, one of them may refresh with the
        // stored refresh token, which a rotating provider has already spent (invalid_grant, then reauthorization).
        pending.put(connection, save);
        scheduleBackgroundSave(connection, save, Objects.requireNonNull(last));
    }

    /** Writes the pair if the store still contains the pair it replaces (or the pair itself). */
    private void write(ConnectionId connection, PendingSave save) {
        store.update(connection, r -> {
            boolean active = r.connection().status() == ConnectionStatus.ACTIVE;
            if (!active || !(samePair(r.tokens(), save.replaced()) || samePair(r.tokens(), save.tokens()))) {
                throw new SupersededException();
            }
            RefreshLease lease = r.lease();
            boolean ours = lease != null && lease.owner().equals(instanceId);
            return r.withTokens(save.tokens()).withLease(ours ? null : lease);
        });
    }

    private void scheduleBackgroundSave(ConnectionId connection, PendingSave save, RuntimeException cause) {
        try {
            executor.execute(() -> saveInBackground(connection, save));
        } catch (RejectedExecutionException rejected) {
            // NOTE: without an executor the pair is saved only when the next refresh of this connection succeeds.
            LOG.warn("The executor rejected the background save of connection {}; the refreshed pair stays in memory",
                    connection, cause);
        }
    }

    private void saveInBackground(ConnectionId connection, PendingSave save) {
        Duration delay = firstDelay;
        while (pending.get(connection) == save) {
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Background save of connection {} was interrupted; the refreshed pair stays in memory",
                        connection);
                return;
            }
            try {
                write(connection, save);
                pending.remove(connection, save);
                LOG.debug("Saved the refreshed tokens of connection {} in the background", connection);
                return;
            } catch (SupersededException superseded) {
                pending.remove(connection, save);
                LOG.warn("Dropped the unsaved pair of connection {}: the store contains a newer pair or the "
                        + "connection was disconnected", connection);
                return;
            } catch (RuntimeException e) {
                listener.saveFailed(connection, e, true);
                LOG.warn("Background save of connection {} failed ({}); retrying in {} ms", connection,
                        e.getClass().getSimpleName(), delay.toMillis());
                Duration doubled = delay.multipliedBy(2);
                delay = doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
            }
        }
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IomtException("Interrupted while saving refreshed tokens", e);
        }
    }

    private static boolean samePair(@Nullable TokenPair a, @Nullable TokenPair b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.accessToken().equals(b.accessToken()) && Objects.equals(a.refreshToken(), b.refreshToken());
    }

    @Override
    public String toString() {
        return "RefreshedPairSaver[instance=" + instanceId + ", pending=" + pending.size() + "]";
    }
}
