package io.iomt.sdk.internal.hrv;

/**
 * Lomb–Scargle periodogram of unevenly sampled values, scaled to a one-sided density in ms²/Hz.
 *
 * <p>The classic periodogram {@code P(f)} (with the time offset τ that makes it invariant to a
 * shift of the time axis) equals {@code |X(f)|² / N} for even sampling. With the mean sampling
 * interval {@code Δ = T / N}, the density {@code 2 P(f) Δ} therefore matches the Welch and
 * periodogram scaling, so band powers of both estimators agree on the same signal. The cost is
 * proportional to beats times frequencies, with no trigonometric call in the inner loops.
 * Stateless and thread-safe.
 */
public final class LombScargle {

    /** Frequencies between exact recomputations of the trigonometric terms. */
    private static final int RESYNC = 64;

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
        int first = Math.max(1, (int) Math.ceil(lowest / resolution - 1e-9));
        if (first >= bins) {
            return new Spectrum(density, resolution);
        }
        // cos and sin of ω_k t_i for the current frequency, advanced from one frequency to the next
        // by a rotation of Δω t_i, and recomputed exactly every RESYNC steps to bound rounding drift.
        double[] cos = new double[n];
        double[] sin = new double[n];
        double[] stepCos = new double[n];
        double[] stepSin = new double[n];
        double stepOmega = 2 * Math.PI * resolution;
        for (int i = 0; i < n; i++) {
            stepCos[i] = Math.cos(stepOmega * t[i]);
            stepSin[i] = Math.sin(stepOmega * t[i]);
        }
        for (int k = first; k < bins; k++) {
            double omega = 2 * Math.PI * k * resolution;
            if ((k - first) % RESYNC == 0) {
                for (int i = 0; i < n; i++) {
                    cos[i] = Math.cos(omega * t[i]);
                    sin[i] = Math.sin(omega * t[i]);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    double c = cos[i];
                    double sn = sin[i];
                    cos[i] = c * stepCos[i] - sn * stepSin[i];
                    sin[i] = sn * stepCos[i] + c * stepSin[i];
                }
            }
            // tan(2ωτ) = Σ sin 2ωt / Σ cos 2ωt, from the double-angle identities.
            double sin2 = 0;
            double cos2 = 0;
            for (int i = 0; i < n; i++) {
                sin2 += 2 * sin[i] * cos[i];
                cos2 += cos[i] * cos[i] - sin[i] * sin[i];
            }
            double omegaTau = Math.atan2(sin2, cos2) / 2;
            double cosTau = Math.cos(omegaTau);
            double sinTau = Math.sin(omegaTau);
            double yc = 0;
            double ys = 0;
            double cc = 0;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                // cos and sin of ω (t − τ) by the angle-difference identities.
                double c = cos[i] * cosTau + sin[i] * sinTau;
                double sn = sin[i] * cosTau - cos[i] * sinTau;
                yc += centred[i] * c;
                ys += centred[i] * sn;
                cc += c * c;
                ss += sn * sn;
            }
            double power = 0.5 * ((cc > 0 ? yc * yc / cc : 0) + (ss > 0 ? ys * ys / ss : 0));
            density[k] = 2 * power * meanInterval;
        }
        return new Spectrum(density, resolution);
    }
}
