package io.iomt.sdk.internal.hrv;

import java.util.Arrays;

/**
 * Histogram-based (geometric) measures of NN intervals: the HRV triangular index, TINN and the
 * mode amplitude used by Baevsky's stress index. Bins start at 0 ms and are half-open,
 * {@code [k w, (k+1) w)}. Stateless and thread-safe.
 */
public final class Histograms {

    private Histograms() {
    }

    /** Returns counts of {@code intervals} in bins of {@code width} ms starting at 0. */
    public static int[] counts(double[] intervals, double width) {
        double max = 0;
        for (double v : intervals) {
            max = Math.max(max, v);
        }
        // Two count tables, alternating by position, so that neighbouring intervals in the same
        // bin (the usual case) do not wait on each other's increment.
        int bins = (int) Math.floor(max / width) + 1;
        int[] counts = new int[2 * bins];
        for (int i = 0; i < intervals.length; i++) {
            counts[(i & 1) * bins + (int) Math.floor(intervals[i] / width)]++;
        }
        for (int b = 0; b < bins; b++) {
            counts[b] += counts[bins + b];
        }
        return Arrays.copyOf(counts, bins);
    }

    /** Returns the largest count. */
    public static int maxCount(int[] counts) {
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        return max;
    }

    /**
     * Returns TINN in units of bins: the base {@code M − N} of the triangle that is 0 outside
     * {@code (N, M)}, rises linearly to the mode count at the mode bin and minimises the
     * squared difference to the histogram. Both sides are fitted independently because each
     * bin's error depends on one side only.
     */
    public static int tinnBins(int[] counts) {
        int mode = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[mode]) {
                mode = i;
            }
        }
        double height = counts[mode];
        int bestLeft = mode;
        double bestLeftError = Double.POSITIVE_INFINITY;
        for (int left = 0; left < mode; left++) {
            double error = 0;
            for (int i = 0; i < mode; i++) {
                double q = i <= left ? 0 : height * (i - left) / (mode - left);
                double d = counts[i] - q;
                error += d * d;
            }
            if (error < bestLeftError) {
                bestLeftError = error;
                bestLeft = left;
            }
        }
        int bestRight = mode;
        double bestRightError = Double.POSITIVE_INFINITY;
        for (int right = mode + 1; right <= counts.length; right++) {
            double error = 0;
            for (int i = mode + 1; i < counts.length; i++) {
                double q = i >= right ? 0 : height * (right - i) / (right - mode);
                double d = counts[i] - q;
                error += d * d;
            }
            if (error < bestRightError) {
                bestRightError = error;
                bestRight = right;
            }
        }
        return bestRight - bestLeft;
    }
}
