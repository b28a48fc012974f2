package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.model.Message;

@Timeout(120)
class SyncFanOutHandlerTest {

    private static LambdaTestEnvironment env;

    @BeforeAll
    static void start() {
        env = LambdaTestEnvironment.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void emptyQueueAndTable() {
        Events.drain(env.services.sqs(), env.queueUrl).forEach(m -> env.services.sqs()
                .deleteMessage(d -> d.queueUrl(env.queueUrl).receiptHandle(m.receiptHandle())));
        env.services.tokenStore().list(null, 1000).records()
                .forEach(r -> env.services.tokenStore().delete(r.id(), r.version()));
    }

    @Test
    void emptyTable() {
        Map<String, Integer> result = new SyncFanOutHandler(env.services).handleRequest(Events.schedule(), null);

        assertThat(result).containsEntry("listed", 0).containsEntry("sent", 0).containsEntry("failed", 0);
        assertThat(Events.drain(env.services.sqs(), env.queueUrl)).isEmpty();
    }

    @Test
    void oneMessagePerDueConnection() {
        for (int i = 0; i < 23; i++) {
            env.connect(SubjectId.of("subject-" + i));
        }

        Map<String, Integer> result = new SyncFanOutHandler(env.services).handleRequest(Events.schedule(), null);

        assertThat(result).containsEntry("listed", 23).containsEntry("due", 23).containsEntry("sent", 23)
                .containsEntry("failed", 0);
        List<Message> messages = Events.drain(env.services.sqs(), env.queueUrl);
        Set<ConnectionId> connections = messages.stream().map(m -> SyncMessage.parse(m.body()).connection())
                .collect(Collectors.toSet());
        assertThat(messages).hasSize(23);
        assertThat(connections).hasSize(23)
                .contains(ConnectionId.of(SubjectId.of("subject-7"), ProviderId.GOOGLE_HEALTH));
    }

    @Test
    void skipsFreshAndInactive() {
        SubjectId fresh = SubjectId.of("fresh");
        SubjectId revoked = SubjectId.of("revoked");
        SubjectId stale = SubjectId.of("stale");
        env.connect(fresh);
        env.connect(revoked);
        env.connect(stale);
        env.services.tokenStore().update(ConnectionId.of(fresh, ProviderId.GOOGLE_HEALTH), r -> r
                .withWatermark(Metric.HEART_RATE, LambdaTestEnvironment.NOW.minusSeconds(60))
                .withWatermark(Metric.STEPS, LambdaTestEnvironment.NOW.minusSeconds(60)));
        env.services.tokenStore().update(ConnectionId.of(stale, ProviderId.GOOGLE_HEALTH), r -> r
                .withWatermark(Metric.HEART_RATE, LambdaTestEnvironment.NOW.minusSeconds(60))
                .withWatermark(Metric.STEPS, LambdaTestEnvironment.NOW.minusSeconds(7 * 3600)));
        env.services.tokenStore().update(ConnectionId.of(revoked, ProviderId.GOOGLE_HEALTH), r -> r.withConnection(
                r.connection().withStatus(ConnectionStatus.REAUTHORIZATION_REQUIRED, "test", LambdaTestEnvironment.NOW)));

        Map<String, Integer> result = new SyncFanOutHandler(env.services).handleRequest(Events.schedule(), null);

        assertThat(result).containsEntry("listed", 3).containsEntry("due", 1).containsEntry("sent", 1);
        assertThat(Events.drain(env.services.sqs(), env.queueUrl))
                .extracting(m -> SyncMessage.parse(m.body()).connection().subject())
                .containsExactly(stale);
    }

    @Test
    void unsentMessagesFailTheInvocation() {
        env.connect(SubjectId.of("lost"));
        Map<String, String> variables = new HashMap<>(env.variables);
        variables.put(LambdaConfig.SYNC_QUEUE_URL, env.queueUrl + "-missing");

        try (LambdaServices broken = LambdaServices.create(LambdaConfig.of(variables), env.services.clock())) {
            SyncFanOutHandler handler = new SyncFanOutHandler(broken);
            assertThat(handler.fanOut().failed).isEqualTo(1);
            assertThatThrownBy(() -> handler.handleRequest(Events.schedule(), null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("1 sync messages could not be sent");
        }
    }

    @Test
    void nullEventIsAccepted() {
        assertThat(new SyncFanOutHandler(env.services).handleRequest(null, null)).containsEntry("failed", 0);
    }
}
