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
        // Stage twiddles laid out one stage after another: the stage with half-length h starts at
        // index h - 1 and contains exp(-2πi j / 2h) for j < h, so the inner loop reads them in order.
        cos = new double[Math.max(1, m - 1)];
        sin = new double[Math.max(1, m - 1)];
        for (int h = 1; h < m; h <<= 1) {
            for (int j = 0; j < h; j++) {
                double angle = -Math.PI * j / h;
                cos[h - 1 + j] = Math.cos(angle);
                sin[h - 1 + j] = Math.sin(angle);
            }
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
            int a = k == half ? 0 : k;
            int b = k == 0 ? 0 : half - k;
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
        // The first stage's twiddle factor is 1, so it needs no multiplication.
        for (int p = 0; p < m; p += 2) {
            double r = re[p + 1];
            double i = im[p + 1];
            re[p + 1] = re[p] - r;
            im[p + 1] = im[p] - i;
            re[p] += r;
            im[p] += i;
        }
        int h = 2;
        // Two radix-2 stages per pass (radix 2²): half the passes over the data of one stage at a time.
        for (; 2 * h < m; h <<= 2) {
            int first = h - 1;
            int second = 2 * h - 1;
            for (int start = 0; start < m; start += 4 * h) {
                for (int j = 0; j < h; j++) {
                    int i0 = start + j;
                    int i1 = i0 + h;
                    int i2 = i1 + h;
                    int i3 = i2 + h;
                    double wr = cos[first + j];
                    double wi = sin[first + j];
                    // Stage of half-length h on the pairs (i0, i1) and (i2, i3).
                    double ar = re[i1] * wr - im[i1] * wi;
                    double ai = re[i1] * wi + im[i1] * wr;
                    double br = re[i3] * wr - im[i3] * wi;
                    double bi = re[i3] * wi + im[i3] * wr;
                    double r0 = re[i0] + ar;
                    double j0 = im[i0] + ai;
                    double r1 = re[i0] - ar;
                    double j1 = im[i0] - ai;
                    double r2 = re[i2] + br;
                    double j2 = im[i2] + bi;
                    double r3 = re[i2] - br;
                    double j3 = im[i2] - bi;
                    // Stage of half-length 2h on the pairs (i0, i2) and (i1, i3).
                    double vr = cos[second + j];
                    double vi = sin[second + j];
                    double cr = r2 * vr - j2 * vi;
                    double ci = r2 * vi + j2 * vr;
                    // exp(-2πi (j + h) / 4h) = -i · exp(-2πi j / 4h), so multiply by v and rotate by -i.
                    double er = r3 * vr - j3 * vi;
                    double ei = r3 * vi + j3 * vr;
                    double dr = ei;
                    double di = -er;
                    re[i0] = r0 + cr;
                    im[i0] = j0 + ci;
                    re[i2] = r0 - cr;
                    im[i2] = j0 - ci;
                    re[i1] = r1 + dr;
                    im[i1] = j1 + di;
                    re[i3] = r1 - dr;
                    im[i3] = j1 - di;
                }
            }
        }
        // A last single radix-2 stage when the number of stages after the first is odd.
        for (; h < m; h <<= 1) {
            int table = h - 1;
            for (int start = 0; start < m; start += 2 * h) {
                for (int j = 0; j < h; j++) {
                    int p = start + j;
                    int q = p + h;
                    double wr = cos[table + j];
                    double wi = sin[table + j];
                    double qr = re[q];
                    double qi = im[q];
                    double xr = qr * wr - qi * wi;
                    double xi = qr * wi + qi * wr;
                    double pr = re[p];
                    double pi = im[p];
                    re[q] = pr - xr;
                    im[q] = pi - xi;
                    re[p] = pr + xr;
                    im[p] = pi + xi;
                }
            }
        }
    }
}
