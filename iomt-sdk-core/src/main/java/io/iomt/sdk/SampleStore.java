package io.iomt.sdk;

/**
 * Durable storage of time series per subject and metric.
 *
 * <p>A point is identified by (subject, metric, time). Writes are idempotent upserts: writing the
 * same series twice changes nothing, and a point at an already stored time replaces the stored
 * one, because providers revise data after late device syncs. A write either stores all of its
 * points or throws; callers may repeat a failed write.
 *
 * <p>Implementations must be thread-safe, including concurrent writers to the same subject and
 * metric, and never close a client the caller passed in.
 */
public interface SampleStore {

    /**
     * Upserts every point of {@code series} for {@code subject}.
     *
     * @throws StoreException if the backend failed after its retries; nothing is lost by
     *     repeating the write
     */
    WriteResult write(SubjectId subject, Series series);

    /** Returns the stored points of {@code metric} whose time lies in {@code range}, sorted by time. */
    Series read(SubjectId subject, Metric metric, TimeRange range);

    /**
     * Deletes the stored points of {@code metric} whose time lies in {@code range}.
     *
     * @return the number of points deleted
     */
    long delete(SubjectId subject, Metric metric, TimeRange range);
}
