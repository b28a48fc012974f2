package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StressPersonalBaselineAnalyzerTest {

    private static final SubjectId SUBJECT = SubjectId.of("subject-1");
    private static final Instant RANGE_START = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration HISTORY = Duration.ofHours(2);
    private static final TimeRange RANGE = TimeRange.starting(RANGE_START, Duration.ofMinutes(30));
    private static final Duration WINDOW = Duration.ofMinutes(5);

    static LongStream seeds() {
        return PropertySeeds.seeds();
    }

    /** Heart rate every 5 s from the start of the history to the end of the range, around {@code level} bpm. */
    private static Series heartRate(SplittableRandom random, double historyLevel, double rangeLevel) {
        Series.Builder b = Series.builder(Metric.HEART_RATE);
        long start = RANGE_START.minus(HISTORY).toEpochMilli();
        for (long t = start; t < RANGE.endMillis(); t += 5_000) {
            double level = t < RANGE.startMillis() ? historyLevel : rangeLevel;
            b.add(t, level + 3 * PropertySeeds.gaussian(random));
        }
        return b.build();
    }

    /** RR beats from the start of the history to the end of the range with the given mean interval in the range. */
    private static Series rr(SplittableRandom random, double historyMean, double rangeMean, double rangeJitter) {
        Series.Builder b = Series.builder(Metric.RR_INTERVAL);
        double t = RANGE_START.minus(HISTORY).toEpochMilli();
        while (t < RANGE.endMillis()) {
            boolean inRange = t >= RANGE.startMillis();
            double mean = inRange ? rangeMean : historyMean;
            double jitter = inRange ? rangeJitter : 40;
            double interval = mean + jitter * PropertySeeds.gaussian(random);
            t += interval;
            b.add((long) t, interval);
        }
        return b.build();
    }

    private static PersonalBaselineStressAnalyzer analyzer() {
        return PersonalBaselineStressAnalyzer.builder().baselineHistory(HISTORY).build();
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void scoreNeverDecreasesWhenHeartRateAtRestRises(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Series hr = heartRate(random, 55 + 30 * random.nextDouble(), 55 + 40 * random.nextDouble());
        Series steps = randomSteps(random);
        double rise = 0.5 + 20 * random.nextDouble();
        Series raised = raiseInRange(hr, rise);

        List<StressWindow> before = analyzer().assess(SUBJECT, RANGE, WINDOW, AnalyzerInput.of(hr, steps)).windows();
        List<StressWindow> after = analyzer().assess(SUBJECT, RANGE, WINDOW, AnalyzerInput.of(raised, steps)).windows();

        String why = "seed " + seed + " (replay with -Dprops.seed=" + seed + ")";
        assertThat(after).as(why).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).isScored()).as(why).isEqualTo(before.get(i).isScored());
            if (before.get(i).isScored()) {
                assertThat(after.get(i).score()).as(why + ", window " + i).isGreaterThanOrEqualTo(before.get(i).score());
            }
        }
    }

    @Test
    void elevatedHeartRateScoresHigherThanBaseline() {
        SplittableRandom random = new SplittableRandom(1);
        Series calm = heartRate(random, 62, 62);
        Series stressed = heartRate(random, 62, 80);

        StressWindow calmWindow = analyzer().assess(SUBJECT, RANGE, WINDOW, AnalyzerInput.of(calm)).windows().get(0);
        StressWindow stressedWindow = analyzer().assess(SUBJECT, RANGE, WINDOW, AnalyzerInput.of(stressed)).windows().get(0);

        assertThat(calmWindow.level()).isEqualTo(StressLevel.LOW);
        assertThat(stressedWindow.level()).isEqualTo(StressLevel.VERY_HIGH);
        assertThat(factor(stressedWindow, "heart_rate_above_baseline").value()).isCloseTo(18, within(2.0));
        assertThat(factor(stressedWindow, "personal_baseline").value()).isEqualTo(1.0);
    }

    @Test
    void factorPointsAddUpToScore() {
        SplittableRandom random = new SplittableRandom(2);
        AnalyzerInput input = AnalyzerInput.of(heartRate(random, 60, 72), rr(random, 1000, 830, 15));

        for (StressWindow w : analyzer().assess(SUBJECT, RANGE, WINDOW, input).scoredWindows()) {
            double points = w.factors().stream().mapToDouble(StressFactor::contribution).sum();
            assertThat(points).isCloseTo(w.score(), within(1e-9));
        }
    }

    @Test
    void rrOnlyInputUsesHrv() {
        SplittableRandom random = new SplittableRandom(3);
        // In the range the beats are faster and far less variable than in the history.
        AnalyzerInput input = AnalyzerInput.of(rr(random, 1000, 800, 8));

        StressWindow w = analyzer().assess(SUBJECT, RANGE, WINDOW, input).windows().get(0);

        assertThat(w.isScored()).isTrue();
        assertThat(factor(w, "rmssd_below_baseline").contribution()).isPositive();
        assertThat(factor(w, "heart_rate_above_baseline").value()).isCloseTo(15, within(2.0));
        assertThat(w.level()).isIn(StressLevel.HIGH, StressLevel.VERY_HIGH);
    }

    @Test
    void deviceRmssdSamplesAreUsed() {
        SplittableRandom random = new SplittableRandom(4);
        Series.Builder hrv = Series.builder(Metric.HRV_RMSSD);
        for (long t = RANGE_START.minus(HISTORY).toEpochMilli(); t < RANGE.endMillis(); t += 60_000) {
            hrv.add(t, t < RANGE.startMillis() ? 45 + 5 * random.nextDouble() : 20);
        }
        AnalyzerInput input = AnalyzerInput.of(heartRate(random, 60, 60), hrv.build());

        StressWindow w = analyzer().assess(SUBJECT, RANGE, WINDOW, input).windows().get(0);

        assertThat(factor(w, "rmssd_window").value()).isEqualTo(20.0);
        assertThat(factor(w, "rmssd_below_baseline").contribution()).isPositive();
    }

    @Test
    void activeWindowIsNotScorable() {
        SplittableRandom random = new SplittableRandom(5);
        Series.Builder steps = Series.builder(Metric.STEPS);
        for (long t = RANGE.startMillis(); t < RANGE.startMillis() + WINDOW.toMillis(); t += 60_000) {
            steps.add(t, 110, Series.NO_OFFSET, 60_000);
        }

        List<StressWindow> windows = analyzer().assess(SUBJECT, RANGE, WINDOW,
                AnalyzerInput.of(heartRate(random, 60, 60), steps.build())).windows();

        assertThat(windows.get(0).isScored()).isFalse();
        assertThat(windows.get(0).reason()).hasValueSatisfying(r -> assertThat(r).startsWith("physical activity"));
        assertThat(windows.get(2).isScored()).isTrue();
    }

    @Test
    void activityLevelGatesLikeSteps() {
        SplittableRandom random = new SplittableRandom(6);
        Series activity = Series.builder(Metric.ACTIVITY_LEVEL)
                .add(RANGE.startMillis(), ActivityLevel.VERY_ACTIVE.code(), Series.NO_OFFSET, WINDOW.toMillis())
                .build();

        List<StressWindow> windows = analyzer().assess(SUBJECT, RANGE, WINDOW,
                AnalyzerInput.of(heartRate(random, 60, 60), activity)).windows();

        assertThat(windows.get(0).isScored()).isFalse();
        assertThat(windows.get(1).isScored()).isTrue();
    }

    @Test
    void windowWithoutDataIsNotScorable() {
        StressWindow w = analyzer().assess(SUBJECT, RANGE, WINDOW, AnalyzerInput.of()).windows().get(0);

        assertThat(w.isScored()).isFalse();
        assertThat(w.reason()).contains("no heart-rate or RR data in the window");
        assertThat(w.confidence()).isZero();
    }

    @Test
    void sparseWindowNotScorable() {
        Series hr = Series.builder(Metric.HEART_RATE).add(RANGE.startMillis() + 1000, 97.25).build();

        StressWindow w = analyzer().assess(SUBJECT, RANGE, WINDOW, AnalyzerInput.of(hr)).windows().get(0);

        assertThat(w.isScored()).isFalse();
        assertThat(w.reason().orElseThrow()).startsWith("too little data").doesNotContain("97");
    }

    @Test
    void withoutHistoryPopulationDefaultsLowerConfidence() {
        SplittableRandom random = new SplittableRandom(7);
        Series hr = heartRate(random, 65, 65).slice(RANGE);

        StressWindow w = analyzer().assess(SUBJECT, RANGE, WINDOW, AnalyzerInput.of(hr)).windows().get(0);

        assertThat(w.isScored()).isTrue();
        assertThat(factor(w, "personal_baseline").value()).isZero();
        assertThat(factor(w, "heart_rate_baseline").value()).isEqualTo(70.0);
        assertThat(w.confidence()).isLessThanOrEqualTo(0.6 * 0.8 + 1e-9);
    }

    @Test
    void baselineIgnoresAssessedRange() {
        SplittableRandom random = new SplittableRandom(8);
        Series hr = heartRate(random, 60, 90);

        StressWindow w = analyzer().assess(SUBJECT, RANGE, WINDOW, AnalyzerInput.of(hr)).windows().get(0);

        assertThat(factor(w, "heart_rate_baseline").value()).isCloseTo(60, within(1.0));
    }

    @Test
    void describesItself() {
        PersonalBaselineStressAnalyzer analyzer = analyzer();

        assertThat(analyzer.modelVersion()).isEqualTo("iomt-stress-2");
        assertThat(analyzer.baselineHistory()).isEqualTo(HISTORY);
        assertThat(analyzer.inputs()).contains(Metric.HEART_RATE, Metric.RR_INTERVAL, Metric.HRV_RMSSD, Metric.STEPS);
    }

    @Test
    void invalidSettingsRejected() {
        assertThatThrownBy(() -> PersonalBaselineStressAnalyzer.builder().minimumCoverage(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumCoverage");
        assertThatThrownBy(() -> PersonalBaselineStressAnalyzer.builder().baselineHistory(Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baselineHistory");
        assertThatThrownBy(() -> analyzer().assess(SUBJECT, RANGE, Duration.ZERO, AnalyzerInput.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window must be positive");
    }

    private static Series randomSteps(SplittableRandom random) {
        Series.Builder b = Series.builder(Metric.STEPS);
        long start = RANGE_START.minus(HISTORY).toEpochMilli();
        for (long t = start; t < RANGE.endMillis(); t += 60_000) {
            if (random.nextDouble() < 0.15) {
                b.add(t, 20 + random.nextInt(100), Series.NO_OFFSET, 60_000);
            }
        }
        return b.build();
    }

    private static Series raiseInRange(Series hr, double rise) {
        Series.Builder b = Series.builder(Metric.HEART_RATE, hr.size());
        for (int i = 0; i < hr.size(); i++) {
            boolean inRange = RANGE.containsMillis(hr.timeAt(i));
            b.add(hr.timeAt(i), hr.valueAt(i) + (inRange ? rise : 0));
        }
        return b.build();
    }

    private static StressFactor factor(StressWindow w, String name) {
        return w.factors().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No factor " + name));
    }
}
