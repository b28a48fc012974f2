package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestingHeartRateStressAnalyzerTest {

    private static final Instant T0 = Instant.parse("2016-04-21T04:00:00Z");
    private static final SubjectId SUBJECT = SubjectId.of("demo");
    private final RestingHeartRateStressAnalyzer analyzer = RestingHeartRateStressAnalyzer.withBaselineHistory(Duration.ZERO);

    /** One heart-rate sample every 10 s at {@code bpm} for {@code minutes}, starting {@code startMinute} after T0. */
    private static void addHeartRate(Series.Builder builder, int startMinute, int minutes, double bpm) {
        for (int s = 0; s < minutes * 60; s += 10) {
            builder.add(T0.toEpochMilli() + startMinute * 60_000L + s * 1000L, bpm);
        }
    }

    @Test
    void elevationOfFifteenBpmScoresFifty() {
        Series.Builder heartRate = Series.builder(Metric.HEART_RATE);
        addHeartRate(heartRate, 0, 60, 60);
        addHeartRate(heartRate, 60, 60, 75);
        AnalyzerInput input = AnalyzerInput.of(heartRate.build(), Series.empty(Metric.STEPS));

        StressAssessment assessment = analyzer.assess(SUBJECT, TimeRange.starting(T0, Duration.ofHours(2)),
                Duration.ofHours(1), input);

        // Resting = 10th percentile of 360 samples at 60 and 360 at 75 = 60; window 2 median = 75.
        StressWindow calm = assessment.windows().get(0);
        StressWindow elevated = assessment.windows().get(1);
        assertThat(calm.score()).isCloseTo(0, within(1e-9));
        assertThat(elevated.score()).isCloseTo(50, within(1e-9));
        assertThat(elevated.level()).isEqualTo(StressLevel.HIGH);
        assertThat(elevated.confidence()).isCloseTo(1, within(1e-9));
        assertThat(elevated.factors()).extracting(StressFactor::name).contains("heart_rate_above_resting");
    }

    @Test
    void elevationBeyondFullScaleIsCapped() {
        Series.Builder heartRate = Series.builder(Metric.HEART_RATE);
        addHeartRate(heartRate, 0, 60, 55);
        addHeartRate(heartRate, 60, 60, 120);
        AnalyzerInput input = AnalyzerInput.of(heartRate.build());

        StressAssessment assessment = analyzer.assess(SUBJECT, TimeRange.starting(T0, Duration.ofHours(2)),
                Duration.ofHours(1), input);

        assertThat(assessment.windows().get(1).score()).isEqualTo(100);
        assertThat(assessment.windows().get(1).level()).isEqualTo(StressLevel.VERY_HIGH);
    }

    @Test
    void walkingMinutesAreNotScored() {
        Series.Builder heartRate = Series.builder(Metric.HEART_RATE);
        addHeartRate(heartRate, 0, 60, 60);
        addHeartRate(heartRate, 60, 60, 110);
        Series.Builder steps = Series.builder(Metric.STEPS);
        for (int minute = 60; minute < 120; minute++) {
            steps.add(T0.toEpochMilli() + minute * 60_000L, 100, Series.NO_OFFSET, 60_000);
        }
        AnalyzerInput input = AnalyzerInput.of(heartRate.build(), steps.build());

        StressAssessment assessment = analyzer.assess(SUBJECT, TimeRange.starting(T0, Duration.ofHours(2)),
                Duration.ofHours(1), input);

        StressWindow walking = assessment.windows().get(1);
        assertThat(walking.isScored()).isFalse();
        assertThat(walking.reason()).hasValueSatisfying(r -> assertThat(r).contains("inactive"));
    }

    @Test
    void tooLittleHistoryIsNotScorable() {
        Series.Builder heartRate = Series.builder(Metric.HEART_RATE);
        addHeartRate(heartRate, 0, 2, 60);

        StressAssessment assessment = analyzer.assess(SUBJECT, TimeRange.starting(T0, Duration.ofHours(1)),
                Duration.ofHours(1), AnalyzerInput.of(heartRate.build()));

        assertThat(assessment.windows().get(0).reason()).hasValueSatisfying(r -> assertThat(r).contains("resting"));
    }

    @Test
    void windowToStringHidesScore() {
        StressWindow window = StressWindow.scored(TimeRange.starting(T0, Duration.ofHours(1)), 42.5,
                StressLevel.MODERATE, 0.9, java.util.List.of());

        assertThat(window.toString()).doesNotContain("42.5");
    }
}
