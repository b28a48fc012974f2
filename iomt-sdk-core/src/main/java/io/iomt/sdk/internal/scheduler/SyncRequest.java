package io.iomt.sdk.internal.scheduler;

import io.iomt.sdk.Metric;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An on-demand sync of one connection waiting for a worker: the metrics and range of a webhook
 * notification or a host request, whether stored points are deleted first, the caller's future
 * (absent for a background retry) and how many attempts were made.
 *
 * @param metrics the metrics to sync
 * @param range the range to sync
 * @param replace whether to delete the stored points of the range before syncing it
 * @param result completed with the report of the first attempt, or {@code null} for a retry
 * @param attempt the number of earlier attempts
 */
public record SyncRequest(Set<Metric> metrics, TimeRange range, boolean replace,
        @Nullable CompletableFuture<SyncReport> result, int attempt) {

    /** Returns the request of the next background retry, which has no future to complete. */
    public SyncRequest retry() {
        return new SyncRequest(metrics, range, replace, null, attempt + 1);
    }
}
