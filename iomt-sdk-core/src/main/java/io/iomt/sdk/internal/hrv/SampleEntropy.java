package io.iomt.sdk.internal.hrv;

/**
 * Sample entropy after Richman and Moorman (2000): {@code −ln(A / B)}, where {@code B} counts
 * pairs of distinct templates of {@code m} points and {@code A} pairs of {@code m + 1} points
 * whose Chebyshev distance is at most {@code r}. Both counts use the same {@code N − m}
 * templates, and self-matches are excluded. Quadratic in the number of points. Stateless and
 * thread-safe.
 */
public final class SampleEntropy {

    private SampleEntropy() {
    }

    /** Returns the sample entropy, or positive infinity if no template of {@code m + 1} points matches. */
    public static double compute(double[] x, int m, double r) {
        int n = x.length;
        int templates = n - m;
        long shortMatches = 0;
        long longMatches = 0;
        for (int i = 0; i < templates - 1; i++) {
            for (int j = i + 1; j < templates; j++) {
                boolean match = true;
                for (int k = 0; k < m; k++) {
                    if (Math.abs(x[i + k] - x[j + k]) > r) {
                        match = false;
                        break;
                    }
                }
                if (!match) {
                    continue;
                }
                shortMatches++;
                if (Math.abs(x[i + m] - x[j + m]) <= r) {
                    longMatches++;
                }
            }
        }
        if (longMatches == 0 || shortMatches == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return -Math.log((double) longMatches / shortMatches);
    }
}
