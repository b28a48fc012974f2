package io.iomt.sdk;

import static io.iomt.sdk.SyncFakes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Stress alerts: thresholds with hysteresis, minimum duration, per-subject state across assessments. */
class StressAlertMonitorTest {

    private static final SubjectId SUBJECT = new SubjectId("subject-1");
    private static final Duration HOUR = Duration.ofHours(1);

    private final List<StressAlertEvent> received = new CopyOnWriteArrayList<>();

    private StressAlertMonitor.Builder monitor() {
        return StressAlertMonitor.builder().listener(received::add);
    }

    /** Returns an assessment of consecutive 1-hour windows from {@code start}; NaN means not scorable. */
    private static StressAssessment assessment(Instant start, double... scores) {
        List<StressWindow> windows = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            TimeRange window = TimeRange.starting(start.plus(HOUR.multipliedBy(i)), HOUR);
            if (Double.isNaN(scores[i])) {
                windows.add(StressWindow.notScorable(window, "too little data", 0.1));
            } else {
                windows.add(StressWindow.scored(window, scores[i], StressLevel.ofScore(scores[i]), 0.9,
                        List.of(new StressFactor("heart_rate_above_resting", 23.5, "bpm", scores[i]))));
            }
        }
        return new StressAssessment(SUBJECT, "test-1", TimeRange.of(start, start.plus(HOUR.multipliedBy(scores.length))),
                windows);
    }

    @Test
    void noisyWindowDoesNotAlert() {
        StressAlertMonitor alerts = monitor().build();

        alerts.accept(assessment(T0, 20, 90, 20, 30));

        assertThat(received).isEmpty();
        assertThat(alerts.isAlerting(SUBJECT)).isFalse();
    }

    @Test
    void consecutiveHighWindowsRaise() {
        StressAlertMonitor alerts = monitor().build();

        List<StressAlertEvent> events = alerts.accept(assessment(T0, 20, 80, 90, 85));

        assertThat(events).hasSize(1).isEqualTo(received);
        StressAlertEvent raised = events.get(0);
        assertThat(raised.type()).isEqualTo(StressAlertEvent.Type.RAISED);
        assertThat(raised.subject()).isEqualTo(SUBJECT);
        assertThat(raised.window()).isEqualTo(TimeRange.starting(T0.plus(HOUR.multipliedBy(2)), HOUR));
        assertThat(raised.since()).isEqualTo(T0.plus(HOUR));
        assertThat(raised.score()).isEqualTo(90);
        assertThat(raised.level()).isEqualTo(StressLevel.VERY_HIGH);
        assertThat(raised.modelVersion()).isEqualTo("test-1");
        assertThat(raised.factors()).extracting(StressFactor::name).containsExactly("heart_rate_above_resting");
        assertThat(alerts.isAlerting(SUBJECT)).isTrue();
    }

    @Test
    void toStringHidesScoreAndFactorValues() {
        StressAlertMonitor alerts = monitor().build();

        StressAlertEvent raised = alerts.accept(assessment(T0, 81.25, 93.75)).get(0);

        assertThat(raised.toString()).contains("RAISED", "subject-1")
                .doesNotContain("93.75", "81.25", "23.5", "93", "score=");
    }

    @Test
    void hysteresisHoldsAlertBetweenThresholds() {
        StressAlertMonitor alerts = monitor().build();
        alerts.accept(assessment(T0, 80, 80));

        alerts.accept(assessment(T0.plus(HOUR.multipliedBy(2)), 60, 55, 70, 40));

        assertThat(received).extracting(StressAlertEvent::type).containsExactly(StressAlertEvent.Type.RAISED);
        assertThat(alerts.isAlerting(SUBJECT)).isTrue();

        alerts.accept(assessment(T0.plus(HOUR.multipliedBy(6)), 45));

        assertThat(received).extracting(StressAlertEvent::type)
                .containsExactly(StressAlertEvent.Type.RAISED, StressAlertEvent.Type.CLEARED);
        StressAlertEvent cleared = received.get(1);
        assertThat(cleared.since()).isEqualTo(T0.plus(HOUR.multipliedBy(5)));
        assertThat(cleared.score()).isEqualTo(45);
        assertThat(alerts.isAlerting(SUBJECT)).isFalse();
    }

    @Test
    void stateSurvivesAcrossAssessments() {
        StressAlertMonitor alerts = monitor().build();

        alerts.accept(assessment(T0, 85));
        assertThat(received).isEmpty();
        alerts.accept(assessment(T0.plus(HOUR), 88));

        assertThat(received).hasSize(1);
        assertThat(received.get(0).since()).isEqualTo(T0);
    }

    @Test
    void repeatedAssessmentRaisesOnce() {
        StressAlertMonitor alerts = monitor().build();

        alerts.accept(assessment(T0, 85, 88));
        alerts.accept(assessment(T0, 85, 88));
        alerts.accept(assessment(T0.minus(HOUR), 10, 85, 88));

        assertThat(received).hasSize(1);
    }

    @Test
    void minimumDurationApplies() {
        StressAlertMonitor alerts = monitor().minConsecutiveWindows(1).minDuration(Duration.ofHours(3)).build();

        alerts.accept(assessment(T0, 80, 80));
        assertThat(received).isEmpty();
        alerts.accept(assessment(T0.plus(HOUR.multipliedBy(2)), 80));

        assertThat(received).hasSize(1);
        assertThat(received.get(0).since()).isEqualTo(T0);
    }

    @Test
    void notScorableWindowsSkipped() {
        StressAlertMonitor alerts = monitor().build();

        alerts.accept(assessment(T0, 80, Double.NaN, 80));

        assertThat(received).hasSize(1);
        assertThat(received.get(0).since()).isEqualTo(T0);
    }

    @Test
    void longGapRestartsCount() {
        StressAlertMonitor alerts = monitor().build();

        alerts.accept(assessment(T0, 80, Double.NaN, Double.NaN, Double.NaN, 80));

        assertThat(received).isEmpty();
        alerts.accept(assessment(T0.plus(HOUR.multipliedBy(5)), 80));
        assertThat(received).hasSize(1);
    }

    @Test
    void subjectsTrackedApart() {
        StressAlertMonitor alerts = monitor().build();
        SubjectId other = new SubjectId("subject-2");
        StressAssessment first = assessment(T0, 80);

        alerts.accept(first);
        alerts.accept(new StressAssessment(other, "test-1", first.range(), first.windows()));
        alerts.accept(assessment(T0.plus(HOUR), 80));

        assertThat(received).extracting(StressAlertEvent::subject).containsExactly(SUBJECT);
        assertThat(alerts.trackedSubjects()).isEqualTo(2);
        alerts.reset(SUBJECT);
        assertThat(alerts.isAlerting(SUBJECT)).isFalse();
    }

    @Test
    void throwingListenerIgnored() {
        StressAlertMonitor alerts = StressAlertMonitor.builder()
                .listener(event -> {
                    throw new IllegalStateException("listener bug");
                })
                .listener(received::add)
                .build();

        alerts.accept(assessment(T0, 80, 80));

        assertThat(received).hasSize(1);
    }

    @Test
    void builderRejectsBadThresholds() {
        assertThatThrownBy(() -> StressAlertMonitor.builder().enterAt(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enterAt");
        assertThatThrownBy(() -> StressAlertMonitor.builder().enterAt(40).leaveAt(60).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("leaveAt (60.0) must not exceed");
        assertThatThrownBy(() -> StressAlertMonitor.builder().minConsecutiveWindows(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minConsecutiveWindows");
    }

    @Test
    void pipelineAssessFeedsMonitor() {
        StressAlertMonitor alerts = monitor().build();
        StressAnalyzer analyzer = new FixedAnalyzer(85);
        MonitoringPipeline pipeline = MonitoringPipeline.builder()
                .wearable(new SyncFakes.FakeWearable(new SyncFakes.FakeTokenEndpoint(java.time.Clock.systemUTC()),
                        Metric.HEART_RATE))
                .tokenStore(new InMemoryTokenStore())
                .sampleStore(new InMemorySampleStore())
                .analyzer(analyzer)
                .alertMonitor(alerts)
                .build();

        pipeline.assess(SUBJECT, TimeRange.starting(T0, HOUR));
        assertThat(received).isEmpty();
        pipeline.assess(SUBJECT, TimeRange.starting(T0.plus(HOUR), HOUR));

        assertThat(received).hasSize(1);
        assertThat(pipeline.alertMonitor()).contains(alerts);
    }

    /** An analyzer that scores every window with the same score. */
    private record FixedAnalyzer(double score) implements StressAnalyzer {
        @Override
        public String modelVersion() {
            return "fixed-1";
        }

        @Override
        public Set<Metric> inputs() {
            return Set.of(Metric.HEART_RATE);
        }

        @Override
        public Duration baselineHistory() {
            return Duration.ZERO;
        }

        @Override
        public StressAssessment assess(SubjectId subject, TimeRange range, Duration window, AnalyzerInput input) {
            List<StressWindow> windows = range.split(window).stream()
                    .map(w -> StressWindow.scored(w, score, StressLevel.ofScore(score), 1, List.of()))
                    .toList();
            return new StressAssessment(subject, modelVersion(), range, windows);
        }
    }
}
