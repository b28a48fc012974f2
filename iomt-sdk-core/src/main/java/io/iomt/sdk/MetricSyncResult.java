package io.iomt.sdk;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one sync did for one metric of one connection. {@link #toString()} shows counts only.
 * Immutable.
 *
 * @param connection the synced connection
 * @param metric the synced metric
 * @param range the range that was requested
 * @param fetched points received from the provider
 * @param written the store's counts for those points
 * @param failure the error that stopped this metric, or {@code null} if every chunk was stored
 */
public record MetricSyncResult(ConnectionId connection, Metric metric, TimeRange range, int fetched,
        WriteResult written, @Nullable RuntimeException failure) {

    /** Creates a result. */
    public MetricSyncResult {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(written, "written");
    }

    /** Returns whether every chunk of the range was fetched and stored. */
    public boolean isComplete() {
        return failure == null;
    }

    /** Returns the error that stopped this metric, if any. */
    public Optional<RuntimeException> error() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return "MetricSyncResult[" + connection + ", " + metric + ", fetched=" + fetched + ", " + written
                + (failure == null ? "" : ", failed: " + failure.getClass().getSimpleName()) + "]";
    }
}
