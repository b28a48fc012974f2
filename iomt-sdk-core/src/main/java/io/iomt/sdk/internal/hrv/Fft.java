package io.iomt.sdk.internal.hrv;

/**
 * Iterative radix-2 fast Fourier transform of a fixed size with precomputed twiddle factors and
 * bit-reversal table, plus the half-size trick for real input.
 *
 * <p>Hand-written because core may only depend on the JDK, SLF4J, Caffeine and JSpecify, and a
 * power-of-two transform of a few thousand points is all the Welch estimator needs. An instance
 * owns scratch buffers, so it is not thread-safe: use one per thread or per call.
 */
public final class Fft {

    private final int size;
    private final int half;
    private final double[] cos;
    private final double[] sin;
    private final int[] reversed;
    private final double[] re;
    private final double[] im;
    private final double[] realCos;
    private final double[] realSin;

    /**
     * Creates a transform for real input of {@code size} points.
     *
     * @throws IllegalArgumentException if {@code size} is not a power of two of at least 4
     */
    public Fft(int size) {
        if (size < 4 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two of at least 4, got " + size);
        }
        this.size = size;
        this.half = size / 2;
        int m = half;
        cos = new double[m / 2];
        sin = new double[m / 2];
        for (int k = 0; k < m / 2; k++) {
            double angle = -2 * Math.PI * k / m;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
        reversed = new int[m];
        int bits = Integer.numberOfTrailingZeros(m);
        for (int i = 0; i < m; i++) {
            reversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        re = new double[m];
        im = new double[m];
        realCos = new double[half + 1];
        realSin = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            double angle = -2 * Math.PI * k / size;
            realCos[k] = Math.cos(angle);
            realSin[k] = Math.sin(angle);
        }
    }

    /** Returns the transform size. */
    public int size() {
        return size;
    }

    /**
     * Computes {@code |X_k|²} for {@code k = 0 .. size/2} of the real input, zero-padded to the
     * transform size, and adds them to {@code accumulator}.
     *
     * @param input real samples; {@code length} of them are used, the rest are zeros
     * @param length number of samples, at most the transform size
     * @param accumulator receives {@code size/2 + 1} sums
     */
    public void addPowerSpectrum(double[] input, int length, double[] accumulator) {
        // Pack even samples into the real part and odd samples into the imaginary part.
        for (int j = 0; j < half; j++) {
            int even = 2 * j;
            int target = reversed[j];
            re[target] = even < length ? input[even] : 0;
            im[target] = even + 1 < length ? input[even + 1] : 0;
        }
        transformBitReversed();
        // Untangle the half-size complex transform into the spectrum of the real sequence.
        for (int k = 0; k <= half; k++) {
            int a = k % half;
            int b = (half - k) % half;
            double zr = re[a];
            double zi = im[a];
            double cr = re[b];
            double ci = -im[b];
            double evenRe = 0.5 * (zr + cr);
            double evenIm = 0.5 * (zi + ci);
            double oddRe = 0.5 * (zi - ci);
            double oddIm = -0.5 * (zr - cr);
            double wr = realCos[k];
            double wi = realSin[k];
            double xr = evenRe + wr * oddRe - wi * oddIm;
            double xi = evenIm + wr * oddIm + wi * oddRe;
            accumulator[k] += xr * xr + xi * xi;
        }
    }

    private void transformBitReversed() {
        int m = half;
        for (int length = 2; length <= m; length <<= 1) {
            int halfLength = length >> 1;
            int step = m / length;
            for (int start = 0; start < m; start += length) {
                for (int j = 0, t = 0; j < halfLength; j++, t += step) {
                    int p = start + j;
                    int q = p + halfLength;
                    double wr = cos[t];
                    double wi = sin[t];
                    double xr = re[q] * wr - im[q] * wi;
                    double xi = re[q] * wi + im[q] * wr;
                    re[q] = re[p] - xr;
                    im[q] = im[p] - xi;
                    re[p] += xr;
                    im[p] += xi;
                }
            }
        }
    }
}
