package io.iomt.sdk.internal.scheduler;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * The scheduler's state of one connection: pending work, timers, failures and whether it is
 * paused. Not thread-safe: every field is guarded by the scheduler's lock.
 */
public final class ConnectionState {

    /** The connection. */
    public final ConnectionId id;
    /** The sync interval of this connection. */
    public Duration interval;
    /** Whether the connection waits for the host to reconnect it. */
    public boolean paused;
    /** Whether a worker is syncing the connection. */
    public boolean running;
    /** Whether the connection is in the ready queue. */
    public boolean queued;
    /** Whether an incremental sync should run at the next turn. */
    public boolean incrementalDue;
    /** Whether the pending incremental sync is the periodic one (else on demand). */
    public boolean incrementalScheduled;
    /** Callers waiting for the next incremental sync. */
    public final List<CompletableFuture<SyncReport>> incrementalWaiters = new ArrayList<>();
    /** On-demand range syncs, oldest first. */
    public final ArrayDeque<SyncRequest> requests = new ArrayDeque<>();
    /** Consecutive failed syncs. */
    public int failures;
    /** Until when syncs wait after a failure, or {@code null}. */
    public @Nullable Instant backoffUntil;
    /** Consecutive failed ahead-of-expiry refreshes. */
    public int refreshFailures;
    /** When the next periodic sync or retry is due, or {@code null} if none is scheduled. */
    public @Nullable Instant nextSyncAt;
    /** When the token is refreshed next, or {@code null} if no refresh is scheduled. */
    public @Nullable Instant nextRefreshAt;
    /** The timer of the next sync. */
    public @Nullable ScheduledFuture<?> syncTimer;
    /** The timer of the next token refresh. */
    public @Nullable ScheduledFuture<?> refreshTimer;
    /** Whether the last discovery saw the connection in the store. */
    public boolean seen;

    /** Creates the state of {@code id} with its sync interval. */
    public ConnectionState(ConnectionId id, Duration interval) {
        this.id = id;
        this.interval = interval;
    }

    /** Returns whether work waits for a worker. */
    public boolean hasWork() {
        return incrementalDue || !requests.isEmpty();
    }

    /** Returns whether the connection is waiting out a backoff at {@code now}. */
    public boolean isBackingOff(Instant now) {
        return backoffUntil != null && now.isBefore(backoffUntil);
    }

    /** Cancels both timers. */
    public void cancelTimers() {
        if (syncTimer != null) {
            syncTimer.cancel(false);
            syncTimer = null;
        }
        if (refreshTimer != null) {
            refreshTimer.cancel(false);
            refreshTimer = null;
        }
        nextSyncAt = null;
        nextRefreshAt = null;
    }

    /** Removes and returns every future still waiting, for completion outside the lock. */
    public List<CompletableFuture<SyncReport>> drainWaiters() {
        List<CompletableFuture<SyncReport>> drained = new ArrayList<>(incrementalWaiters);
        incrementalWaiters.clear();
        for (SyncRequest request : requests) {
            if (request.result() != null) {
                drained.add(request.result());
            }
        }
        requests.clear();
        incrementalDue = false;
        return drained;
    }
}
