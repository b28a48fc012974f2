package io.iomt.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a {@link MonitoringPipeline} sync: one entry per connection and metric. A sync
 * reports failures instead of throwing, so one failing metric does not hide the others. Immutable.
 *
 * @param subject the synced subject
 * @param range the requested range; for an incremental sync, the span of every metric's range
 * @param results per connection and metric
 * @param budgetDelay how long the {@link RequestBudget} asked to wait when it stopped the sync
 *     early; {@link Duration#ZERO} when it did not
 */
public record SyncReport(SubjectId subject, TimeRange range, List<MetricSyncResult> results, Duration budgetDelay) {

    /** Creates a report; {@code results} is copied. */
    public SyncReport {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(range, "range");
        results = List.copyOf(Objects.requireNonNull(results, "results"));
        Objects.requireNonNull(budgetDelay, "budgetDelay");
        if (budgetDelay.isNegative()) {
            throw new IllegalArgumentException("budgetDelay must not be negative, got " + budgetDelay);
        }
    }

    /** Creates a report that the request budget did not stop; {@code results} is copied. */
    public SyncReport(SubjectId subject, TimeRange range, List<MetricSyncResult> results) {
        this(subject, range, results, Duration.ZERO);
    }

    /** Returns whether every metric of every connection was fully synced. */
    public boolean isComplete() {
        return results.stream().allMatch(MetricSyncResult::isComplete);
    }

    /**
     * Returns whether no metric failed but some stopped early (chunk limit or request budget), so
     * another sync should follow soon to finish the backfill.
     */
    public boolean hasRemaining() {
        return results.stream().anyMatch(r -> !r.isFailed() && r.remaining() != null);
    }

    /** Returns the total number of points fetched. */
    public long fetched() {
        return results.stream().mapToLong(MetricSyncResult::fetched).sum();
    }

    /** Returns the number of points of {@code metric} fetched, summed over connections. */
    public long fetched(Metric metric) {
        return results.stream().filter(r -> r.metric() == metric).mapToLong(MetricSyncResult::fetched).sum();
    }

    /** Returns the store's counts summed over every connection and metric. */
    public WriteResult written() {
        return results.stream().map(MetricSyncResult::written).reduce(WriteResult.EMPTY, WriteResult::plus);
    }

    /** Returns the entries that ended with an error. */
    public List<MetricSyncResult> failures() {
        return results.stream().filter(MetricSyncResult::isFailed).toList();
    }

    /** Returns the first error, if any metric failed. */
    public Optional<RuntimeException> firstFailure() {
        return results.stream().map(MetricSyncResult::failure).filter(Objects::nonNull).findFirst();
    }

    /** Returns whether a connection in this report needs a new consent. */
    public boolean isReauthorizationRequired() {
        return results.stream().anyMatch(r -> r.failure() instanceof ReauthorizationRequiredException);
    }

    /**
     * Throws the first failure, if any, so callers that want an exception get one.
     *
     * @throws RuntimeException the error of the first failed metric
     */
    public SyncReport throwIfFailed() {
        Optional<RuntimeException> failure = firstFailure();
        if (failure.isPresent()) {
            throw failure.get();
        }
        return this;
    }
}
