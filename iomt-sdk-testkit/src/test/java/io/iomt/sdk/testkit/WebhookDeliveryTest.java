package io.iomt.sdk.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.WebhookKeysetSource;
import io.iomt.sdk.fitbit.WebhookListener;
import io.iomt.sdk.fitbit.WebhookOperation;
import io.iomt.sdk.fitbit.WebhookReceiver;
import io.iomt.sdk.fitbit.WebhookRequest;
import io.iomt.sdk.fitbit.WebhookResponse;
import io.iomt.sdk.fitbit.WebhookSyncRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WebhookDeliveryTest {

    private static final TimeRange MORNING = TimeRange.of(
            Instant.parse("2026-12-01T07:15:00Z"), Instant.parse("2026-12-01T07:20:00Z"));

    private final WebhookDelivery delivery = WebhookDelivery.builder().keyId(0x8000_0001L).build();
    private final BlockingQueue<WebhookSyncRequest> synced = new LinkedBlockingQueue<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private HttpServer server;
    private WireMockServer keysetServer;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (keysetServer != null) {
            keysetServer.stop();
        }
        executor.shutdownNow();
    }

    /** Serves the receiver over HTTP on 127.0.0.1, as a host's web framework would. */
    private URI serve(WebhookReceiver receiver) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/webhooks/google-health", exchange -> respond(exchange, receiver));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/google-health");
    }

    private static void respond(HttpExchange exchange, WebhookReceiver receiver) throws IOException {
        WebhookRequest request = WebhookRequest.of(exchange.getRequestMethod(), exchange.getRequestHeaders(),
                exchange.getRequestBody().readAllBytes());
        WebhookResponse response = receiver.handle(request);
        response.headers().forEach(exchange.getResponseHeaders()::add);
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private WebhookReceiver.Builder receiver(WebhookKeysetSource keysetSource) {
        WebhookListener listener = synced::add;
        return WebhookReceiver.builder().secret(delivery.secret()).keysetSource(keysetSource)
                .listener(listener).executor(executor);
    }

    @Test
    void verificationPassesOverHttp() throws IOException {
        URI uri = serve(receiver(WebhookKeysetSource.of(delivery.publicKeyset())).build());

        WebhookDelivery.VerificationResult result = delivery.verify(uri);

        assertThat(result.withSecret()).isEqualTo(201);
        assertThat(result.withoutSecret()).isEqualTo(401);
        assertThat(result.passed()).isTrue();
    }

    @Test
    void signedDeliveryReachesListener() throws Exception {
        URI uri = serve(receiver(WebhookKeysetSource.of(delivery.publicKeyset())).build());

        WebhookDelivery.Result result = delivery.deliver(uri,
                List.of(WebhookDelivery.Notification.of("user-1", "steps", WebhookOperation.UPSERT, MORNING)));

        assertThat(result.status()).isEqualTo(204);
        WebhookSyncRequest request = synced.poll(10, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.healthUserId()).isEqualTo("user-1");
        assertThat(request.intervals()).containsExactly(MORNING);
    }

    @Test
    void keysetServedFromWireMock() throws Exception {
        keysetServer = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
        keysetServer.start();
        keysetServer.stubFor(get("/keyset.json").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(delivery.publicKeysetJson())));
        WebhookKeysetSource fetching = WebhookKeysetSource.fetching()
                .url("http://127.0.0.1:" + keysetServer.port() + "/keyset.json").build();
        URI uri = serve(receiver(fetching).build());

        for (int i = 0; i < 3; i++) {
            TimeRange interval = TimeRange.starting(MORNING.end().plus(Duration.ofMinutes(5L * i)), Duration.ofMinutes(5));
            WebhookDelivery.Result result = delivery.deliver(uri,
                    List.of(WebhookDelivery.Notification.of("user-2", "heart-rate", WebhookOperation.UPSERT, interval)));
            assertThat(result.status()).isEqualTo(204);
        }

        for (int i = 0; i < 3; i++) {
            assertThat(synced.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
        keysetServer.verify(1, getRequestedFor(urlEqualTo("/keyset.json")));
    }

    @Test
    void duplicateDeliverySyncedOnce() throws Exception {
        URI uri = serve(receiver(WebhookKeysetSource.of(delivery.publicKeyset())).build());
        byte[] body = delivery.notificationBody(
                List.of(WebhookDelivery.Notification.of("user-3", "sleep", WebhookOperation.UPSERT, MORNING)));

        assertThat(delivery.post(uri, body).status()).isEqualTo(204);
        assertThat(delivery.post(uri, body).status()).isEqualTo(204);

        assertThat(synced.poll(10, TimeUnit.SECONDS)).isNotNull();
        executor.submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertThat(synced).isEmpty();
    }

    @Test
    void otherKeyRejectedOverHttp() throws IOException {
        WebhookDelivery impostor = WebhookDelivery.builder().keyId(delivery.keyId()).build();
        URI uri = serve(receiver(WebhookKeysetSource.of(delivery.publicKeyset())).build());

        WebhookDelivery.Result result = impostor.deliver(uri,
                List.of(WebhookDelivery.Notification.of("user-1", "steps", WebhookOperation.UPSERT, MORNING)));

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.body()).contains("does not match");
    }

    @Test
    void legacyHeaderInProcess() {
        WebhookDelivery legacy = WebhookDelivery.builder().legacySignatureHeader(true).build();
        WebhookReceiver receiver = receiver(WebhookKeysetSource.of(legacy.publicKeyset()))
                .secret(legacy.secret()).build();
        WebhookRequest request = legacy.signedRequest(legacy.notificationBody(
                List.of(WebhookDelivery.Notification.of("user-4", "steps", WebhookOperation.DELETE, MORNING))));

        assertThat(request.header("X-HEALTHAPI-SIGNATURE")).isNotNull();
        assertThat(request.header(WebhookReceiver.SIGNATURE_HEADER)).isNull();
        assertThat(receiver.handle(request).status()).isEqualTo(204);
    }

    @Test
    void verificationRequestsInProcess() {
        WebhookReceiver receiver = receiver(WebhookKeysetSource.of(delivery.publicKeyset())).verificationStatus(200)
                .build();

        assertThat(receiver.handle(delivery.verificationRequest(false)).status()).isEqualTo(401);
        assertThat(receiver.handle(delivery.verificationRequest(true)).status()).isEqualTo(200);
    }

    @Test
    void keysetHasTinkShape() throws IOException {
        JsonNode keyset = new ObjectMapper().readTree(delivery.publicKeysetJson());

        assertThat(keyset.get("primaryKeyId").asLong()).isEqualTo(0x8000_0001L);
        JsonNode key = keyset.get("key").get(0);
        assertThat(key.get("keyId").asLong()).isEqualTo(0x8000_0001L);
        assertThat(key.get("status").asText()).isEqualTo("ENABLED");
        assertThat(key.get("outputPrefixType").asText()).isEqualTo("TINK");
        assertThat(key.get("keyData").get("typeUrl").asText())
                .isEqualTo("type.googleapis.com/google.crypto.tink.EcdsaPublicKey");
        assertThat(key.get("keyData").get("keyMaterialType").asText()).isEqualTo("ASYMMETRIC_PUBLIC");
        assertThat(delivery.publicKeyset().keyIds()).containsExactly(0x8000_0001L);
    }

    @Test
    void signatureHasTinkPrefix() {
        byte[] signature = java.util.Base64.getDecoder().decode(delivery.sign(new byte[] {1, 2, 3}));

        assertThat(signature[0]).isEqualTo((byte) 0x01);
        assertThat(signature[1]).isEqualTo((byte) 0x80);
        assertThat(signature[4]).isEqualTo((byte) 0x01);
        assertThat(signature[5]).as("DER SEQUENCE tag").isEqualTo((byte) 0x30);
    }

    @Test
    void bodyMatchesGoogleShape() throws IOException {
        WebhookDelivery tokyo = WebhookDelivery.builder().civilZone(java.time.ZoneId.of("Asia/Tokyo")).build();

        JsonNode data = new ObjectMapper().readTree(tokyo.notificationBody(
                List.of(WebhookDelivery.Notification.of("user-5", "steps", WebhookOperation.UPSERT, MORNING))))
                .get(0).get("data");

        assertThat(data.get("version").asText()).isEqualTo("1");
        assertThat(data.get("operation").asText()).isEqualTo("UPSERT");
        JsonNode interval = data.get("intervals").get(0);
        assertThat(interval.at("/physicalTimeInterval/startTime").asText()).isEqualTo("2026-12-01T07:15:00Z");
        assertThat(interval.at("/civilIso8601TimeInterval/startTime").asText()).isEqualTo("2026-12-01T16:15:00");
        assertThat(interval.at("/civilDateTimeInterval/startDateTime/time/hours").asInt()).isEqualTo(16);
    }

    @Test
    void nonLoopbackReceiverRejected() {
        assertThatThrownBy(() -> delivery.post(URI.create("https://webhooks.example.com/hook"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> delivery.post(URI.create("ftp://127.0.0.1/hook"), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }

    @Test
    void toStringHidesSecret() {
        WebhookDelivery custom = WebhookDelivery.builder().secret("Bearer very-private-1").build();

        assertThat(custom.toString()).doesNotContain("very-private-1").contains("keyId=");
    }
}
