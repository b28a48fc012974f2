package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.WebhookOperation;
import io.iomt.sdk.testkit.WebhookDelivery;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Runs each handler through its usual path with a recorder on every AWS client and checks that
 * each recorded call is in {@link TemplatePolicyTest#USED}, the list the template's roles must
 * match: a new call in the code fails here until the list and the template grant it.
 */
@Timeout(300)
class AwsCallsTest {

    private static LambdaTestEnvironment env;

    @BeforeAll
    static void start() {
        env = LambdaTestEnvironment.start();
        env.connect(SubjectId.of("calls"));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void fanOut() {
        assertThat(record(services -> new SyncFanOutHandler(services).handleRequest(Events.schedule(), null)))
                .isNotEmpty().isSubsetOf(TemplatePolicyTest.USED.get("SyncFanOutFunction"));
    }

    @Test
    void worker() {
        List<software.amazon.awssdk.services.sqs.model.Message> queued = Events.drain(env.services.sqs(), env.queueUrl);
        String body = queued.isEmpty()
                ? SyncMessage.incremental(io.iomt.sdk.ConnectionId.of(SubjectId.of("calls"),
                        io.iomt.sdk.ProviderId.GOOGLE_HEALTH)).toJson()
                : queued.get(0).body();
        assertThat(record(services -> new SyncWorkerHandler(services).handleRequest(Events.sqs(Map.of("m", body)), null)))
                .isNotEmpty().isSubsetOf(TemplatePolicyTest.USED.get("SyncWorkerFunction"));
    }

    @Test
    void workerReplacingDeletedData() {
        TimeRange hour = TimeRange.of(Instant.parse("2016-04-25T10:00:00Z"), Instant.parse("2016-04-25T11:00:00Z"));
        io.iomt.sdk.ConnectionId id = io.iomt.sdk.ConnectionId.of(SubjectId.of("calls"),
                io.iomt.sdk.ProviderId.GOOGLE_HEALTH);
        String body = new SyncMessage(id, Set.of(io.iomt.sdk.Metric.HEART_RATE), List.of(hour), true).toJson();
        Set<String> calls = record(services -> {
            services.pipeline().sync(id, Set.of(io.iomt.sdk.Metric.HEART_RATE), hour);
            new SyncWorkerHandler(services).handleRequest(Events.sqs(Map.of("m", body)), null);
        });
        assertThat(calls).contains("dynamodb:DeleteItem@SampleTable")
                .isSubsetOf(TemplatePolicyTest.USED.get("SyncWorkerFunction"));
    }

    @Test
    void httpApi() {
        Set<String> calls = record(services -> {
            HttpApiHandler api = new HttpApiHandler(services);
            String url = HttpApiHandlerTest.body(api.handleRequest(
                    Events.http("POST", "/subjects/calls/connection", Map.of(), "calls"), null))
                    .get("authorizationUrl").asText();
            api.handleRequest(Events.callback(env.simulator.approve(URI.create(url))), null);
            api.handleRequest(Events.http("GET", "/subjects/calls/stress",
                    Map.of("from", "2016-04-22T00:00:00Z", "to", "2016-04-23T00:00:00Z"), "calls"), null);
        });
        assertThat(calls).isNotEmpty().isSubsetOf(TemplatePolicyTest.USED.get("HttpApiFunction"));
    }

    @Test
    void webhook() {
        byte[] body = env.webhooks.notificationBody(List.of(WebhookDelivery.Notification.of(
                LambdaTestEnvironment.DEMO_HEALTH_USER, "steps", WebhookOperation.UPSERT,
                TimeRange.of(Instant.parse("2016-04-25T10:00:00Z"), Instant.parse("2016-04-25T11:00:00Z")))));
        Set<String> calls = record(services -> new WebhookHandler(services)
                .handleRequest(Events.webhook(env.webhooks.signedRequest(body)), null));
        assertThat(calls).contains("sqs:SendMessage@SyncQueue")
                .isSubsetOf(TemplatePolicyTest.USED.get("WebhookFunction"));
    }

    private static Set<String> record(java.util.function.Consumer<LambdaServices> run) {
        Recorder recorder = new Recorder(env.variables);
        try (LambdaServices services = LambdaServices.create(LambdaConfig.of(env.variables),
                Clock.fixed(LambdaTestEnvironment.NOW, ZoneOffset.UTC), List.of(recorder))) {
            run.accept(services);
        }
        return recorder.calls;
    }

    /** Records each call as "service:Operation@LogicalId" of the template resource it targets. */
    private static final class Recorder implements ExecutionInterceptor {
        final Set<String> calls = new TreeSet<>();
        private final Map<String, String> variables;

        Recorder(Map<String, String> variables) {
            this.variables = variables;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase(java.util.Locale.ROOT);
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (operation.equals("SendMessageBatch")) {
                operation = "SendMessage";
            }
            calls.add(service + ":" + operation + "@" + target(context.request()));
        }

        private String target(SdkRequest request) {
            String table = request.getValueForField("TableName", String.class).orElse(null);
            Map<?, ?> batch = request.getValueForField("RequestItems", Map.class).orElse(Map.of());
            if (table == null && batch.size() == 1) {
                table = batch.keySet().iterator().next().toString();
            }
            if (table != null) {
                String logical = logicalId(table);
                return request.getValueForField("IndexName", String.class).isPresent() ? logical + "/index" : logical;
            }
            return request.getValueForField("QueueUrl", String.class).map(this::logicalId).orElse("?");
        }

        private String logicalId(String name) {
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                if (variable.getValue().equals(name)) {
                    return switch (variable.getKey()) {
                        case LambdaConfig.TOKEN_TABLE -> "TokenTable";
                        case LambdaConfig.SAMPLE_TABLE -> "SampleTable";
                        case LambdaConfig.OAUTH_STATE_TABLE -> "OAuthStateTable";
                        case LambdaConfig.SYNC_QUEUE_URL -> "SyncQueue";
                        default -> "?" + variable.getKey();
                    };
                }
            }
            return "?" + name;
        }
    }
}
