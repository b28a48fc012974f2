package io.iomt.sdk.internal.hrv;

/**
 * A one-sided power spectral density on a uniform frequency grid {@code f_k = k * resolution},
 * in ms²/Hz, with band integration. Owns its array; not shared, so effectively immutable.
 */
public final class Spectrum {

    private final double[] density;
    private final double resolution;

    /** Creates a spectrum that takes ownership of {@code density}. */
    public Spectrum(double[] density, double resolution) {
        this.density = density;
        this.resolution = resolution;
    }

    /** Returns the frequency step in Hz. */
    public double resolution() {
        return resolution;
    }

    /** Returns the number of frequency bins. */
    public int size() {
        return density.length;
    }

    /** Returns the density at bin {@code k}, in ms²/Hz. */
    public double densityAt(int k) {
        return density[k];
    }

    /**
     * Returns the power in {@code [low, high)} Hz, in ms², as the sum of density times
     * resolution over the bins whose frequency lies in the band (rectangle rule, which keeps
     * Parseval's identity for the Welch estimate).
     */
    public double bandPower(double low, double high) {
        int from = (int) Math.ceil(low / resolution - 1e-9);
        double sum = 0;
        for (int k = Math.max(0, from); k < density.length; k++) {
            double f = k * resolution;
            if (f >= high) {
                break;
            }
            sum += density[k];
        }
        return sum * resolution;
    }

    /** Returns the frequency in Hz of the largest density in {@code [low, high)}, or NaN if the band has no bin. */
    public double peakFrequency(double low, double high) {
        int from = (int) Math.ceil(low / resolution - 1e-9);
        double best = -1;
        double peak = Double.NaN;
        for (int k = Math.max(0, from); k < density.length; k++) {
            double f = k * resolution;
            if (f >= high) {
                break;
            }
            if (density[k] > best) {
                best = density[k];
                peak = f;
            }
        }
        return peak;
    }
}
