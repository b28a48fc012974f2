package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.testkit.FitabaseRecording;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deployed flow, locally: consent through the HTTP API, the scheduled fan-out, the SQS worker
 * on each queued message, then the HTTP reads of the demo subject's stored heart rate and stress.
 */
@Timeout(600)
class EndToEndTest {

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
    void scheduleSyncAndRead() {
        HttpApiHandler api = new HttpApiHandler(env.services);
        APIGatewayV2HTTPResponse started = api.handleRequest(
                Events.http("POST", "/subjects/demo-subject/connection", Map.of(), "demo-subject"), null);
        URI redirect = env.simulator.approve(URI.create(HttpApiHandlerTest.body(started).get("authorizationUrl").asText()));
        assertThat(api.handleRequest(Events.callback(redirect), null).getStatusCode()).isEqualTo(200);
        env.connect(SubjectId.of("second-subject"));

        Map<String, Integer> fanOut = new SyncFanOutHandler(env.services).handleRequest(Events.schedule(), null);
        List<Message> queued = Events.drain(env.services.sqs(), env.queueUrl);

        assertThat(fanOut).containsEntry("due", 2).containsEntry("sent", 2);
        assertThat(queued).hasSize(2);

        SQSBatchResponse worked = new SyncWorkerHandler(env.services).handleRequest(Events.sqs(queued), null);
        assertThat(worked.getBatchItemFailures()).isEmpty();

        Map<String, String> range = Map.of("from", LambdaTestEnvironment.recording().start().toString(),
                "to", LambdaTestEnvironment.recording().end().toString());
        JsonNode heartRate = HttpApiHandlerTest.body(api.handleRequest(
                Events.http("GET", "/subjects/demo-subject/heart-rate", range, "demo-subject"), null));
        JsonNode stress = HttpApiHandlerTest.body(api.handleRequest(
                Events.http("GET", "/subjects/demo-subject/stress", range, "demo-subject"), null));

        assertThat(heartRate.get("points")).hasSize(FitabaseRecording.BUNDLED_HEART_RATE_SAMPLES);
        assertThat(heartRate.get("unit").asText()).isNotBlank();
        assertThat(stress.get("points").size()).isGreaterThan(24);
        JsonNode firstScore = stress.get("points").get(0);
        assertThat(firstScore.get("value").asDouble()).isBetween(0.0, 100.0);
        assertThat(firstScore.get("level").asText()).isNotBlank();
        assertThat(firstScore.get("durationSeconds").asLong()).isEqualTo(3600);

        Map<String, Integer> again = new SyncFanOutHandler(env.services).handleRequest(Events.schedule(), null);
        assertThat(again).containsEntry("due", 0);
    }
}
