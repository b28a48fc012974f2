package io.iomt.sdk;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@link MonitoringPipeline#sync}: one entry per connection and metric. A sync
 * reports failures instead of throwing, so one failing metric does not hide the others. Immutable.
 *
 * @param subject the synced subject
 * @param range the requested range
 * @param results per connection and metric
 */
public record SyncReport(SubjectId subject, TimeRange range, List<MetricSyncResult> results) {

    /** Creates a report; {@code results} is copied. */
    public SyncReport {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(range, "range");
        results = List.copyOf(Objects.requireNonNull(results, "results"));
    }

    /** Returns whether every metric of every connection was fully synced. */
    public boolean isComplete() {
        return results.stream().allMatch(MetricSyncResult::isComplete);
    }

    /** Returns the total number of points fetched. */
    public long fetched() {
        return results.stream().mapToLong(MetricSyncResult::fetched).sum();
    }

    /** Returns the result of {@code metric}, summed over connections. */
    public long fetched(Metric metric) {
        return results.stream().filter(r -> r.metric() == metric).mapToLong(MetricSyncResult::fetched).sum();
    }

    /** Returns the failed entries. */
    public List<MetricSyncResult> failures() {
        return results.stream().filter(r -> !r.isComplete()).toList();
    }

    /**
     * Throws the first failure, if any, so callers that want an exception get one.
     *
     * @throws RuntimeException the error of the first failed metric
     */
    public SyncReport throwIfFailed() {
        for (MetricSyncResult result : results) {
            if (result.failure() != null) {
                throw result.failure();
            }
        }
        return this;
    }
}
