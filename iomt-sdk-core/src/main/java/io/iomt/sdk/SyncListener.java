package io.iomt.sdk;

/**
 * Receives sync events from a {@link MonitoringPipeline}, for metrics, dashboards and alerting
 * on failing connections. Register it with {@link MonitoringPipeline.Builder#syncListener}.
 *
 * <p>Methods are called on the thread that runs the sync (a {@link RefreshScheduler} worker or
 * the host's calling thread) and must return quickly and be thread-safe, because syncs of
 * different connections run concurrently. An exception thrown by a listener is logged at WARN
 * and ignored; it never fails the sync.
 */
public interface SyncListener {

    /** Called before a sync of one connection fetches its first chunk. */
    default void onSyncStarted(SyncEvent.Started event) {
    }

    /** Called after a sync of one connection ended without an error in any metric. */
    default void onSyncFinished(SyncEvent.Finished event) {
    }

    /** Called after a sync of one connection ended with an error in at least one metric. */
    default void onSyncFailed(SyncEvent.Failed event) {
    }
}
