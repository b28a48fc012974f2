package io.iomt.sdk.internal.hrv;

/**
 * Lomb–Scargle periodogram of unevenly sampled values, scaled to a one-sided density in ms²/Hz.
 *
 * <p>The classic periodogram {@code P(f)} (with the time offset τ that makes it invariant to a
 * shift of the time axis) equals {@code |X(f)|² / N} for even sampling. With the mean sampling
 * interval {@code Δ = T / N}, the density {@code 2 P(f) Δ} therefore matches the Welch and
 * periodogram scaling, so band powers of both estimators agree on the same signal. Stateless and
 * thread-safe.
 */
public final class LombScargle {

    private LombScargle() {
    }

    /**
     * Returns the density on the grid {@code k * resolution} for {@code k = 0 .. bins-1}; bins
     * below {@code lowest} Hz are left at zero.
     *
     * @param times sample times in seconds
     * @param values sample values (the mean is removed here)
     * @param meanInterval mean sampling interval in seconds
     */
    public static Spectrum density(double[] times, double[] values, double meanInterval, double resolution, int bins, double lowest) {
        int n = times.length;
        double mean = Stats.mean(values);
        double[] centred = new double[n];
        double origin = times[0];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            centred[i] = values[i] - mean;
            t[i] = times[i] - origin;
        }
        double[] density = new double[bins];
        for (int k = 0; k < bins; k++) {
            double f = k * resolution;
            if (f < lowest || f == 0) {
                continue;
            }
            double omega = 2 * Math.PI * f;
            double sin2 = 0;
            double cos2 = 0;
            for (int i = 0; i < n; i++) {
                double a = 2 * omega * t[i];
                sin2 += Math.sin(a);
                cos2 += Math.cos(a);
            }
            double tau = Math.atan2(sin2, cos2) / (2 * omega);
            double yc = 0;
            double ys = 0;
            double cc = 0;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double a = omega * (t[i] - tau);
                double c = Math.cos(a);
                double s = Math.sin(a);
                yc += centred[i] * c;
                ys += centred[i] * s;
                cc += c * c;
                ss += s * s;
            }
            double power = 0.5 * ((cc > 0 ? yc * yc / cc : 0) + (ss > 0 ? ys * ys / ss : 0));
            density[k] = 2 * power * meanInterval;
        }
        return new Spectrum(density, resolution);
    }
}
