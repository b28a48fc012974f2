package io.iomt.sdk.internal.hrv;

/**
 * Natural cubic spline interpolation (second derivative zero at both ends) of points with
 * strictly increasing abscissae, evaluated on a uniform grid.
 *
 * <p>Hand-written because core has no numeric dependency: the tridiagonal solve and the
 * evaluation are about 40 lines and run in linear time. Stateless and thread-safe.
 */
public final class CubicSpline {

    private CubicSpline() {
    }

    /**
     * Returns the spline through {@code (x[i], y[i])} evaluated at {@code start + k * step} for
     * {@code k = 0 .. count-1}.
     *
     * @param x strictly increasing abscissae, at least two
     * @param y ordinates, same length as {@code x}
     */
    public static double[] resample(double[] x, double[] y, double start, double step, int count) {
        int n = x.length;
        double[] width = new double[n - 1];
        double[] slope = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            width[i] = x[i + 1] - x[i];
            slope[i] = (y[i + 1] - y[i]) / width[i];
        }
        double[] second = secondDerivatives(width, slope);
        double[] out = new double[count];
        int k = 0;
        // Samples before the first knot extrapolate the first interval's cubic.
        for (int segment = 0; segment < n - 1 && k < count; segment++) {
            double end = segment == n - 2 ? Double.POSITIVE_INFINITY : x[segment + 1];
            double t = start + k * step;
            if (t > end) {
                continue;
            }
            // Power-basis coefficients of this interval, so each sample costs one Horner evaluation.
            double h = width[segment];
            double left = x[segment];
            double c0 = y[segment];
            double c1 = slope[segment] - h * (2 * second[segment] + second[segment + 1]) / 6.0;
            double c2 = second[segment] / 2.0;
            double c3 = (second[segment + 1] - second[segment]) / (6.0 * h);
            while (t <= end) {
                double dt = t - left;
                out[k] = c0 + dt * (c1 + dt * (c2 + dt * c3));
                if (++k == count) {
                    break;
                }
                t = start + k * step;
            }
        }
        return out;
    }

    /**
     * Solves the tridiagonal system for the knots' second derivatives (Thomas algorithm) from
     * the interval widths and slopes.
     */
    private static double[] secondDerivatives(double[] width, double[] slope) {
        int n = width.length + 1;
        double[] second = new double[n];
        if (n < 3) {
            return second;
        }
        double[] upper = new double[n];
        // Forward sweep over the interior knots 1 .. n-2; the natural ends fix second[0] = second[n-1] = 0.
        for (int i = 1; i < n - 1; i++) {
            double hPrevious = width[i - 1];
            double hNext = width[i];
            double rhs = 6.0 * (slope[i] - slope[i - 1]);
            double inverse = 1.0 / (2.0 * (hPrevious + hNext) - hPrevious * upper[i - 1]);
            upper[i] = hNext * inverse;
            second[i] = (rhs - hPrevious * second[i - 1]) * inverse;
        }
        for (int i = n - 2; i >= 1; i--) {
            second[i] -= upper[i] * second[i + 1];
        }
        return second;
    }
}
