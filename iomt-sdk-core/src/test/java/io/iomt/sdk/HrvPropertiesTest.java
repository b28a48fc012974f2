package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests on seeded random RR series. A failing case names its seed; replay it with
 * {@code -Dprops.seed=SEED}.
 */
class HrvPropertiesTest {

    static LongStream seeds() {
        return PropertySeeds.seeds();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void metricsUnchangedByTimeShift(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int count = 200 + random.nextInt(400);
        RrIntervals rr = RrIntervals.ofMillis(PropertySeeds.rrSeries(random, count));
        double shift = 1.6e12 * random.nextDouble();
        HrvOptions options = HrvOptions.builder().lombScargle(true).sampleEntropy(true).build();

        HrvMetrics original = HrvAnalysis.analyze(rr, options);
        HrvMetrics shifted = HrvAnalysis.analyze(rr.shiftedBy(shift), options);

        String why = "seed " + seed + " (replay with -Dprops.seed=" + seed + ")";
        assertThat(shifted.timeDomain()).as(why).isEqualTo(original.timeDomain());
        assertThat(shifted.geometric()).as(why).isEqualTo(original.geometric());
        assertThat(shifted.poincare()).as(why).isEqualTo(original.poincare());
        assertThat(shifted.dfaAlpha1()).as(why).isEqualTo(original.dfaAlpha1());
        assertThat(shifted.sampleEntropy()).as(why).isEqualTo(original.sampleEntropy());
        // Beat times far from zero round differently, so spectra agree to rounding only.
        assertThat(shifted.welch().lf()).as(why).isCloseTo(original.welch().lf(), within(1e-6 * original.welch().total()));
        assertThat(shifted.welch().hf()).as(why).isCloseTo(original.welch().hf(), within(1e-6 * original.welch().total()));
        assertThat(shifted.lombScargle().lf()).as(why)
                .isCloseTo(original.lombScargle().lf(), within(1e-6 * original.lombScargle().total()));
        assertThat(shifted.lombScargle().hf()).as(why)
                .isCloseTo(original.lombScargle().hf(), within(1e-6 * original.lombScargle().total()));
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void rmssdOfConstantSeriesIsZero(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] rr = new double[3 + random.nextInt(500)];
        java.util.Arrays.fill(rr, 300 + 1700 * random.nextDouble());

        HrvTimeDomain t = HrvAnalysis.timeDomain(RrIntervals.ofMillis(rr));

        String why = "seed " + seed;
        assertThat(t.rmssd()).as(why).isZero();
        assertThat(t.sdnn()).as(why).isCloseTo(0.0, within(1e-9));
        assertThat(t.nn50()).as(why).isZero();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void scalingIntervalsScalesSdnnAndRmssd(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] rr = PropertySeeds.rrSeries(random, 50 + random.nextInt(500));
        double k = 0.5 + 1.5 * random.nextDouble();
        double[] scaled = rr.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= k;
        }

        HrvTimeDomain original = HrvAnalysis.timeDomain(RrIntervals.ofMillis(rr));
        HrvTimeDomain result = HrvAnalysis.timeDomain(RrIntervals.ofMillis(scaled));

        String why = "seed " + seed + ", k=" + k;
        assertThat(result.sdnn()).as(why).isCloseTo(k * original.sdnn(), within(1e-9 * k * original.sdnn()));
        assertThat(result.rmssd()).as(why).isCloseTo(k * original.rmssd(), within(1e-9 * k * original.rmssd()));
        assertThat(result.meanHr()).as(why).isCloseTo(original.meanHr() / k, within(1e-9 * original.meanHr()));
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void poincareIdentityHolds(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RrIntervals rr = RrIntervals.ofMillis(PropertySeeds.rrSeries(random, 100 + random.nextInt(500)));

        HrvTimeDomain t = HrvAnalysis.timeDomain(rr);
        HrvPoincare p = HrvAnalysis.poincare(rr);

        // SD1² + SD2² = 2 SDNN², and SD1² = SDSD² / 2, by construction of both conventions.
        String why = "seed " + seed;
        assertThat(p.sd1() * p.sd1() + p.sd2() * p.sd2()).as(why)
                .isCloseTo(2 * t.sdnn() * t.sdnn(), within(1e-6 * t.sdnn() * t.sdnn()));
        assertThat(p.sd1()).as(why).isCloseTo(t.sdsd() / Math.sqrt(2), within(1e-9 * t.sdsd()));
    }
}
