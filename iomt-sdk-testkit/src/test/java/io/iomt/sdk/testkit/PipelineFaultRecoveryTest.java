package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MetricSyncResult;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderException;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.fitbit.AuthorizationRequest;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import java.net.URI;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken page (truncated JSON, or an HTML error page with status 200) fails the sync of its
 * metric with a typed error naming the request, stores nothing of that chunk, and the next sync
 * stores everything: through the real client, pipeline and simulator.
 */
class PipelineFaultRecoveryTest {

    private static final SubjectId SUBJECT = SubjectId.of("fault-subject");

    private final RecordedData data = FitabaseRecording.bundled();
    private final LocalDate day = FitabaseRecording.BUNDLED_FIRST_DAY;
    private final TimeRange dayRange = TimeRange.of(day.atStartOfDay(data.zone()).toInstant(),
            day.plusDays(1).atStartOfDay(data.zone()).toInstant());

    private GoogleHealthSimulator simulator;
    private GoogleHealthWearable wearable;
    private InMemorySampleStore samples;
    private MonitoringPipeline pipeline;

    @BeforeEach
    void connect() {
        simulator = GoogleHealthSimulator.builder().user("fault-user", data).start();
        wearable = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                .clientId(simulator.clientId())
                .clientSecret(simulator.clientSecret())
                .redirectUri(simulator.redirectUri())
                .allEndpointsAt(simulator.baseUrl().toString())
                .pageSize(2000)
                .build());
        samples = new InMemorySampleStore();
        pipeline = MonitoringPipeline.builder()
                .wearable(wearable)
                .tokenStore(new InMemoryTokenStore())
                .sampleStore(samples)
                .metrics(EnumSet.of(Metric.HEART_RATE, Metric.STEPS))
                .build();
        AuthorizationRequest request = wearable.oauth().authorizationRequest();
        URI callback = simulator.approve(request.url());
        TokenPair tokens = wearable.oauth().completeAuthorization(request, callback);
        pipeline.connect(SUBJECT, ProviderId.GOOGLE_HEALTH, "fault-user", tokens);
    }

    @AfterEach
    void stop() {
        wearable.close();
        simulator.close();
    }

    static Stream<SimulatedFault> brokenPages() {
        return Stream.of(SimulatedFault.truncatedPage(), SimulatedFault.htmlErrorPage());
    }

    @ParameterizedTest
    @MethodSource("brokenPages")
    void brokenPageStoresNothingAndNextSyncCompletes(SimulatedFault fault) {
        simulator.inject(fault.onDataType("heart-rate"));

        SyncReport failed = pipeline.sync(SUBJECT, dayRange);

        MetricSyncResult heartRate = result(failed, Metric.HEART_RATE);
        assertThat(heartRate.isComplete()).isFalse();
        assertThat(heartRate.failure()).isInstanceOf(ProviderException.class);
        ProviderException error = (ProviderException) heartRate.failure();
        assertThat(error.request()).contains("heart-rate").doesNotContain("filter=").doesNotContain("Bearer");
        assertThat(error.isRetryable()).isFalse();
        assertThat(samples.read(SUBJECT, Metric.HEART_RATE, dayRange).size()).isZero();
        assertThat(result(failed, Metric.STEPS).isComplete()).isTrue();

        SyncReport next = pipeline.sync(SUBJECT, dayRange);

        assertThat(next.isComplete()).isTrue();
        assertThat(samples.read(SUBJECT, Metric.HEART_RATE, dayRange).size())
                .isEqualTo(data.heartRate().slice(dayRange).size());
        assertThat(samples.read(SUBJECT, Metric.STEPS, dayRange).size())
                .isEqualTo(data.steps().slice(dayRange).size());
    }

    private static MetricSyncResult result(SyncReport report, Metric metric) {
        return report.results().stream().filter(r -> r.metric() == metric).findFirst().orElseThrow();
    }
}
