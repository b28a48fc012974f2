package io.iomt.sdk.internal.hrv;

import org.jspecify.annotations.Nullable;

/**
 * Fast Fourier transform of real input of a fixed power-of-two size: a complex transform of half
 * the size on the even and odd samples, untangled into the real spectrum. The complex transform
 * is an iterative decimation in frequency on natural-order input, with radix-4 passes (three
 * complex multiplications per four points, none when the twiddle factors are 1); its output is
 * in bit-reversed order, which the untangling step reads through a table. When the number of
 * stages is odd, the untangling step also applies the last radix-2 stage to the points it reads. For a full-length input the first radix-4 pass runs
 * while the samples are loaded.
 *
 * <p>Hand-written because core may only depend on the JDK, SLF4J, Caffeine and JSpecify, and a
 * power-of-two transform of a few thousand points is all the Welch estimator needs. An instance
 * owns scratch buffers, so it is not thread-safe: use one per thread or per call.
 */
public final class Fft {

    private final int size;
    private final int half;
    private final boolean radix2Last;
    private final int[] tableStart;
    private final double[] twiddles;
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
        int bits = Integer.numberOfTrailingZeros(m);
        this.radix2Last = bits % 2 == 1;

        // One block of twiddle factors per radix-4 pass, found through the span's bit position.
        // For each j below the span h the block holds W^j, W^2j and W^3j (W = exp(-2πi / 4h)) as
        // real and imaginary parts, in the order the butterflies read them.
        tableStart = new int[Integer.SIZE];
        int entries = 0;
        for (int h = m / 4; h >= 1; h >>= 2) {
            tableStart[Integer.numberOfTrailingZeros(h)] = entries;
            entries += 6 * h;
        }
        twiddles = new double[Math.max(1, entries)];
        for (int h = m / 4; h >= 1; h >>= 2) {
            int at = twiddleTable(h);
            for (int j = 0; j < h; j++) {
                for (int power = 1; power <= 3; power++) {
                    double angle = -2 * Math.PI * power * j / (4.0 * h);
                    twiddles[at++] = Math.cos(angle);
                    twiddles[at++] = Math.sin(angle);
                }
            }
        }

        reversed = new int[m];
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

    private int twiddleTable(int span) {
        return tableStart[Integer.numberOfTrailingZeros(span)];
    }

    /** Returns the transform size. */
    public int size() {
        return size;
    }

    /**
     * Transforms {@code input[offset + n] * taper[n]} for {@code n < length}, zero-padded to the
     * transform size, and returns the sum of the untapered samples so that a caller can remove
     * the mean in the frequency domain. {@link #readBins} then reads the spectrum.
     *
     * @param taper per-sample weights of at least {@code length} values, or {@code null} for none
     * @throws IllegalArgumentException if {@code length} exceeds the transform size
     */
    public double transform(double[] input, int offset, int length, double @Nullable [] taper) {
        if (length > size) {
            throw new IllegalArgumentException("Input of " + length + " samples exceeds the FFT size " + size);
        }
        if (length == size && half >= 4) {
            return transformFullLength(input, offset, taper);
        }

        // Complex point j has sample 2j as its real part and sample 2j + 1 as its imaginary part.
        double sum = 0;
        for (int n = 0; n < length; n++) {
            double sample = input[offset + n];
            sum += sample;
            double value = taper == null ? sample : sample * taper[n];
            if (n % 2 == 0) {
                re[n / 2] = value;
            } else {
                im[n / 2] = value;
            }
        }
        if (length % 2 == 1) {
            im[length / 2] = 0;
        }
        for (int j = (length + 1) / 2; j < half; j++) {
            re[j] = 0;
            im[j] = 0;
        }
        runPasses(half / 4);
        return sum;
    }

    /**
     * Transforms a full-length input, running the first radix-4 pass as the samples are read,
     * which saves a pass over the scratch buffers.
     */
    private double transformFullLength(double[] input, int offset, double @Nullable [] taper) {
        int span = half / 4;
        int table = twiddleTable(span);
        double sum = 0;
        for (int j = 0; j < span; j++) {
            int n0 = 2 * j;
            int n1 = n0 + 2 * span;
            int n2 = n1 + 2 * span;
            int n3 = n2 + 2 * span;
            double a0r = input[offset + n0];
            double a0i = input[offset + n0 + 1];
            double a1r = input[offset + n1];
            double a1i = input[offset + n1 + 1];
            double a2r = input[offset + n2];
            double a2i = input[offset + n2 + 1];
            double a3r = input[offset + n3];
            double a3i = input[offset + n3 + 1];
            sum += ((a0r + a0i) + (a1r + a1i)) + ((a2r + a2i) + (a3r + a3i));
            if (taper != null) {
                a0r *= taper[n0];
                a0i *= taper[n0 + 1];
                a1r *= taper[n1];
                a1i *= taper[n1 + 1];
                a2r *= taper[n2];
                a2i *= taper[n2 + 1];
                a3r *= taper[n3];
                a3i *= taper[n3 + 1];
            }
            butterfly(j, span, table + 6 * j, a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i);
        }
        runPasses(span / 4);
        return sum;
    }

