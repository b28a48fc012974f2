package io.iomt.sdk.internal.hrv;

/**
 * Welch's averaged periodogram of evenly sampled segments: each segment has its mean removed
 * and a window applied, and the density has one-sided scaling ({@code 2 |X_k|² / (fs Σ w²)}) so
 * that the sum of density times resolution equals the windowed variance.
 *
 * <p>The caller feeds segments one at a time to {@link #add}, so a long signal never has to exist
 * as one array: the HRV code evaluates its spline tachogram into a buffer of one segment. Only
 * the bins up to a maximum frequency are computed. An instance owns scratch buffers, so it is not
 * thread-safe: use one per call.
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

    private final int length;
    private final int fftSize;
    private final int bins;
    private final double fs;
    private final double[] taper;
    private final double taperEnergy;
    private final double[] taperRe;
    private final double[] taperIm;
    private final Fft fft;
    private final double[] re;
    private final double[] im;
    private final double[] powerSum;
    private int segments;

    /**
     * Creates an estimator for segments of {@code length} samples.
     *
     * @param length samples per segment, at least 2
     * @param fs sampling rate in Hz
     * @param minimumFftSize smallest transform size; each segment is zero-padded up to a power of
     *     two of at least this and at least {@code length}
     * @param maxFrequency highest frequency of interest in Hz; bins above it are not computed
     */
    public Welch(int length, double fs, Window window, int minimumFftSize, double maxFrequency) {
        if (length < 2) {
            throw new IllegalArgumentException("A Welch segment needs at least 2 samples, got " + length);
        }
        this.length = length;
        this.fs = fs;
        this.fftSize = Integer.highestOneBit(Math.max(4, Math.max(length, minimumFftSize)) - 1) << 1;
        double resolution = fs / fftSize;
        this.bins = (int) Math.min(fftSize / 2 + 1, Math.floor(maxFrequency / resolution) + 1);
        this.taper = taper(window, length);
        double energy = 0;
        for (double w : taper) {
            energy += w * w;
        }
        this.taperEnergy = energy;
        this.fft = new Fft(fftSize);
        this.re = new double[bins];
        this.im = new double[bins];
        this.powerSum = new double[bins];

        // The transform of the taper itself: subtracting mean × taper transform from a segment's
        // transform removes the segment's mean without a separate pass over its samples.
        this.taperRe = new double[bins];
        this.taperIm = new double[bins];
        fft.transform(taper, 0, length, null);
        fft.readBins(bins, taperRe, taperIm);
    }

    /** Returns the number of samples per segment. */
    public int length() {
        return length;
    }

    /** Returns the number of segments added so far. */
    public int segments() {
        return segments;
    }

    /** Adds the segment {@code signal[offset .. offset + length)}. */
    public void add(double[] signal, int offset) {
        double mean = fft.transform(signal, offset, length, taper) / length;
        fft.readBins(bins, re, im);
        for (int k = 0; k < bins; k++) {
            double xr = re[k] - mean * taperRe[k];
            double xi = im[k] - mean * taperIm[k];
            powerSum[k] += xr * xr + xi * xi;
        }
        segments++;
    }

    /**
     * Returns the averaged density of the segments added so far, in squared signal units per Hz.
     *
     * @throws IllegalStateException if no segment was added
     */
    public Spectrum density() {
        if (segments == 0) {
            throw new IllegalStateException("No Welch segment was added; add at least one segment of " + length + " samples");
        }

        double scale = 1.0 / (fs * taperEnergy * segments);
        double[] density = new double[bins];
        for (int k = 0; k < bins; k++) {
            boolean edge = k == 0 || k == fftSize / 2;
            density[k] = powerSum[k] * (edge ? scale : 2 * scale);
        }
        return new Spectrum(density, fs / fftSize);
    }

    /**
     * Returns the Welch density of the whole of {@code signal}: segments start every
     * {@code round(length × (1 − overlap))} samples and the last one ends inside the signal.
     *
     * @param segmentLength samples per segment; reduced to the signal length if longer
     * @param overlap fraction of a segment shared with the next, in {@code [0, 1)}
     */
    public static Spectrum density(double[] signal, double fs, int segmentLength, double overlap, Window window,
            int minimumFftSize, double maxFrequency) {
        Welch welch = new Welch(Math.min(segmentLength, signal.length), fs, window, minimumFftSize, maxFrequency);
        int step = step(welch.length(), overlap);
        for (int start = 0; start + welch.length() <= signal.length; start += step) {
            welch.add(signal, start);
        }
        return welch.density();
    }

    /** Returns the number of samples between the starts of consecutive segments, at least 1. */
    public static int step(int length, double overlap) {
        return Math.max(1, (int) Math.round(length * (1 - overlap)));
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
