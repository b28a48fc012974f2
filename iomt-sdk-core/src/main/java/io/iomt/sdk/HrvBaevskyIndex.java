package io.iomt.sdk;

/**
 * Baevsky's stress index (regulatory strain index) of an NN series:
 * {@code SI = AMo / (2 · Mo · MxDMn)}. Kubios reports its square root; this record carries
 * both, named apart. Immutable and thread-safe; {@link #toString()} shows no value.
 *
 * @param modeAmplitudePercent AMo: height of the tallest bin of a histogram with 50-ms bins
 *     starting at 0 ms, as a percentage of all intervals
 * @param modeSeconds Mo: the median NN interval, in seconds (Kubios's convention in place of the
 *     histogram mode)
 * @param rangeSeconds MxDMn: longest minus shortest NN interval, in seconds
 * @param stressIndex SI itself, in the classic units (AMo in percent, Mo and MxDMn in seconds);
 *     NaN when all intervals are equal
 * @param stressIndexSquareRoot {@code √SI}, the figure Kubios HRV shows as "Stress index"
 */
public record HrvBaevskyIndex(double modeAmplitudePercent, double modeSeconds, double rangeSeconds, double stressIndex,
        double stressIndexSquareRoot) {

    /** Bin width of the histogram behind AMo, in milliseconds. */
    public static final double BIN_WIDTH_MILLIS = 50.0;

    @Override
    public String toString() {
        return "HrvBaevskyIndex[]";
    }
}
