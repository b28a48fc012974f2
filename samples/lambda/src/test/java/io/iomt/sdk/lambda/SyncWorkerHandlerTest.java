package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.Series;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.testkit.FitabaseRecording;
import io.iomt.sdk.testkit.RecordedData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class SyncWorkerHandlerTest {

    private static LambdaTestEnvironment env;

    @BeforeAll
    static void start() {
        env = LambdaTestEnvironment.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void syncsAndScoresOneConnection() {
        SubjectId subject = SubjectId.of("worker-demo");
        env.connect(subject);
        ConnectionId id = ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH);

        SQSBatchResponse response = new SyncWorkerHandler(env.services)
                .handleRequest(Events.sqs(Map.of("m-1", SyncMessage.incremental(id).toJson())), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        TimeRange range = LambdaTestEnvironment.recording();
        assertThat(env.services.sampleStore().read(subject, Metric.HEART_RATE, range).size())
                .isEqualTo(FitabaseRecording.BUNDLED_HEART_RATE_SAMPLES);
        assertThat(env.services.sampleStore().read(subject, Metric.STRESS_SCORE, range).size()).isPositive();
        assertThat(env.services.tokenStore().load(id).orElseThrow().watermark(Metric.HEART_RATE)).isPresent();
    }

    @Test
    void reportsOnlyMalformedMessages() {
        SubjectId subject = SubjectId.of("worker-batch");
        env.connect(subject);
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("good", SyncMessage.incremental(ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH)).toJson());
        bodies.put("not-json", "{connection:");
        bodies.put("no-connection", "{\"subject\":\"x\"}");
        bodies.put("bad-key", "{\"connection\":\"no-slash\"}");
        bodies.put("bad-range", "{\"connection\":\"a/google-health\",\"ranges\":[{\"start\":\"yesterday\"}]}");
        bodies.put("empty", "");

        SQSBatchResponse response = new SyncWorkerHandler(env.services).handleRequest(Events.sqs(bodies), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyInAnyOrder("not-json", "no-connection", "bad-key", "bad-range", "empty");
    }

    @Test
    void unknownConnectionIsNotRetried() {
        ConnectionId unknown = ConnectionId.of(SubjectId.of("nobody"), ProviderId.GOOGLE_HEALTH);
        ConnectionId otherProvider = ConnectionId.of(SubjectId.of("nobody"), ProviderId.FITBIT_LEGACY);

        SQSBatchResponse response = new SyncWorkerHandler(env.services).handleRequest(Events.sqs(Map.of(
                "unknown", SyncMessage.incremental(unknown).toJson(),
                "other", SyncMessage.incremental(otherProvider).toJson())), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void storeFailureIsRetried() {
        SubjectId subject = SubjectId.of("worker-store-down");
        env.connect(subject);
        Map<String, String> variables = new java.util.HashMap<>(env.variables);
        variables.put(LambdaConfig.SAMPLE_TABLE, "missing-sample-table");

        try (LambdaServices broken = LambdaServices.create(LambdaConfig.of(variables), env.services.clock())) {
            SQSBatchResponse response = new SyncWorkerHandler(broken).handleRequest(Events.sqs(Map.of("m",
                    SyncMessage.incremental(ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH)).toJson())), null);

            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("m");
        }
    }

    @Test
    void syncsWebhookRanges() {
        SubjectId subject = SubjectId.of("worker-ranges");
        env.connect(subject);
        Instant start = LambdaTestEnvironment.recording().start().plus(Duration.ofDays(2));
        TimeRange day = TimeRange.of(start, start.plus(Duration.ofDays(1)));
        SyncMessage message = new SyncMessage(ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH),
                Set.of(Metric.HEART_RATE), List.of(day));

        SQSBatchResponse response = new SyncWorkerHandler(env.services)
                .handleRequest(Events.sqs(Map.of("r", message.toJson())), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(env.services.sampleStore().read(subject, Metric.HEART_RATE, LambdaTestEnvironment.recording())
                .size()).isPositive().isEqualTo(env.services.sampleStore().read(subject, Metric.HEART_RATE, day).size());
        assertThat(env.services.sampleStore().read(subject, Metric.STEPS, LambdaTestEnvironment.recording()).size())
                .isZero();
    }

    @Test
    void replacementDeletesWhatTheProviderRemoved() {
        SubjectId subject = SubjectId.of("worker-delete");
        RecordedData recorded = FitabaseRecording.bundled();
        env.simulator.addUser("deleting-user", recorded);
        env.connect(subject, "deleting-user");
        ConnectionId id = ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH);
        Instant start = LambdaTestEnvironment.recording().start().plus(Duration.ofDays(2));
        TimeRange day = TimeRange.of(start, start.plus(Duration.ofDays(1)));
        TimeRange removed = TimeRange.of(start.plus(Duration.ofHours(10)), start.plus(Duration.ofHours(12)));
        SyncWorkerHandler worker = new SyncWorkerHandler(env.services);
        worker.handleRequest(Events.sqs(Map.of("sync", new SyncMessage(id, Set.of(Metric.HEART_RATE), List.of(day))
                .toJson())), null);
        int before = env.services.sampleStore().read(subject, Metric.HEART_RATE, day).size();
        int outside = before - env.services.sampleStore().read(subject, Metric.HEART_RATE, removed).size();
        assertThat(outside).isPositive().isLessThan(before);
        assertThat(env.services.sampleStore().read(subject, Metric.STRESS_SCORE, removed).size()).isPositive();

        env.simulator.replaceData("deleting-user", withoutHeartRateIn(recorded, removed));
        SyncMessage replace = new SyncMessage(id, Set.of(Metric.HEART_RATE), List.of(removed), true);
        SQSBatchResponse response = worker.handleRequest(Events.sqs(Map.of("delete", replace.toJson())), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(env.services.sampleStore().read(subject, Metric.HEART_RATE, removed).size()).isZero();
        assertThat(env.services.sampleStore().read(subject, Metric.HEART_RATE, day).size()).isEqualTo(outside);
        assertThat(env.services.sampleStore().read(subject, Metric.STRESS_SCORE, removed).size())
                .as("scores of windows without heart rate are gone").isZero();
    }

    private static RecordedData withoutHeartRateIn(RecordedData data, TimeRange removed) {
        List<Series> series = new ArrayList<>();
        for (Metric metric : data.metrics()) {
            Series remaining = data.series(metric);
            if (metric == Metric.HEART_RATE) {
                int from = remaining.indexAtOrAfter(removed.startMillis());
                int to = remaining.indexAtOrAfter(removed.endMillis());
                remaining = Series.builder(metric).addAll(remaining.slice(0, from))
                        .addAll(remaining.slice(to, remaining.size())).build();
            }
            series.add(remaining);
        }
        return RecordedData.of(data.zone(), series);
    }

    @Test
    void nullEvent() {
        assertThat(new SyncWorkerHandler(env.services).handleRequest(null, null).getBatchItemFailures()).isEmpty();
    }
}
