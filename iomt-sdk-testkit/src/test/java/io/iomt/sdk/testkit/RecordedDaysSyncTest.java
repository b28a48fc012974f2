package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.fitbit.AuthorizationRequest;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Syncs the 8 bundled days of every type the recordings contain (heart rate, steps, sleep) through
 * the real client, pipeline and simulator, and checks that the store contains exactly the recording:
 * same times, values, UTC offsets and durations.
 */
class RecordedDaysSyncTest {

    private static final SubjectId SUBJECT = SubjectId.of("recorded-subject");
    private static final Set<Metric> RECORDED = EnumSet.of(Metric.HEART_RATE, Metric.STEPS, Metric.SLEEP_STAGE,
            Metric.SLEEP_SESSION);

    @Test
    @Timeout(180)
    void storedSeriesEqualRecording() {
        RecordedData data = FitabaseRecording.bundled();
        TimeRange range = FitabaseRecording.bundledRange();
        InMemorySampleStore samples = new InMemorySampleStore();

        try (GoogleHealthSimulator simulator = GoogleHealthSimulator.builder().user("recorded-user", data).start();
                GoogleHealthWearable wearable = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                        .clientId(simulator.clientId())
                        .clientSecret(simulator.clientSecret())
                        .redirectUri(simulator.redirectUri())
                        .allEndpointsAt(simulator.baseUrl().toString())
                        .build())) {
            MonitoringPipeline pipeline = MonitoringPipeline.builder()
                    .wearable(wearable)
                    .tokenStore(new InMemoryTokenStore())
                    .sampleStore(samples)
                    .metrics(RECORDED)
                    .build();
            AuthorizationRequest request = wearable.oauth().authorizationRequest();
            TokenPair tokens = wearable.oauth().completeAuthorization(request, simulator.approve(request.url()));
            pipeline.connect(SUBJECT, ProviderId.GOOGLE_HEALTH, "recorded-user", tokens);

            SyncReport report = pipeline.sync(SUBJECT, range);

            assertThat(report.isComplete()).as("%s", report.failures()).isTrue();
        }

        // Sleep logs are selected by their end, so a night that began before the range comes whole.
        TimeRange everything = TimeRange.of(range.start().minus(Duration.ofDays(2)), range.end().plus(Duration.ofDays(2)));
        for (Metric metric : RECORDED) {
            Series stored = samples.read(SUBJECT, metric, everything);
            Series recorded = data.series(metric);
            assertThat(stored.size()).as("%s points", metric).isEqualTo(recorded.size());
            assertThat(stored.contentEquals(recorded)).as("%s stored equals recording", metric).isTrue();
        }
        assertThat(samples.read(SUBJECT, Metric.HEART_RATE, range).size())
                .isEqualTo(FitabaseRecording.BUNDLED_HEART_RATE_SAMPLES);
        assertThat(Math.round(samples.read(SUBJECT, Metric.STEPS, range).sum()))
                .isEqualTo(FitabaseRecording.BUNDLED_STEP_TOTAL);
    }
}
