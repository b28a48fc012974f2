package io.iomt.sdk.fitbit;

import static io.iomt.sdk.fitbit.WebhookTestSupport.SECRET;
import static io.iomt.sdk.fitbit.WebhookTestSupport.keysetJson;
import static io.iomt.sdk.fitbit.WebhookTestSupport.notificationJson;
import static io.iomt.sdk.fitbit.WebhookTestSupport.signedRequest;
import static io.iomt.sdk.fitbit.WebhookTestSupport.stepsUpsert;
import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.WebhookTestSupport.QueuedExecutor;
import io.iomt.sdk.fitbit.WebhookTestSupport.RecordingListener;
import io.iomt.sdk.fitbit.WebhookTestSupport.TestKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookReceiverTest {

    private static final byte[] VERIFICATION = "{\"type\":\"verification\"}".getBytes(StandardCharsets.UTF_8);
    private static final ConnectionId CONNECTION = ConnectionId.of(SubjectId.of("patient-7"), ProviderId.GOOGLE_HEALTH);

    private final TestKey key = new TestKey(1_234_567_890L);
    private final QueuedExecutor executor = new QueuedExecutor();
    private final RecordingListener listener = new RecordingListener();
    private WebhookReceiver receiver;

    @BeforeEach
    void setUp() {
        receiver = receiverBuilder().build();
    }

    private WebhookReceiver.Builder receiverBuilder() {
        return WebhookReceiver.builder()
                .secret(SECRET)
                .keysetSource(WebhookKeysetSource.of(WebhookKeyset.parse(keysetJson(key))))
                .listener(listener)
                .executor(executor);
    }

    private static WebhookRequest verification(boolean withSecret) {
        WebhookRequest.Builder builder = WebhookRequest.builder()
                .header("Content-Type", "application/json")
                .header("User-Agent", "Google-Health-API-Webhooks-Verifier")
                .body(VERIFICATION);
        if (withSecret) {
            builder.header("Authorization", SECRET);
        }
        return builder.build();
    }

    @Test
    void verificationAuthorizedFirst() {
        assertThat(receiver.handle(verification(true)).status()).isEqualTo(201);
        assertThat(receiver.handle(verification(false)).status()).isEqualTo(401);
    }

    @Test
    void verificationUnauthorizedFirst() {
        assertThat(receiver.handle(verification(false)).status()).isEqualTo(401);
        assertThat(receiver.handle(verification(true)).status()).isEqualTo(201);
        assertThat(receiver.stats().verifications()).isEqualTo(1);
        assertThat(receiver.stats().rejected(WebhookRejection.Reason.UNAUTHORIZED)).isEqualTo(1);
    }

    @Test
    void verificationIgnoresUserAgent() {
        WebhookRequest request = WebhookRequest.builder().header("authorization", SECRET)
                .header("User-Agent", "something-else").body(VERIFICATION).build();

        assertThat(receiver.handle(request).status()).isEqualTo(201);
    }

    @Test
    void verificationWrongSecret() {
        WebhookRequest request = WebhookRequest.builder().header("Authorization", "Bearer wrong")
                .body(VERIFICATION).build();

        WebhookResponse response = receiver.handle(request);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.bodyText()).contains("Authorization").doesNotContain("wrong").doesNotContain(SECRET);
    }

    @Test
    void verificationConfiguredStatuses() {
        WebhookReceiver custom = receiverBuilder().verificationStatus(200).unauthorizedStatus(403).build();

        assertThat(custom.handle(verification(true)).status()).isEqualTo(200);
        assertThat(custom.handle(verification(false)).status()).isEqualTo(403);
    }

    @Test
    void rotationAcceptsBothSecrets() {
        WebhookReceiver rotating = receiverBuilder().secret("Bearer new-secret").previousSecret(SECRET).build();
        WebhookRequest withNew = WebhookRequest.builder().header("Authorization", "Bearer new-secret")
                .body(VERIFICATION).build();

        assertThat(rotating.handle(withNew).status()).isEqualTo(201);
        assertThat(rotating.handle(verification(true)).status()).isEqualTo(201);
        assertThat(rotating.handle(verification(false)).status()).isEqualTo(401);
    }

    @Test
    void validNotificationAnswers204BeforeListener() {
        WebhookResponse response = receiver.handle(signedRequest(key, stepsUpsert()));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(listener.syncRequests).isEmpty();
        assertThat(executor.pending()).isEqualTo(1);

        executor.runAll();

        assertThat(listener.syncRequests).hasSize(1);
        WebhookSyncRequest request = listener.syncRequests.get(0);
        assertThat(request.healthUserId()).isEqualTo("user-1");
        assertThat(request.dataType()).isEqualTo("steps");
        assertThat(request.metrics()).containsExactly(Metric.STEPS);
        assertThat(request.operation()).isEqualTo(WebhookOperation.UPSERT);
        assertThat(request.intervals()).containsExactly(TimeRange.of(
                Instant.parse("2026-12-01T07:15:00Z"), Instant.parse("2026-12-01T07:20:00Z")));
        assertThat(request.connection()).isNull();
        assertThat(receiver.stats().acceptedDeliveries()).isEqualTo(1);
    }

    @Test
    void sampleBodyAccepted() throws IOException {
        byte[] body = sampleBody();

        WebhookResponse response = receiver.handle(signedRequest(key, body));
        executor.runAll();

        assertThat(response.status()).isEqualTo(204);
        assertThat(listener.syncRequests).singleElement()
                .satisfies(request -> assertThat(request.healthUserId()).isEqualTo("2fa81c9e-example"));
    }

    @Test
    void singleObjectAccepted() {
        byte[] body = ("{\"data\":{\"healthUserId\":\"u\",\"operation\":\"UPSERT\",\"dataType\":\"heart-rate\","
                + "\"intervals\":[{\"physicalTimeInterval\":{\"startTime\":\"2026-12-01T00:00:00Z\","
                + "\"endTime\":\"2026-12-01T01:00:00Z\"}}]}}").getBytes(StandardCharsets.UTF_8);

        assertThat(receiver.handle(signedRequest(key, body)).status()).isEqualTo(204);
        executor.runAll();
        assertThat(listener.syncRequests).singleElement()
                .satisfies(request -> assertThat(request.metrics()).containsExactly(Metric.HEART_RATE));
    }

    @Test
    void tamperedBodyRejected() {
        byte[] body = stepsUpsert();
        WebhookRequest signed = signedRequest(key, body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("user-1", "user-2")
                .getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = WebhookRequest.builder().header("Authorization", SECRET)
                .header(WebhookReceiver.SIGNATURE_HEADER, Objects.requireNonNull(
                        signed.header(WebhookReceiver.SIGNATURE_HEADER)))
                .body(tampered).build();

        WebhookResponse response = receiver.handle(request);
        executor.runAll();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.bodyText()).contains("does not match");
        assertThat(listener.syncRequests).isEmpty();
        assertThat(listener.rejections).extracting(WebhookRejection::reason)
                .containsExactly(WebhookRejection.Reason.SIGNATURE_INVALID);
    }

    @Test
    void wrongKeyRejected() {
        TestKey impostor = new TestKey(key.keyId);

        WebhookResponse response = receiver.handle(signedRequest(impostor, stepsUpsert()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(receiver.stats().rejected(WebhookRejection.Reason.SIGNATURE_INVALID)).isEqualTo(1);
    }

    @Test
    void unknownKeyIdRejected() {
        TestKey other = new TestKey(42L);

        WebhookResponse response = receiver.handle(signedRequest(other, stepsUpsert()));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.bodyText()).contains("key id 42");
        assertThat(receiver.stats().rejected(WebhookRejection.Reason.UNKNOWN_KEY)).isEqualTo(1);
    }

    @Test
    void unknownKeyIdAsksSourceOnce() {
        TestKey rotated = new TestKey(77L);
        AtomicInteger refetches = new AtomicInteger();
        WebhookKeyset before = WebhookKeyset.parse(keysetJson(key));
        WebhookKeyset after = WebhookKeyset.parse(keysetJson(key, rotated));
        WebhookKeysetSource source = new WebhookKeysetSource() {
            private volatile WebhookKeyset current = before;

            @Override
            public WebhookKeyset keyset() {
                return current;
            }

            @Override
            public WebhookKeyset keysetForUnknownKey(long keyId) {
                refetches.incrementAndGet();
                current = after;
                return current;
            }
        };
        WebhookReceiver fetching = receiverBuilder().keysetSource(source).build();

        assertThat(fetching.handle(signedRequest(rotated, stepsUpsert())).status()).isEqualTo(204);
        assertThat(fetching.handle(signedRequest(rotated, stepsUpsert())).status()).isEqualTo(204);
        assertThat(refetches).hasValue(1);
    }

    @Test
    void missingSignatureRejected() {
        WebhookRequest request = WebhookRequest.builder().header("Authorization", SECRET)
                .body(stepsUpsert()).build();

        WebhookResponse response = receiver.handle(request);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.bodyText()).contains(WebhookReceiver.SIGNATURE_HEADER);
        assertThat(receiver.stats().rejected(WebhookRejection.Reason.SIGNATURE_MISSING)).isEqualTo(1);
    }

    @Test
    void missingSecretRejectsSignedNotification() {
        byte[] body = stepsUpsert();
        WebhookRequest request = WebhookRequest.builder()
                .header(WebhookReceiver.SIGNATURE_HEADER, key.sign(body)).body(body).build();

        assertThat(receiver.handle(request).status()).isEqualTo(401);
    }

    @Test
    void legacyHeaderAccepted() {
        byte[] body = stepsUpsert();
        WebhookRequest request = WebhookRequest.builder().header("Authorization", SECRET)
                .header("x-healthapi-signature", key.sign(body)).body(body).build();

        assertThat(receiver.handle(request).status()).isEqualTo(204);
    }

    @Test
    void currentHeaderWinsOverLegacy() {
        byte[] body = stepsUpsert();
        WebhookRequest request = WebhookRequest.builder().header("Authorization", SECRET)
                .header("Google-Health-Api-Signature", key.sign(body))
                .header(WebhookReceiver.LEGACY_SIGNATURE_HEADER, "AQAAAAAAAAAAAAAAAAA=").body(body).build();

        assertThat(receiver.handle(request).status()).isEqualTo(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64 !", "AQID", "AgAAAAEAAAAAAAAAAAAA"})
    void malformedSignatureRejected(String header) {
        WebhookRequest request = WebhookRequest.builder().header("Authorization", SECRET)
                .header(WebhookReceiver.SIGNATURE_HEADER, header).body(stepsUpsert()).build();

        WebhookResponse response = receiver.handle(request);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.bodyText()).startsWith("The signature header is malformed");
    }

    @Test
    void duplicateDeliveryNotSyncedTwice() {
        byte[] body = stepsUpsert();

        assertThat(receiver.handle(signedRequest(key, body)).status()).isEqualTo(204);
        assertThat(receiver.handle(signedRequest(key, body)).status()).isEqualTo(204);
        executor.runAll();

        assertThat(listener.syncRequests).hasSize(1);
        assertThat(listener.duplicates).hasSize(1);
        assertThat(receiver.stats().duplicateNotifications()).isEqualTo(1);
    }

    @Test
    void overlappingDeliveryKeepsNewIntervals() {
        byte[] first = stepsUpsert();
        byte[] second = ("[{\"data\":{\"healthUserId\":\"user-1\",\"operation\":\"UPSERT\",\"dataType\":\"steps\","
                + "\"intervals\":[{\"physicalTimeInterval\":{\"startTime\":\"2026-12-01T07:15:00Z\","
                + "\"endTime\":\"2026-12-01T07:20:00Z\"}},{\"physicalTimeInterval\":{"
                + "\"startTime\":\"2026-12-01T07:20:00Z\",\"endTime\":\"2026-12-01T07:25:00Z\"}}]}}]")
                .getBytes(StandardCharsets.UTF_8);

        receiver.handle(signedRequest(key, first));
        receiver.handle(signedRequest(key, second));
        executor.runAll();

        assertThat(listener.syncRequests).hasSize(2);
        assertThat(listener.syncRequests.get(1).intervals()).containsExactly(TimeRange.of(
                Instant.parse("2026-12-01T07:20:00Z"), Instant.parse("2026-12-01T07:25:00Z")));
    }

    @Test
    void deleteWithoutResolverOnlyEvent() {
        byte[] body = notificationJson("user-9", "sleep", "DELETE", "2026-11-30T22:00:00Z", "2026-12-01T06:00:00Z");

        assertThat(receiver.handle(signedRequest(key, body)).status()).isEqualTo(204);
        executor.runAll();

        assertThat(listener.deletions).singleElement().satisfies(request -> {
            assertThat(request.isDeletion()).isTrue();
            assertThat(request.connection()).isNull();
            assertThat(request.metrics()).containsExactlyInAnyOrder(Metric.SLEEP_STAGE, Metric.SLEEP_SESSION);
        });
        assertThat(listener.syncRequests).isEmpty();
    }

    @Test
    void deleteWithResolverRequestsCheck() {
        WebhookReceiver resolving = receiverBuilder()
                .connectionResolver(userId -> userId.equals("user-9") ? CONNECTION : null).build();
        byte[] body = notificationJson("user-9", "steps", "DELETE", "2026-11-30T22:00:00Z", "2026-12-01T06:00:00Z");

        assertThat(resolving.handle(signedRequest(key, body)).status()).isEqualTo(204);
        executor.runAll();

        assertThat(listener.order).containsExactly("deleted", "sync:DELETE");
        assertThat(listener.syncRequests).singleElement().satisfies(request -> {
            assertThat(request.operation()).isEqualTo(WebhookOperation.DELETE);
            assertThat(request.connection()).isEqualTo(CONNECTION);
        });
    }

    @Test
    void upsertCarriesResolvedConnection() {
        WebhookReceiver resolving = receiverBuilder().connectionResolver(userId -> CONNECTION).build();

        resolving.handle(signedRequest(key, stepsUpsert()));
        executor.runAll();

        assertThat(listener.syncRequests).singleElement()
                .satisfies(request -> assertThat(request.connection()).isEqualTo(CONNECTION));
    }

    @Test
    void deleteAndUpsertDeduplicatedSeparately() {
        byte[] upsert = stepsUpsert();
        byte[] delete = notificationJson("user-1", "steps", "DELETE", "2026-12-01T07:15:00Z", "2026-12-01T07:20:00Z");

        receiver.handle(signedRequest(key, upsert));
        receiver.handle(signedRequest(key, delete));
        executor.runAll();

        assertThat(listener.syncRequests).hasSize(1);
        assertThat(listener.deletions).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "42",
        "[]",
        "[\"steps\"]",
        "[{\"nodata\":{}}]",
        "[{\"data\":{\"operation\":\"UPSERT\",\"dataType\":\"steps\"}}]",
        "[{\"data\":{\"healthUserId\":\"u\",\"operation\":\"UPSERT\"}}]",
        "[{\"data\":{\"healthUserId\":\"u\",\"dataType\":\"Steps Count\",\"operation\":\"UPSERT\"}}]",
        "[{\"data\":{\"healthUserId\":\"u\",\"dataType\":\"steps\"}}]",
        "[{\"data\":{\"healthUserId\":\"u\",\"dataType\":\"steps\",\"operation\":\"UPSERT\",\"intervals\":{}}}]",
        "[{\"data\":{\"healthUserId\":\"u\",\"dataType\":\"steps\",\"operation\":\"UPSERT\",\"intervals\":[{}]}}]",
        "[{\"data\":{\"healthUserId\":\"u\",\"dataType\":\"steps\",\"operation\":\"UPSERT\",\"intervals\":"
                + "[{\"physicalTimeInterval\":{\"startTime\":\"yesterday\",\"endTime\":\"2026-12-01T00:00:00Z\"}}]}}]",
        "[{\"data\":{\"healthUserId\":\"u\",\"dataType\":\"steps\",\"operation\":\"UPSERT\",\"intervals\":"
                + "[{\"physicalTimeInterval\":{\"startTime\":\"2026-12-02T00:00:00Z\",\"endTime\":\"2026-12-01T00:00:00Z\"}}]}}]",
        "[{\"data\":{\"healthUserId\":7,\"dataType\":\"steps\",\"operation\":\"UPSERT\"}}]",
        "{\"data\":{\"healthUserId\":\"u\",\"dataType\":\"steps\",\"operation\":\"UPSERT\"},\"data\":{}}"
    })
    void unexpectedShapeRejected(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        WebhookResponse response = receiver.handle(signedRequest(key, bytes));
        executor.runAll();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        assertThat(response.bodyText()).isNotBlank().endsWith(".");
        assertThat(listener.syncRequests).isEmpty();
        assertThat(listener.rejections).extracting(WebhookRejection::reason)
                .containsExactly(WebhookRejection.Reason.INVALID_BODY);
    }

    @Test
    void invalidShapeMessageNamesField() {
        byte[] body = "[{\"data\":{\"healthUserId\":\"u\",\"operation\":\"UPSERT\"}}]".getBytes(StandardCharsets.UTF_8);

        WebhookResponse response = receiver.handle(signedRequest(key, body));

        assertThat(response.bodyText()).isEqualTo("notification[0].data.dataType is missing.");
    }

    @Test
    void moreThan99Rejected() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append("{\"data\":{\"healthUserId\":\"u").append(i)
                    .append("\",\"operation\":\"UPSERT\",\"dataType\":\"steps\",\"intervals\":[]}}");
        }
        byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);

        WebhookResponse response = receiver.handle(signedRequest(key, bytes));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).contains("100 notifications").contains("at most 99");
    }

    @Test
    void exactly99Accepted() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 99; i++) {
            body.append(i == 0 ? "" : ",").append("{\"data\":{\"healthUserId\":\"u").append(i)
                    .append("\",\"operation\":\"UPSERT\",\"dataType\":\"steps\",\"intervals\":[]}}");
        }
        byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);

        assertThat(receiver.handle(signedRequest(key, bytes)).status()).isEqualTo(204);
        executor.runAll();
        assertThat(listener.syncRequests).hasSize(99);
    }

    @Test
    void oversizedBodyRejected() {
        WebhookReceiver small = receiverBuilder().maxBodyBytes(1024).build();
        byte[] body = new byte[1025];

        WebhookResponse response = small.handle(signedRequest(key, body));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.bodyText()).contains("1025 bytes");
    }

    @Test
    void getRejected() {
        WebhookResponse response = receiver.handle(WebhookRequest.builder().method("GET").build());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("allow")).isEqualTo("POST");
    }

    @Test
    void unknownOperationSkipped() {
        byte[] body = notificationJson("u", "steps", "MERGE", "2026-12-01T00:00:00Z", "2026-12-01T01:00:00Z");

        assertThat(receiver.handle(signedRequest(key, body)).status()).isEqualTo(204);
        executor.runAll();

        assertThat(listener.syncRequests).isEmpty();
        assertThat(receiver.stats().skippedNotifications()).isEqualTo(1);
    }

    @Test
    void civilOnlyIntervalWidened() {
        byte[] body = ("[{\"data\":{\"healthUserId\":\"u\",\"operation\":\"UPSERT\",\"dataType\":\"daily-resting-heart-rate\","
                + "\"intervals\":[{\"civilIso8601TimeInterval\":{\"startTime\":\"2026-12-01T00:00:00\","
                + "\"endTime\":\"2026-12-02T00:00:00\"}}]}}]").getBytes(StandardCharsets.UTF_8);

        receiver.handle(signedRequest(key, body));
        executor.runAll();

        assertThat(listener.syncRequests.get(0).intervals()).containsExactly(TimeRange.of(
                Instant.parse("2026-11-30T10:00:00Z"), Instant.parse("2026-12-02T12:00:00Z")));
    }

    @Test
    void rejectedHandOffAnswers503AndForgets() {
        executor.rejecting = true;
        WebhookResponse busy = receiver.handle(signedRequest(key, stepsUpsert()));
        executor.rejecting = false;
        WebhookResponse retried = receiver.handle(signedRequest(key, stepsUpsert()));
        executor.runAll();

        assertThat(busy.status()).isEqualTo(503);
        assertThat(retried.status()).isEqualTo(204);
        assertThat(listener.syncRequests).hasSize(1);
    }

    @Test
    void listenerFailureForgetsIntervals() {
        AtomicInteger calls = new AtomicInteger();
        WebhookReceiver failing = receiverBuilder().listener(request -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("queue down");
            }
        }).build();

        failing.handle(signedRequest(key, stepsUpsert()));
        executor.runAll();
        failing.handle(signedRequest(key, stepsUpsert()));
        executor.runAll();

        assertThat(calls).hasValue(2);
        assertThat(failing.stats().listenerFailures()).isEqualTo(1);
    }

    @Test
    void failingDeduplicatorHandlesAsNew() {
        WebhookReceiver failing = receiverBuilder().deduplicator(new WebhookDeduplicator() {
            @Override
            public boolean markIfFirst(WebhookIntervalKey key) {
                throw new IllegalStateException("table unavailable");
            }

            @Override
            public void forget(WebhookIntervalKey key) {
                throw new IllegalStateException("table unavailable");
            }
        }).build();

        assertThat(failing.handle(signedRequest(key, stepsUpsert())).status()).isEqualTo(204);
        assertThat(failing.handle(signedRequest(key, stepsUpsert())).status()).isEqualTo(204);
        executor.runAll();

        assertThat(listener.syncRequests).hasSize(2);
        assertThat(failing.stats().deduplicatorFailures()).isEqualTo(2);
    }

    @Test
    void keysetUnavailableAnswers503() {
        WebhookReceiver unavailable = receiverBuilder().keysetSource(() -> {
            throw new WebhookKeysetException("Fetching the webhook keyset failed");
        }).build();

        WebhookResponse response = unavailable.handle(signedRequest(key, stepsUpsert()));

        assertThat(response.status()).isEqualTo(503);
        assertThat(unavailable.stats().rejected(WebhookRejection.Reason.KEYSET_UNAVAILABLE)).isEqualTo(1);
    }

    @Test
    void brokenKeysetSourceAnswers503() {
        WebhookReceiver broken = receiverBuilder().keysetSource(() -> {
            throw new IllegalStateException("bug in a custom source");
        }).build();

        assertThat(broken.handle(signedRequest(key, stepsUpsert())).status()).isEqualTo(503);
    }

    @Test
    void secretsNotInTextOutput() {
        WebhookReceiver rotating = receiverBuilder().previousSecret("Bearer old-secret-99").build();
        WebhookRequest request = signedRequest(key, stepsUpsert());
        WebhookResponse wrong = rotating.handle(WebhookRequest.builder()
                .header("Authorization", "Bearer guess").body(VERIFICATION).build());
        executor.runAll();

        List<String> texts = List.of(rotating.toString(), request.toString(), wrong.toString(), wrong.bodyText(),
                listener.rejections.toString(), WebhookReceiver.builder().secret(SECRET).toString(),
                rotating.stats().toString());
        for (String text : texts) {
            assertThat(text).doesNotContain("test-webhook-secret").doesNotContain("old-secret-99")
                    .doesNotContain("guess");
        }
        assertThat(request.toString()).contains("Authorization").contains("bodyBytes=");
    }

    @Test
    void duplicateAuthorizationHeadersRejected() {
        WebhookRequest request = WebhookRequest.builder().header("Authorization", SECRET)
                .header("authorization", "Bearer other").body(VERIFICATION).build();

        assertThat(receiver.handle(request).status()).isEqualTo(401);
    }

    @Test
    void requestOfMapMergesHeaderCase() {
        WebhookRequest request = WebhookRequest.of("POST",
                Map.of("AUTHORIZATION", List.of(SECRET), "content-type", List.of("application/json")), VERIFICATION);

        assertThat(request.header("Authorization")).isEqualTo(SECRET);
        assertThat(receiver.handle(request).status()).isEqualTo(201);
    }

    private static byte[] sampleBody() throws IOException {
        try (InputStream in = WebhookReceiverTest.class.getResourceAsStream("/webhook/notification-body.json")) {
            return Objects.requireNonNull(in, "test resource webhook/notification-body.json").readAllBytes();
        }
    }
}
