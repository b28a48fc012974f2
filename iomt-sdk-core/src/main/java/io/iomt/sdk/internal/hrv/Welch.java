package io.iomt.sdk.internal.hrv;

/**
 * Welch's averaged periodogram of an evenly sampled signal: segments overlapping by a given
 * fraction, each with its mean removed and a window applied, one-sided density scaling
 * ({@code 2 |X_k|² / (fs Σ w²)}) so that the sum of density times resolution equals the
 * windowed variance. Stateless and thread-safe.
 */
public final class Welch {

    /** Window functions, in their periodic form (the one used for spectral analysis). */
    public enum Window {
        /** Hann: {@code 0.5 − 0.5 cos(2πn/N)}. */
        HANN,
        /** Hamming: {@code 0.54 − 0.46 cos(2πn/N)}. */
        HAMMING,
        /** No taper. */
        RECTANGULAR
    }

    private Welch() {
    }

    /**
     * Returns the Welch density of {@code signal}.
     *
     * @param signal evenly sampled values
     * @param fs sampling rate in Hz
     * @param segmentLength samples per segment; reduced to the signal length if longer
     * @param overlap fraction of a segment shared with the next, in {@code [0, 1)}
     * @param minimumFftSize smallest transform size; the segment is zero-padded up to a power of two of at least this
     */
    public static Spectrum density(double[] signal, double fs, int segmentLength, double overlap, Window window, int minimumFftSize) {
        int length = Math.min(segmentLength, signal.length);
        int fftSize = Integer.highestOneBit(Math.max(4, Math.max(length, minimumFftSize)) - 1) << 1;
        int step = Math.max(1, (int) Math.round(length * (1 - overlap)));
        double[] taper = taper(window, length);
        double taperEnergy = 0;
        for (double w : taper) {
            taperEnergy += w * w;
        }
        Fft fft = new Fft(fftSize);
        double[] accumulator = new double[fftSize / 2 + 1];
        double[] segment = new double[length];
        int segments = 0;
        for (int start = 0; start + length <= signal.length; start += step) {
            double mean = Stats.mean(signal, start, start + length);
            for (int i = 0; i < length; i++) {
                segment[i] = (signal[start + i] - mean) * taper[i];
            }
            fft.addPowerSpectrum(segment, length, accumulator);
            segments++;
        }
        double scale = 1.0 / (fs * taperEnergy * segments);
        for (int k = 0; k < accumulator.length; k++) {
            boolean edge = k == 0 || k == fftSize / 2;
            accumulator[k] *= edge ? scale : 2 * scale;
        }
        return new Spectrum(accumulator, fs / fftSize);
    }

    private static double[] taper(Window window, int length) {
        double[] w = new double[length];
        for (int n = 0; n < length; n++) {
            double c = Math.cos(2 * Math.PI * n / length);
            w[n] = switch (window) {
                case HANN -> 0.5 - 0.5 * c;
                case HAMMING -> 0.54 - 0.46 * c;
                case RECTANGULAR -> 1.0;
            };
        }
        return w;
    }
}