    /**
     * Writes {@code X_k} for {@code k < bins} of the last {@link #transform} to {@code outRe} and
     * {@code outIm}. Only the requested bins are untangled from the half-size transform, which
     * saves most of that step when a caller needs the low frequencies only.
     *
     * @param bins number of bins, at most {@code size/2 + 1}
     */
    public void readBins(int bins, double[] outRe, double[] outIm) {
        if (bins < 1 || bins > half + 1) {
            throw new IllegalArgumentException("bins must be between 1 and " + (half + 1) + ", got " + bins);
        }

        // Untangle the half-size complex transform into the spectrum of the real sequence.
        for (int k = 0; k < bins; k++) {
            int a = reversed[k == half ? 0 : k];
            int b = reversed[k == 0 ? 0 : half - k];
            double zr = pointRe(a);
            double zi = pointIm(a);
            double cr = pointRe(b);
            double ci = -pointIm(b);
            double evenRe = 0.5 * (zr + cr);
            double evenIm = 0.5 * (zi + ci);
            double oddRe = 0.5 * (zi - ci);
            double oddIm = -0.5 * (zr - cr);
            double wr = realCos[k];
            double wi = realSin[k];
            outRe[k] = evenRe + wr * oddRe - wi * oddIm;
            outIm[k] = evenIm + wr * oddIm + wi * oddRe;
        }
    }

    /** Returns the real part of the complex transform at bit-reversed position {@code p}, finishing the radix-2 stage if one is left. */
    private double pointRe(int p) {
        if (!radix2Last) {
            return re[p];
        }
        int even = p & ~1;
        return (p & 1) == 0 ? re[even] + re[even + 1] : re[even] - re[even + 1];
    }

    /** Returns the imaginary part of the complex transform at bit-reversed position {@code p}, as {@link #pointRe} does. */
    private double pointIm(int p) {
        if (!radix2Last) {
            return im[p];
        }
        int even = p & ~1;
        return (p & 1) == 0 ? im[even] + im[even + 1] : im[even] - im[even + 1];
    }

    /**
     * Runs the radix-4 passes from span {@code firstSpan} down to 1. The radix-2 stage that
     * follows when the number of stages is odd is left to {@link #readBins}, which applies it to
     * the points it reads only: the HRV bands need about 40 % of them.
     */
    private void runPasses(int firstSpan) {
        for (int h = firstSpan; h >= 1; h >>= 2) {
            int table = twiddleTable(h);
            for (int start = 0; start < half; start += 4 * h) {
                unitButterfly(start, h);
                for (int j = 1; j < h; j++) {
                    int i0 = start + j;
                    butterfly(i0, h, table + 6 * j, re[i0], im[i0], re[i0 + h], im[i0 + h], re[i0 + 2 * h], im[i0 + 2 * h],
                            re[i0 + 3 * h], im[i0 + 3 * h]);
                }
            }
        }
    }

    /** Computes the butterfly at j = 0, where every twiddle factor is 1. */
    private void unitButterfly(int i0, int h) {
        int i1 = i0 + h;
        int i2 = i1 + h;
        int i3 = i2 + h;
        double sumEvenR = re[i0] + re[i2];
        double sumEvenI = im[i0] + im[i2];
        double diffEvenR = re[i0] - re[i2];
        double diffEvenI = im[i0] - im[i2];
        double sumOddR = re[i1] + re[i3];
        double sumOddI = im[i1] + im[i3];
        double diffOddR = re[i1] - re[i3];
        double diffOddI = im[i1] - im[i3];
        re[i0] = sumEvenR + sumOddR;
        im[i0] = sumEvenI + sumOddI;
        re[i1] = sumEvenR - sumOddR;
        im[i1] = sumEvenI - sumOddI;
        re[i2] = diffEvenR + diffOddI;
        im[i2] = diffEvenI - diffOddR;
        re[i3] = diffEvenR - diffOddI;
        im[i3] = diffEvenI + diffOddR;
    }

    /**
     * Radix-4 decimation-in-frequency butterfly on the points i0 + q·h (q = 0..3) with values
     * a0..a3. The sum of all four goes to i0 unchanged; the other three outputs are multiplied by
     * their twiddle factors from {@code twiddles[t ..]} and stored at i0 + h (frequency 2 of 4,
     * W^2j), i0 + 2h (frequency 1, W^j) and i0 + 3h (frequency 3, W^3j), which is the order two
     * radix-2 stages would leave them in.
     */
    private void butterfly(int i0, int h, int t, double a0r, double a0i, double a1r, double a1i, double a2r, double a2i,
            double a3r, double a3i) {
        double sumEvenR = a0r + a2r;
        double sumEvenI = a0i + a2i;
        double diffEvenR = a0r - a2r;
        double diffEvenI = a0i - a2i;
        double sumOddR = a1r + a3r;
        double sumOddI = a1i + a3i;
        double diffOddR = a1r - a3r;
        double diffOddI = a1i - a3i;

        re[i0] = sumEvenR + sumOddR;
        im[i0] = sumEvenI + sumOddI;
        double y2r = sumEvenR - sumOddR;
        double y2i = sumEvenI - sumOddI;
        // Frequency 1 takes -i (a1 - a3), and frequency 3 takes +i (a1 - a3).
        double y1r = diffEvenR + diffOddI;
        double y1i = diffEvenI - diffOddR;
        double y3r = diffEvenR - diffOddI;
        double y3i = diffEvenI + diffOddR;

        double w1r = twiddles[t];
        double w1i = twiddles[t + 1];
        double w2r = twiddles[t + 2];
        double w2i = twiddles[t + 3];
        double w3r = twiddles[t + 4];
        double w3i = twiddles[t + 5];
        re[i0 + h] = y2r * w2r - y2i * w2i;
        im[i0 + h] = y2r * w2i + y2i * w2r;
        re[i0 + 2 * h] = y1r * w1r - y1i * w1i;
        im[i0 + 2 * h] = y1r * w1i + y1i * w1r;
        re[i0 + 3 * h] = y3r * w3r - y3i * w3i;
        im[i0 + 3 * h] = y3r * w3i + y3i * w3r;
    }
}
