package io.iomt.sdk.internal.hrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class HrvFftTest {

    @ParameterizedTest(name = "size {0}, {1} samples")
    @CsvSource({"4,4", "4,2", "8,8", "8,5", "16,16", "16,11", "32,32", "64,64", "64,47", "128,128", "1024,1024", "1024,767",
            "2048,2048", "2048,1535"})
    void transformMatchesDirectDft(int size, int length) {
        SplittableRandom random = new SplittableRandom(size * 31L + length);
        double[] x = new double[size + 3];
        double[] taper = new double[length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() - 0.5;
        }
        for (int i = 0; i < length; i++) {
            taper[i] = random.nextDouble();
        }
        int bins = size / 2 + 1;
        double[] re = new double[bins];
        double[] im = new double[bins];
        Fft fft = new Fft(size);

        double sum = fft.transform(x, 3, length, taper);
        fft.readBins(bins, re, im);

        double expectedSum = 0;
        for (int n = 0; n < length; n++) {
            expectedSum += x[3 + n];
        }
        assertThat(sum).isCloseTo(expectedSum, within(1e-12 * size));
        for (int k = 0; k < bins; k++) {
            double dftRe = 0;
            double dftIm = 0;
            for (int n = 0; n < length; n++) {
                double v = x[3 + n] * taper[n];
                dftRe += v * Math.cos(2 * Math.PI * k * n / size);
                dftIm -= v * Math.sin(2 * Math.PI * k * n / size);
            }
            assertThat(re[k]).as("real part of bin %d", k).isCloseTo(dftRe, within(1e-9 * size));
            assertThat(im[k]).as("imaginary part of bin %d", k).isCloseTo(dftIm, within(1e-9 * size));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Welch.Window.class)
    void welchMatchesDirectPeriodograms(Welch.Window window) {
        long seed = 20261204L + window.ordinal();
        SplittableRandom random = new SplittableRandom(seed);
        double fs = 4;
        int length = 256;
        double overlap = 0.5;
        double[] signal = new double[1500];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = 800 + 40 * Math.sin(2 * Math.PI * 0.1 * i / fs) + 10 * (random.nextDouble() - 0.5);
        }

        Spectrum fast = Welch.density(signal, fs, length, overlap, window, 512, 0.4);

        double[] expected = directWelch(signal, fs, length, Welch.step(length, overlap), window, 512);
        assertThat(fast.resolution()).isEqualTo(fs / 512);
        assertThat(fast.size()).as("bins up to 0.4 Hz").isEqualTo(52);
        for (int k = 0; k < fast.size(); k++) {
            assertThat(fast.densityAt(k)).as("bin %d, seed %d", k, seed)
                    .isCloseTo(expected[k], within(1e-9 * Math.max(1, expected[k])));
        }
    }

    /** Textbook Welch: mean removed and taper applied in the time domain, each bin a direct DFT sum. */
    private static double[] directWelch(double[] signal, double fs, int length, int step, Welch.Window window, int fftSize) {
        double[] w = new double[length];
        double energy = 0;
        for (int n = 0; n < length; n++) {
            double c = Math.cos(2 * Math.PI * n / length);
            w[n] = switch (window) {
                case HANN -> 0.5 - 0.5 * c;
                case HAMMING -> 0.54 - 0.46 * c;
                case RECTANGULAR -> 1.0;
            };
            energy += w[n] * w[n];
        }
        double[] power = new double[fftSize / 2 + 1];
        int segments = 0;
        for (int start = 0; start + length <= signal.length; start += step) {
            double mean = 0;
            for (int n = 0; n < length; n++) {
                mean += signal[start + n] / length;
            }
            for (int k = 0; k < power.length; k++) {
                double re = 0;
                double im = 0;
                for (int n = 0; n < length; n++) {
                    double v = (signal[start + n] - mean) * w[n];
                    re += v * Math.cos(2 * Math.PI * k * n / fftSize);
                    im -= v * Math.sin(2 * Math.PI * k * n / fftSize);
                }
                power[k] += re * re + im * im;
            }
            segments++;
        }
        for (int k = 0; k < power.length; k++) {
            boolean edge = k == 0 || k == fftSize / 2;
            power[k] *= (edge ? 1.0 : 2.0) / (fs * energy * segments);
        }
        return power;
    }

    @ParameterizedTest(name = "knot spacing {0}")
    @ValueSource(doubles = {1e-4, 0.8, 3e3})
    void splineMatchesThomasSolution(double spacing) {
        long seed = Double.doubleToLongBits(spacing);
        SplittableRandom random = new SplittableRandom(seed);
        int knots = 20_000;
        double[] x = new double[knots];
        double[] y = new double[knots];
        for (int i = 1; i < knots; i++) {
            x[i] = x[i - 1] + spacing * (0.4 + 1.6 * random.nextDouble());
            y[i] = 800 + 100 * random.nextGaussian();
        }
        y[0] = 800;
        double step = spacing / 3;
        int count = (int) (x[knots - 1] / step);

        double[] fast = CubicSpline.resample(x, y, 0, step, count);

        double[] second = thomasSecondDerivatives(x, y);
        int interval = 0;
        for (int k = 0; k < count; k++) {
            double t = k * step;
            while (interval < knots - 2 && t > x[interval + 1]) {
                interval++;
            }
            double h = x[interval + 1] - x[interval];
            double a = (x[interval + 1] - t) / h;
            double b = (t - x[interval]) / h;
            double expected = a * y[interval] + b * y[interval + 1]
                    + ((a * a * a - a) * second[interval] + (b * b * b - b) * second[interval + 1]) * h * h / 6;
            assertThat(fast[k]).as("sample %d, seed %d", k, seed).isCloseTo(expected, within(1e-9 * 800));
        }
    }

    /** Textbook Thomas algorithm for the natural spline's second derivatives. */
    private static double[] thomasSecondDerivatives(double[] x, double[] y) {
        int n = x.length;
        double[] diagonal = new double[n];
        double[] rhs = new double[n];
        double[] second = new double[n];
        for (int i = 1; i < n - 1; i++) {
            double left = x[i] - x[i - 1];
            double right = x[i + 1] - x[i];
            diagonal[i] = 2 * (left + right);
            rhs[i] = 6 * ((y[i + 1] - y[i]) / right - (y[i] - y[i - 1]) / left);
            if (i > 1) {
                double factor = left / diagonal[i - 1];
                diagonal[i] -= factor * left;
                rhs[i] -= factor * rhs[i - 1];
            }
        }
        for (int i = n - 2; i >= 1; i--) {
            second[i] = (rhs[i] - (i < n - 2 ? (x[i + 1] - x[i]) * second[i + 1] : 0)) / diagonal[i];
        }
        return second;
    }

    @Test
    void cursorFillsMatchOneResample() {
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[200];
        double[] y = new double[200];
        double t = 0;
        for (int i = 0; i < x.length; i++) {
            t += 0.6 + 0.6 * random.nextDouble();
            x[i] = t;
            y[i] = 700 + 100 * random.nextDouble();
        }
        double[] whole = CubicSpline.resample(x, y, 0, 0.25, 900);

        double[] pieces = new double[900];
        CubicSpline.Cursor cursor = CubicSpline.natural(x, y).cursor(0, 0.25);
        for (int offset = 0; offset < pieces.length; offset += 128) {
            cursor.fill(pieces, offset, Math.min(128, pieces.length - offset));
        }

        assertThat(pieces).containsExactly(whole);
    }

    @ParameterizedTest(name = "{0} knots")
    @ValueSource(ints = {3, 10, 500})
    void splinePassesThroughKnotsAndIsExactOnLines(int knots) {
        double[] x = new double[knots];
        double[] y = new double[knots];
        SplittableRandom random = new SplittableRandom(knots);
        double t = 0;
        for (int i = 0; i < knots; i++) {
            t += 0.5 + random.nextDouble();
            x[i] = t;
            y[i] = 3 + 2 * t;
        }

        double[] onKnots = new double[knots];
        for (int i = 0; i < knots; i++) {
            onKnots[i] = CubicSpline.resample(x, y, x[i], 1, 1)[0];
        }
        double[] grid = CubicSpline.resample(x, y, x[0], 0.25, (int) ((x[knots - 1] - x[0]) / 0.25));

        for (int i = 0; i < knots; i++) {
            assertThat(onKnots[i]).isCloseTo(y[i], within(1e-9));
        }
        for (int k = 0; k < grid.length; k++) {
            assertThat(grid[k]).isCloseTo(3 + 2 * (x[0] + 0.25 * k), within(1e-9));
        }
    }
}
