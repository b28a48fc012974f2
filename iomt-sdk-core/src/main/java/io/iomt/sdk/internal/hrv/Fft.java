package io.iomt.sdk.internal.hrv;

import org.jspecify.annotations.Nullable;

/**
 * Fast Fourier transform of real input of a fixed power-of-two size: a complex transform of half
 * the size on the even and odd samples, untangled into the real spectrum. The complex transform
 * is an iterative decimation in time on bit-reversed input, with radix-4 passes (three complex
 * multiplications per four points, none when the twiddle factors are 1) after one radix-2 stage
 * when the number of stages is odd. Twiddle factors and the bit-reversal table are precomputed.
 *
 * <p>Hand-written because core may only depend on the JDK, SLF4J, Caffeine and JSpecify, and a
 * power-of-two transform of a few thousand points is all the Welch estimator needs. An instance
 * owns scratch buffers, so it is not thread-safe: use one per thread or per call.
 */
public final class Fft {

    private final int size;
    private final int half;
    private final boolean radix2First;
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
        this.radix2First = bits % 2 == 1;

        // One block per radix-4 pass, passes in order. A pass that joins four transforms of
        // length h holds W^j, W^2j and W^3j (W = exp(-2πi / 4h)) for each j < h, as six doubles
        // (real and imaginary parts), so the inner loop reads them in order.
        int entries = 0;
        for (int h = radix2First ? 2 : 1; h < m; h <<= 2) {
            entries += 6 * h;
        }
        twiddles = new double[Math.max(1, entries)];
        int at = 0;
        for (int h = radix2First ? 2 : 1; h < m; h <<= 2) {
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

    /** Returns the transform size. */
    public int size() {
        return size;
    }

    /**
     * Loads {@code input[offset + n] * taper[n]} for {@code n < length} as the real input of the
     * next {@link #transform}, zero-padded to the transform size, and returns the sum of the
     * untapered samples so that a caller can remove the mean in the frequency domain.
     *
     * @param taper per-sample weights of at least {@code length} values, or {@code null} for none
     * @throws IllegalArgumentException if {@code length} exceeds the transform size
     */
    public double load(double[] input, int offset, int length, double @Nullable [] taper) {
        if (length > size) {
            throw new IllegalArgumentException("Input of " + length + " samples exceeds the FFT size " + size);
        }
        if (length == size && radix2First) {
            return loadFullWithFirstStage(input, offset, taper);
        }

        // Even samples go to the real part and odd samples to the imaginary part, in bit-reversed
        // order, so the transform runs in place on natural-order output.
        double evenSum = 0;
        double oddSum = 0;
        int pairs = length / 2;
        for (int j = 0; j < pairs; j++) {
            double even = input[offset + 2 * j];
            double odd = input[offset + 2 * j + 1];
            evenSum += even;
            oddSum += odd;
            int target = reversed[j];
            re[target] = taper == null ? even : even * taper[2 * j];
            im[target] = taper == null ? odd : odd * taper[2 * j + 1];
        }
        int filled = pairs;
        if (length % 2 == 1) {
            double even = input[offset + length - 1];
            evenSum += even;
            re[reversed[pairs]] = taper == null ? even : even * taper[length - 1];
            im[reversed[pairs]] = 0;
            filled++;
        }
        for (int j = filled; j < half; j++) {
            re[reversed[j]] = 0;
            im[reversed[j]] = 0;
        }
        if (radix2First) {
            radix2Stage();
        }
        return evenSum + oddSum;
    }

    /**
     * Loads a full-length input and runs the first radix-2 stage on the way, saving a pass over
     * the scratch buffers: complex points j and j + m/2 land next to each other in bit-reversed
     * order, at {@code reversed[j]} (even) and the position after it.
     */
    private double loadFullWithFirstStage(double[] input, int offset, double @Nullable [] taper) {
        int quarter = half / 2;
        double sum = 0;
        for (int j = 0; j < quarter; j++) {
            int a = offset + 2 * j;
            int b = a + half;
            double aRe = input[a];
            double aIm = input[a + 1];
            double bRe = input[b];
            double bIm = input[b + 1];
            sum += (aRe + aIm) + (bRe + bIm);
            if (taper != null) {
                aRe *= taper[2 * j];
                aIm *= taper[2 * j + 1];
                bRe *= taper[2 * j + half];
                bIm *= taper[2 * j + half + 1];
            }
            int target = reversed[j];
            re[target] = aRe + bRe;
            im[target] = aIm + bIm;
            re[target + 1] = aRe - bRe;
            im[target + 1] = aIm - bIm;
        }
        return sum;
    }

    /**
     * Transforms the loaded input and writes {@code X_k} for {@code k < bins} to {@code outRe}
     * and {@code outIm}. Only the requested bins are untangled from the half-size transform, which
     * saves most of that step when a caller needs the low frequencies only.
     *
     * @param bins number of bins, at most {@code size/2 + 1}
     */
    public void transform(int bins, double[] outRe, double[] outIm) {
        if (bins < 1 || bins > half + 1) {
            throw new IllegalArgumentException("bins must be between 1 and " + (half + 1) + ", got " + bins);
        }

        transformBitReversed();

        // Untangle the half-size complex transform into the spectrum of the real sequence.
        for (int k = 0; k < bins; k++) {
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
            outRe[k] = evenRe + wr * oddRe - wi * oddIm;
            outIm[k] = evenIm + wr * oddIm + wi * oddRe;
        }
    }

    /** Runs the radix-2 stage that joins neighbouring single points, in place. */
    private void radix2Stage() {
        for (int p = 0; p < half; p += 2) {
            double r = re[p + 1];
            double i = im[p + 1];
            re[p + 1] = re[p] - r;
            im[p + 1] = im[p] - i;
            re[p] += r;
            im[p] += i;
        }
    }

    /**
     * Runs the radix-4 passes on the bit-reversed data. In a block of four transforms of length
     * h, bit-reversed order puts the transform of points 4n first, then 4n + 2, 4n + 1 and 4n + 3,
     * so the second and third blocks take the twiddle factors W^2j and W^j.
     */
    private void transformBitReversed() {
        int m = half;
        int table = 0;
        for (int h = radix2First ? 2 : 1; h < m; h <<= 2) {
            for (int start = 0; start < m; start += 4 * h) {
                butterflyWithUnitTwiddles(start, h);
                for (int j = 1; j < h; j++) {
                    int t = table + 6 * j;
                    int i0 = start + j;
                    int i1 = i0 + h;
                    int i2 = i1 + h;
                    int i3 = i2 + h;
                    double w1r = twiddles[t];
                    double w1i = twiddles[t + 1];
                    double w2r = twiddles[t + 2];
                    double w2i = twiddles[t + 3];
                    double w3r = twiddles[t + 4];
                    double w3i = twiddles[t + 5];
                    double a0r = re[i0];
                    double a0i = im[i0];
                    double a2r = re[i1] * w2r - im[i1] * w2i;
                    double a2i = re[i1] * w2i + im[i1] * w2r;
                    double a1r = re[i2] * w1r - im[i2] * w1i;
                    double a1i = re[i2] * w1i + im[i2] * w1r;
                    double a3r = re[i3] * w3r - im[i3] * w3i;
                    double a3i = re[i3] * w3i + im[i3] * w3r;
                    fourPointDft(i0, h, a0r, a0i, a1r, a1i, a2r, a2i, a3r, a3i);
                }
            }
            table += 6 * h;
        }
    }

    private void butterflyWithUnitTwiddles(int i0, int h) {
        fourPointDft(i0, h, re[i0], im[i0], re[i0 + 2 * h], im[i0 + 2 * h], re[i0 + h], im[i0 + h], re[i0 + 3 * h],
                im[i0 + 3 * h]);
    }

    /** Writes the four-point transform of a0..a3 (already multiplied by their twiddle factors) to i0 + q·h. */
    private void fourPointDft(int i0, int h, double a0r, double a0i, double a1r, double a1i, double a2r, double a2i,
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
        re[i0 + 2 * h] = sumEvenR - sumOddR;
        im[i0 + 2 * h] = sumEvenI - sumOddI;
        // X[j + h] takes -i (a1 - a3), and X[j + 3h] takes +i (a1 - a3).
        re[i0 + h] = diffEvenR + diffOddI;
        im[i0 + h] = diffEvenI - diffOddR;
        re[i0 + 3 * h] = diffEvenR - diffOddI;
        im[i0 + 3 * h] = diffEvenI + diffOddR;
    }
}
