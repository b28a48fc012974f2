package io.iomt.sdk.internal.hrv;

/**
 * Natural cubic spline (second derivative zero at both ends) through points with strictly
 * increasing abscissae, evaluated on a uniform grid.
 *
 * <p>Hand-written because core has no numeric dependency: the tridiagonal solve and the
 * evaluation run in linear time. The spline keeps references to the caller's arrays, which must
 * not change while it is in use. Immutable once built, so thread-safe; a {@link Cursor} is not.
 */
public final class CubicSpline {

    private final double[] x;
    private final double[] y;
    private final double[] second;

    private CubicSpline(double[] x, double[] y, double[] second) {
        this.x = x;
        this.y = y;
        this.second = second;
    }

    /**
     * Builds the natural spline through {@code (x[i], y[i])}.
     *
     * @param x strictly increasing abscissae, at least two
     * @param y ordinates, same length as {@code x}
     */
    public static CubicSpline natural(double[] x, double[] y) {
        if (x.length < 2 || x.length != y.length) {
            throw new IllegalArgumentException("A spline needs at least 2 points and as many ordinates as abscissae, got "
                    + x.length + " and " + y.length);
        }
        return new CubicSpline(x, y, secondDerivatives(x, y));
    }

    /**
     * Returns the spline through {@code (x[i], y[i])} evaluated at {@code start + k * step} for
     * {@code k = 0 .. count-1}.
     */
    public static double[] resample(double[] x, double[] y, double start, double step, int count) {
        double[] out = new double[count];
        natural(x, y).cursor(start, step).fill(out, 0, count);
        return out;
    }

    /** Returns a cursor at the grid point {@code start}, moving by {@code step} per sample. */
    public Cursor cursor(double start, double step) {
        return new Cursor(start, step);
    }

    /**
     * Sequential evaluation on the grid {@code start + k * step}: each {@link #fill} continues
     * where the previous one stopped. Samples before the first knot extrapolate the first
     * interval's cubic, and samples after the last knot the last interval's. Not thread-safe.
     */
    public final class Cursor {

        private final double start;
        private final double step;
        private long index;
        private int interval = -1;
        private double left;
        private double end;
        private double c0;
        private double c1;
        private double c2;
        private double c3;

        private Cursor(double start, double step) {
            this.start = start;
            this.step = step;
            enter(0);
        }

        /** Writes the next {@code count} samples to {@code out[offset ..]}. */
        public void fill(double[] out, int offset, int count) {
            // The interval and its coefficients live in locals for the loop, so the JIT keeps
            // them in registers; the fields are written back once at the end. The sample number
            // counts in a double (exact below 2^53), which spares a long-to-double conversion.
            int last = x.length - 2;
            int i = interval;
            double from = left;
            double to = end;
            double a0 = c0;
            double a1 = c1;
            double a2 = c2;
            double a3 = c3;
            double k = index;
            for (int n = 0; n < count; n++, k++) {
                double t = start + k * step;
                if (t > to) {
                    do {
                        i++;
                        to = i == last ? Double.POSITIVE_INFINITY : x[i + 1];
                    } while (t > to);
                    from = x[i];
                    double h = x[i + 1] - from;
                    double slope = (y[i + 1] - y[i]) / h;
                    a0 = y[i];
                    a1 = slope - h * (2 * second[i] + second[i + 1]) / 6.0;
                    a2 = second[i] / 2.0;
                    a3 = (second[i + 1] - second[i]) / (6.0 * h);
                }
                double dt = t - from;
                out[offset + n] = a0 + dt * (a1 + dt * (a2 + dt * a3));
            }
            index += count;
            interval = i;
            left = from;
            end = to;
            c0 = a0;
            c1 = a1;
            c2 = a2;
            c3 = a3;
        }

        /** Loads the power-basis coefficients of interval {@code i}, so each sample costs one Horner evaluation. */
        private void enter(int i) {
            int last = x.length - 2;
            interval = i;
            left = x[i];
            end = i == last ? Double.POSITIVE_INFINITY : x[i + 1];
            double h = x[i + 1] - x[i];
            double slope = (y[i + 1] - y[i]) / h;
            c0 = y[i];
            c1 = slope - h * (2 * second[i] + second[i + 1]) / 6.0;
            c2 = second[i] / 2.0;
            c3 = (second[i + 1] - second[i]) / (6.0 * h);
        }
    }

    /**
     * Solves the tridiagonal system for the knots' second derivatives by Gaussian elimination
     * without pivoting (the matrix is diagonally dominant), with the interval widths and slopes
     * computed as the sweep reaches them.
     *
     * <p>The pivots come from the three-term recurrence of the leading principal minors,
     * {@code p_i = b_i p_(i-1) - h_(i-1)² p_(i-2)}, with {@code pivot_i = p_i / p_(i-1)}. The
     * textbook recurrence {@code pivot_i = b_i - h_(i-1)² / pivot_(i-1)} puts a division on the
     * loop-carried path, and on a day of beats that chain, not arithmetic, sets the run time.
     * The minors grow or shrink geometrically (by about the pivot per knot), so both are rescaled
     * by a power of two before they overflow or underflow, which leaves the pivots unchanged.
     */
    private static double[] secondDerivatives(double[] x, double[] y) {
        int n = x.length;
        double[] second = new double[n];
        if (n < 3) {
            return second;
        }
        double[] upper = new double[n];

        // Forward sweep over the interior knots 1 .. n-2; the natural ends fix second[0] = second[n-1] = 0.
        double hPrevious = x[1] - x[0];
        double slopePrevious = (y[1] - y[0]) / hPrevious;
        double minorBefore = 0;
        double minor = 1;
        double secondPrevious = 0;
        for (int i = 1; i < n - 1; i++) {
            double hNext = x[i + 1] - x[i];
            double slopeNext = (y[i + 1] - y[i]) / hNext;
            double rhs = 6.0 * (slopeNext - slopePrevious);
            double nextMinor = 2.0 * (hPrevious + hNext) * minor - hPrevious * hPrevious * minorBefore;
            if (nextMinor > 0x1p500) {
                nextMinor *= 0x1p-500;
                minor *= 0x1p-500;
            } else if (nextMinor < 0x1p-500) {
                nextMinor *= 0x1p500;
                minor *= 0x1p500;
            }
            double inverse = minor / nextMinor;
            upper[i] = hNext * inverse;
            secondPrevious = (rhs - hPrevious * secondPrevious) * inverse;
            second[i] = secondPrevious;
            minorBefore = minor;
            minor = nextMinor;
            hPrevious = hNext;
            slopePrevious = slopeNext;
        }

        for (int i = n - 2; i >= 1; i--) {
            second[i] -= upper[i] * second[i + 1];
        }
        return second;
    }
}
