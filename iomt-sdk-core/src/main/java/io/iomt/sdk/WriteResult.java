package io.iomt.sdk;

/**
 * Counts from one {@link SampleStore#write} call. Immutable.
 *
 * @param points points in the written series
 * @param inserted points at times that had no stored point
 * @param replaced points that replaced a stored point with a different value, offset or duration
 * @param unchanged points identical to the stored point (idempotent re-writes)
 */
public record WriteResult(int points, int inserted, int replaced, int unchanged) {

    /** The result of writing an empty series. */
    public static final WriteResult EMPTY = new WriteResult(0, 0, 0, 0);

    /** Returns the sum of both results. */
    public WriteResult plus(WriteResult other) {
        return new WriteResult(points + other.points, inserted + other.inserted, replaced + other.replaced,
                unchanged + other.unchanged);
    }
}
