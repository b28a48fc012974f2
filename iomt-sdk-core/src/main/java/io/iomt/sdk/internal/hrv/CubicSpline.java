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
        int segment = 0;
        for (int k = 0; k < count; k++) {
            double t = start + k * step;
            while (segment < n - 2 && t > x[segment + 1]) {
                segment++;
            }
            double h = x[segment + 1] - x[segment];
            double a = (x[segment + 1] - t) / h;
            double b = 1 - a;
            out[k] = a * y[segment] + b * y[segment + 1]
                    + ((a * a * a - a) * second[segment] + (b * b * b - b) * second[segment + 1]) * (h * h) / 6.0;
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
            double diagonal = 2.0 * (hPrevious + hNext) - hPrevious * upper[i - 1];
            upper[i] = hNext / diagonal;
            second[i] = (rhs - hPrevious * second[i - 1]) / diagonal;
        }
        for (int i = n - 2; i >= 1; i--) {
            second[i] -= upper[i] * second[i + 1];
        }
        return second;
    }
}
