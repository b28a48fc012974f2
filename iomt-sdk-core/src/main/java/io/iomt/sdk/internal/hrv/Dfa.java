package io.iomt.sdk.internal.hrv;

/**
 * Detrended fluctuation analysis: the integrated series {@code y_k = Σ (RR_j − mean)} is cut into
 * non-overlapping boxes of {@code n} beats from the first beat (a remainder at the end is left
 * out), a least-squares line is removed from each box, and {@code F(n)} is the root mean square
 * of the residuals. The scaling exponent is the least-squares slope of {@code log F(n)} against
 * {@code log n}. Stateless and thread-safe.
 */
public final class Dfa {

    private Dfa() {
    }

    /**
     * Returns the slope of {@code log F(n)} over box sizes {@code minBox .. maxBox} beats.
     *
     * @param intervals at least {@code 2 * maxBox} values
     */
    public static double alpha(double[] intervals, int minBox, int maxBox) {
        int n = intervals.length;
        double mean = Stats.mean(intervals);
        double[] profile = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += intervals[i] - mean;
            profile[i] = sum;
        }
        int points = maxBox - minBox + 1;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int box = minBox; box <= maxBox; box++) {
            double fluctuation = fluctuation(profile, box);
            double lx = Math.log10(box);
            double ly = Math.log10(fluctuation);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }
        return (points * sxy - sx * sy) / (points * sxx - sx * sx);
    }

    private static double fluctuation(double[] profile, int box) {
        int boxes = profile.length / box;
        // Abscissae 0 .. box-1 have fixed sums, so each fit needs only Σy and Σxy.
        double sx = box * (box - 1) / 2.0;
        double sxx = (box - 1) * box * (2.0 * box - 1) / 6.0;
        double denominator = box * sxx - sx * sx;
        double residual = 0;
        for (int b = 0; b < boxes; b++) {
            int start = b * box;
            double sy = 0;
            double sxy = 0;
            for (int i = 0; i < box; i++) {
                double y = profile[start + i];
                sy += y;
                sxy += i * y;
            }
            double slope = (box * sxy - sx * sy) / denominator;
            double intercept = (sy - slope * sx) / box;
            for (int i = 0; i < box; i++) {
                double r = profile[start + i] - (intercept + slope * i);
                residual += r * r;
            }
        }
        return Math.sqrt(residual / (boxes * (double) box));
    }
}
