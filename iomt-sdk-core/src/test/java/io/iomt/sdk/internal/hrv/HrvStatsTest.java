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

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void orderStatisticMatchesSorting(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = Stats.BUCKETED_SELECTION_MINIMUM + random.nextInt(40_000);
        double[] values = new double[n];
        int shape = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            values[i] = switch (shape) {
                // Quantised intervals: many ties in few buckets.
                case 0 -> 300 + random.nextInt(200) * 7.8125;
                // Signed values over many orders of magnitude, zeros of both signs included.
                case 1 -> random.nextInt(50) == 0 ? (random.nextBoolean() ? 0.0 : -0.0)
                        : (random.nextBoolean() ? 1 : -1) * Math.pow(10, -8 + 16 * random.nextDouble());
                default -> random.nextGaussian();
            };
        }
        double[] copy = values.clone();
        double[] sorted = values.clone();
        Arrays.sort(sorted);

        for (int rank : new int[] {0, n / 2 - 1, n / 2, n - 1, random.nextInt(n)}) {
            // Selection treats -0.0 and 0.0 as equal, as the < and > operators do, so compare with ==.
            double actual = Stats.orderStatistic(values, rank);
            assertThat(actual == sorted[rank]).as("rank %d is %s, expected %s, seed %d", rank, actual, sorted[rank], seed)
                    .isTrue();
        }
        double median = Stats.median(values);
        double expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        assertThat(median == expected).as("median %s, expected %s, seed %d", median, expected, seed).isTrue();
        assertThat(values).as("input unchanged").containsExactly(copy);
    }
}
