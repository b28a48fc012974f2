package io.iomt.sdk.internal.hrv;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.PropertySeeds;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HrvStatsTest {

    static LongStream seeds() {
        return PropertySeeds.seeds();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void medianBySelectionMatchesSorting(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[1 + random.nextInt(5000)];
        for (int i = 0; i < values.length; i++) {
            // Few distinct values, so ties are common, as with 1/128-s quantised intervals.
            values[i] = random.nextBoolean() ? random.nextInt(20) * 7.8125 : 300 + 1700 * random.nextDouble();
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);

        assertThat(Stats.median(values)).as("seed " + seed).isEqualTo(expected);
    }
}
