package io.iomt.sdk;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one sync did for one metric of one connection. {@link #toString()} shows counts only.
 * Immutable.
 *
 * @param connection the synced connection
 * @param metric the synced metric
 * @param range the range this sync covered or set out to cover; for an incremental sync, from the
 *     watermark minus the overlap (or the backfill start) to the time of the sync
 * @param fetched points parsed from the provider's responses. A chunk that was received but
 *     dropped, because an earlier chunk failed, is not counted.
 * @param written the store's counts for those points
 * @param failure the error that stopped this metric, or {@code null} if no chunk failed
 * @param chunks the number of chunks fetched and stored
 * @param remaining the tail of {@code range} that was not stored, because of {@code failure}, the
 *     per-sync chunk limit or the request budget; {@code null} when the whole range was stored
 * @param watermark the metric's watermark after this sync, or {@code null} if it has none
 */
public record MetricSyncResult(ConnectionId connection, Metric metric, TimeRange range, int fetched,
        WriteResult written, @Nullable RuntimeException failure, int chunks, @Nullable TimeRange remaining,
        @Nullable Instant watermark) {

    /** Creates a result. */
    public MetricSyncResult {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(written, "written");
        if (fetched < 0 || chunks < 0) {
            throw new IllegalArgumentException("fetched and chunks must be >= 0, got " + fetched + " and " + chunks);
        }
    }

    /**
     * Creates a result without chunk count, remaining range or watermark; a failed result is
     * taken to have left its whole range.
     */
    public MetricSyncResult(ConnectionId connection, Metric metric, TimeRange range, int fetched,
            WriteResult written, @Nullable RuntimeException failure) {
        this(connection, metric, range, fetched, written, failure, 0, failure == null ? null : range, null);
    }

    /** Returns whether every chunk of the range was fetched and stored. */
    public boolean isComplete() {
        return failure == null && remaining == null;
    }

    /** Returns whether an error stopped this metric. */
    public boolean isFailed() {
        return failure != null;
    }

    /** Returns the error that stopped this metric, if any. */
    public Optional<RuntimeException> error() {
        return Optional.ofNullable(failure);
    }

    /** Returns the part of the range still to be synced, if any. */
    public Optional<TimeRange> remainingRange() {
        return Optional.ofNullable(remaining);
    }

    /** Returns the metric's watermark after this sync, if it has one. */
    public Optional<Instant> watermarkAfter() {
        return Optional.ofNullable(watermark);
    }

    @Override
    public String toString() {
        return "MetricSyncResult[" + connection + ", " + metric + ", fetched=" + fetched + ", " + written
                + ", chunks=" + chunks
                + (remaining == null ? "" : ", remaining=" + remaining)
                + (failure == null ? "" : ", failed: " + failure.getClass().getSimpleName()) + "]";
    }
}
