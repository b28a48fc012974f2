package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.iomt.sdk.Metric;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.WebhookOperation;
import io.iomt.sdk.testkit.WebhookDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.model.Message;

@Timeout(120)
class WebhookHandlerTest {

    private static LambdaTestEnvironment env;
    private static WebhookHandler handler;

    @BeforeAll
    static void start() {
        env = LambdaTestEnvironment.start();
        handler = new WebhookHandler(env.services);
        env.connect(SubjectId.of("webhook-subject"));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void answersVerification() {
        assertThat(handler.handleRequest(Events.webhook(env.webhooks.verificationRequest(true)), null)
                .getStatusCode()).isEqualTo(201);
        assertThat(handler.handleRequest(Events.webhook(env.webhooks.verificationRequest(false)), null)
                .getStatusCode()).isEqualTo(401);
    }

    @Test
    void queuesOneSyncPerNotification() {
        Instant start = Instant.parse("2016-04-23T10:00:00Z");
        TimeRange hour = TimeRange.of(start, start.plus(Duration.ofHours(1)));
        byte[] body = env.webhooks.notificationBody(List.of(
                WebhookDelivery.Notification.of(LambdaTestEnvironment.DEMO_HEALTH_USER, "steps", WebhookOperation.UPSERT,
                        hour),
                WebhookDelivery.Notification.of("unknown-user", "steps", WebhookOperation.UPSERT, hour)));

        APIGatewayV2HTTPResponse response = handler.handleRequest(Events.webhook(env.webhooks.signedRequest(body)), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(204);
        List<Message> queued = Events.drain(env.services.sqs(), env.queueUrl);
        assertThat(queued).hasSize(1);
        SyncMessage message = SyncMessage.parse(queued.get(0).body());
        assertThat(message.connection().subject()).isEqualTo(SubjectId.of("webhook-subject"));
        assertThat(message.metrics()).containsExactly(Metric.STEPS);
        assertThat(message.ranges()).isNotEmpty();
    }

    @Test
    void queuesDeleteAsReplacement() {
        Instant start = Instant.parse("2016-04-23T12:00:00Z");
        TimeRange hour = TimeRange.of(start, start.plus(Duration.ofHours(1)));
        byte[] body = env.webhooks.notificationBody(List.of(WebhookDelivery.Notification.of(
                LambdaTestEnvironment.DEMO_HEALTH_USER, "heart-rate", WebhookOperation.DELETE, hour)));

        APIGatewayV2HTTPResponse response = handler.handleRequest(Events.webhook(env.webhooks.signedRequest(body)), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(204);
        List<Message> queued = Events.drain(env.services.sqs(), env.queueUrl);
        assertThat(queued).hasSize(1);
        SyncMessage message = SyncMessage.parse(queued.get(0).body());
        assertThat(message.replace()).isTrue();
        assertThat(message.metrics()).containsExactly(Metric.HEART_RATE);
        assertThat(message.ranges()).containsExactly(hour);
    }

    @Test
    void rejectsBadSignature() {
        byte[] body = env.webhooks.notificationBody(List.of(WebhookDelivery.Notification.of(
                LambdaTestEnvironment.DEMO_HEALTH_USER, "steps", WebhookOperation.UPSERT)));
        APIGatewayV2HTTPEvent event = Events.webhook(env.webhooks.signedRequest(body));
        event.setBody(java.util.Base64.getEncoder().encodeToString("[{\"tampered\":true}]".getBytes()));

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    }

    @Test
    void queueDownAsksForRedelivery() {
        Map<String, String> variables = new HashMap<>(env.variables);
        variables.put(LambdaConfig.SYNC_QUEUE_URL, env.queueUrl + "-missing");
        byte[] body = env.webhooks.notificationBody(List.of(WebhookDelivery.Notification.of(
                LambdaTestEnvironment.DEMO_HEALTH_USER, "heart-rate", WebhookOperation.UPSERT,
                TimeRange.of(Instant.parse("2016-04-24T10:00:00Z"), Instant.parse("2016-04-24T11:00:00Z")))));

        try (LambdaServices broken = LambdaServices.create(LambdaConfig.of(variables), env.services.clock())) {
            APIGatewayV2HTTPResponse response = new WebhookHandler(broken)
                    .handleRequest(Events.webhook(env.webhooks.signedRequest(body)), null);
            assertThat(response.getStatusCode()).isEqualTo(503);
        }
    }

    @Test
    void rejectsMalformedEvents() {
        APIGatewayV2HTTPEvent notBase64 = Events.webhook(env.webhooks.verificationRequest(true));
        notBase64.setBody("***");

        assertThat(handler.handleRequest(notBase64, null).getStatusCode()).isEqualTo(400);
        assertThat(handler.handleRequest(null, null).getStatusCode()).isEqualTo(400);
        assertThat(handler.handleRequest(new APIGatewayV2HTTPEvent(), null).getStatusCode()).isEqualTo(400);
        APIGatewayV2HTTPEvent get = Events.webhook(env.webhooks.verificationRequest(true));
        get.getRequestContext().getHttp().setMethod("GET");
        assertThat(handler.handleRequest(get, null).getStatusCode()).isEqualTo(405);
    }
}
