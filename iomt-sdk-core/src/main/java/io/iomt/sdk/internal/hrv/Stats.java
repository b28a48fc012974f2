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

    /**
     * Returns the sample variance (divisor n − 1) of all values, or 0 for fewer than two values.
     * One pass, with sums taken about the first value (the shifted-data algorithm): digits lost
     * to cancellation grow with (first value − mean)² / variance, which stays small for
     * physiological series.
     */
    public static double sampleVariance(double[] values) {
        int n = values.length;
        if (n < 2) {
            return 0;
        }
        double shift = values[0];
        double sum = 0;
        double squares = 0;
        for (double value : values) {
            double d = value - shift;
            sum += d;
            squares += d * d;
        }
        return Math.max(0, (squares - sum * sum / n) / (n - 1));
    }

    /**
     * Returns the median; the mean of the two middle values for an even count. Runs in linear
     * time, which matters for day-long series: by selection on a copy for short arrays, and for
     * long ones by {@link #orderStatistic}, which needs only two passes over the values.
     */
    public static double median(double[] values) {
        int n = values.length;
        if (n < 64) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            return medianOfSorted(sorted, 0, n);
        }
        if (n >= BUCKETED_SELECTION_MINIMUM) {
            double upper = orderStatistic(values, n / 2);
            return n % 2 == 1 ? upper : 0.5 * (orderStatistic(values, n / 2 - 1) + upper);
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

    /** Length from which {@link #median} selects through buckets instead of on a copy. */
    static final int BUCKETED_SELECTION_MINIMUM = 2048;

    private static final int BUCKET_BITS = 12;

    /**
     * Returns the value of rank {@code rank} (0-based) in ascending order, as sorting would place
     * it, without changing {@code values}. Each double maps to a long that sorts the same way;
     * one pass counts the values per bucket of equal width over the range of those longs, and a
     * second pass copies the bucket that contains the rank, where {@link #select} finishes. The
     * quickselect it replaces mispredicts a branch for about every other comparison, and
     * that dominated for 80,000 beats.
     */
    static double orderStatistic(double[] values, int rank) {
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (double value : values) {
            long key = sortKey(value);
            low = Math.min(low, key);
            high = Math.max(high, key);
        }
        if (low == high) {
            return values[0];
        }

        // The width is unsigned: the keys may span more than half of the long range.
        int widthBits = 64 - Long.numberOfLeadingZeros(high - low);
        int shift = Math.max(0, widthBits - BUCKET_BITS);
        // Two count tables, alternating by position, so that neighbouring values in the same
        // bucket (common with quantised intervals) do not wait on each other's increment.
        int buckets = 1 << BUCKET_BITS;
        int[] counts = new int[2 * buckets];
        int i = 0;
        for (double value : values) {
            counts[(i & 1) * buckets + (int) ((sortKey(value) - low) >>> shift)]++;
            i++;
        }
        for (int b = 0; b < buckets; b++) {
            counts[b] += counts[buckets + b];
        }

        int bucket = 0;
        int below = 0;
        while (below + counts[bucket] <= rank) {
            below += counts[bucket];
            bucket++;
        }
        double[] candidates = new double[counts[bucket]];
        int found = 0;
        for (double value : values) {
            if ((int) ((sortKey(value) - low) >>> shift) == bucket) {
                candidates[found++] = value;
            }
        }
        return select(candidates, rank - below);
    }

    /** Maps a double to a long in the same order as {@link Double#compare}, negative values included. */
    private static long sortKey(double value) {
        long bits = Double.doubleToRawLongBits(value);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
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
}
