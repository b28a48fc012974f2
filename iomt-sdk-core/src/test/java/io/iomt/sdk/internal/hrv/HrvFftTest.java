package io.iomt.sdk.internal.hrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HrvFftTest {

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {4, 8, 16, 32, 64, 128, 1024, 2048})
    void powerSpectrumMatchesDirectDft(int size) {
        SplittableRandom random = new SplittableRandom(size);
        int length = size - size / 4;
        double[] x = new double[size];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextDouble() - 0.5;
        }
        double[] fast = new double[size / 2 + 1];

        new Fft(size).addPowerSpectrum(x, length, fast);

        for (int k = 0; k <= size / 2; k++) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < length; n++) {
                re += x[n] * Math.cos(2 * Math.PI * k * n / size);
                im -= x[n] * Math.sin(2 * Math.PI * k * n / size);
            }
            assertThat(fast[k]).as("bin %d", k).isCloseTo(re * re + im * im, within(1e-9 * size));
        }
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
