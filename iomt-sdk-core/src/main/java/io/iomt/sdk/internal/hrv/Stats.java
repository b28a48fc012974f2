package io.iomt.sdk.internal.hrv;

import java.util.Arrays;

/** Descriptive statistics on primitive arrays. Stateless and thread-safe. */
public final class Stats {

    private Stats() {
    }

    /** Returns the arithmetic mean of {@code values[from, to)}. */
    public static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    /** Returns the arithmetic mean of all values. */
    public static double mean(double[] values) {
        return mean(values, 0, values.length);
    }

    /** Returns the sample variance (divisor n − 1) of all values, or 0 for fewer than two values. */
    public static double sampleVariance(double[] values) {
        int n = values.length;
        if (n < 2) {
            return 0;
        }
        double mean = mean(values);
        double sum = 0;
        for (double value : values) {
            double d = value - mean;
            sum += d * d;
        }
        return sum / (n - 1);
    }

    /**
     * Returns the median; the mean of the two middle values for an even count. Runs in expected
     * linear time by selection on a copy, which matters for day-long series.
     */
    public static double median(double[] values) {
        int n = values.length;
        if (n < 64) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return medianOfSorted(sorted, 0, n);
        }
        double[] work = values.clone();
        int mid = n / 2;
        double upper = select(work, mid);
        if (n % 2 == 1) {
            return upper;
        }
        // After selection every value left of mid is at most work[mid]; the lower middle is their maximum.
        double lower = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < mid; i++) {
            lower = Math.max(lower, work[i]);
        }
        return 0.5 * (lower + upper);
    }

    /**
     * Rearranges {@code a} so that {@code a[k]} contains the value it would have if sorted, with no
     * larger value before it and no smaller one after it, and returns it (Hoare's selection with
     * a median-of-three pivot).
     */
    static double select(double[] a, int k) {
        int left = 0;
        int right = a.length - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            double pivot = medianOfThree(a[left], a[mid], a[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                right = j;
            } else if (k >= i) {
                left = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Returns the median of the sorted range {@code sorted[from, to)}. */
    public static double medianOfSorted(double[] sorted, int from, int to) {
        int n = to - from;
        int mid = from + n / 2;
        return (n % 2 == 1) ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /**
     * Returns the quantile {@code q} of the sorted range by linear interpolation between closest
     * ranks (the default of R type 7 and NumPy).
     */
    public static double quantileOfSorted(double[] sorted, int from, int to, double q) {
        int n = to - from;
        if (n == 1) {
            return sorted[from];
        }
        double position = q * (n - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, n - 1);
        double fraction = position - lower;
        return sorted[from + lower] + fraction * (sorted[from + upper] - sorted[from + lower]);
    }

    /** Returns the quantile {@code q} (0 to 1) of unsorted values, R type 7. */
    public static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileOfSorted(sorted, 0, sorted.length, q);
    }

    /** Returns the successive differences {@code x[i+1] - x[i]}. */
    public static double[] diff(double[] values) {
        double[] d = new double[Math.max(0, values.length - 1)];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i + 1] - values[i];
        }
        return d;
    }
}
