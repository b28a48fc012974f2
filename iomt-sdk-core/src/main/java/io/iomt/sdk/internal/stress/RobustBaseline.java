package io.iomt.sdk.internal.stress;

import java.util.Arrays;

/**
 * Median and interquartile range (R type-7 quantiles) of a set of values, the robust centre and
 * spread of a personal baseline. Immutable and thread-safe.
 *
 * @param median the median
 * @param iqr the interquartile range, Q3 − Q1
 * @param count number of values
 */
public record RobustBaseline(double median, double iqr, int count) {

    /** Returns the baseline of {@code values[0, count)}; {@code count} must be at least 1. */
    public static RobustBaseline of(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return new RobustBaseline(quantile(sorted, 0.5), quantile(sorted, 0.75) - quantile(sorted, 0.25), count);
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double rank = q * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }

    @Override
    public String toString() {
        return "RobustBaseline[count=" + count + "]";
    }
}
