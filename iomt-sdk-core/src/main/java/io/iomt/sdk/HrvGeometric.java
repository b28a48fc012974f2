package io.iomt.sdk;

/**
 * Geometric HRV measures from the histogram of NN intervals with bins of 1/128 s (7.8125 ms), the
 * sampling step of classic Holter recorders, starting at 0 ms and half-open
 * {@code [k · 7.8125, (k + 1) · 7.8125)}. Immutable and thread-safe; {@link #toString()} shows no
 * value.
 *
 * @param triangularIndex HRV triangular index: number of NN intervals divided by the height of the
 *     tallest bin (dimensionless)
 * @param tinn triangular interpolation of the NN histogram, in ms: the base {@code M − N} of the
 *     triangle that is zero outside {@code (N, M)}, peaks at the modal bin with the modal count,
 *     and minimises the squared difference to the histogram (bin positions are bin indices
 *     times 7.8125 ms)
 */
public record HrvGeometric(double triangularIndex, double tinn) {

    /** Bin width of the histogram, in milliseconds. */
    public static final double BIN_WIDTH_MILLIS = 1000.0 / 128.0;

    @Override
    public String toString() {
        return "HrvGeometric[]";
    }
}
