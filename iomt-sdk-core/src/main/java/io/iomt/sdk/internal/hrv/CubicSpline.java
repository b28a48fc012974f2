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
        double[] second = secondDerivatives(x, y);
        double[] out = new double[count];
        int segment = -1;
        double left = 0;
        double c0 = 0;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        for (int k = 0; k < count; k++) {
            double t = start + k * step;
            if (segment < 0 || (segment < n - 2 && t > x[segment + 1])) {
                segment = Math.max(segment, 0);
                while (segment < n - 2 && t > x[segment + 1]) {
                    segment++;
                }
                // Power-basis coefficients of this interval, so each sample costs one Horner evaluation.
                double h = x[segment + 1] - x[segment];
                left = x[segment];
                c0 = y[segment];
                c1 = (y[segment + 1] - y[segment]) / h - h * (2 * second[segment] + second[segment + 1]) / 6.0;
                c2 = second[segment] / 2.0;
                c3 = (second[segment + 1] - second[segment]) / (6.0 * h);
            }
            double dt = t - left;
            out[k] = c0 + dt * (c1 + dt * (c2 + dt * c3));
        }
        return out;
    }

    /** Solves the tridiagonal system for the knots' second derivatives (Thomas algorithm). */
    private static double[] secondDerivatives(double[] x, double[] y) {
        int n = x.length;
        double[] second = new double[n];
        if (n < 3) {
            return second;
        }
        double[] upper = new double[n];
        // Forward sweep over the interior knots 1 .. n-2; the natural ends fix second[0] = second[n-1] = 0.
        for (int i = 1; i < n - 1; i++) {
            double hPrevious = x[i] - x[i - 1];
            double hNext = x[i + 1] - x[i];
            double rhs = 6.0 * ((y[i + 1] - y[i]) / hNext - (y[i] - y[i - 1]) / hPrevious);
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
