package io.iomt.sdk.fitbit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.iomt.sdk.AuthorizationException;
import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.FetchRequest;
import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderException;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenManager;
import io.iomt.sdk.TokenPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The legacy Fitbit client against WireMock on 127.0.0.1 acting as the switched-off API. */
class FitbitLegacyWearableTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final ConnectionId ID = ConnectionId.of(SubjectId.of("patient-7"), ProviderId.FITBIT_LEGACY);
    private static final String GONE = "{\"errors\":[{\"errorType\":\"system\",\"message\":\"Gone\"}],\"success\":false}";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private WireMockServer fitbit;
    private FitbitLegacyWearable wearable;
    private InMemoryTokenStore store;
    private TokenManager tokens;

    @BeforeEach
    void start() {
        fitbit = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
        fitbit.start();
        fitbit.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(410).withHeader("Content-Type", "application/json")
                .withBody(GONE)));
        wearable = FitbitLegacyWearable.create(FitbitLegacyConfig.builder()
                .clientId("23ABCD")
                .clientSecret("fitbit-secret")
                .allEndpointsAt("http://127.0.0.1:" + fitbit.port() + "/")
                .clock(clock)
                .build());
        store = new InMemoryTokenStore();
        tokens = TokenManager.builder().tokenStore(store).endpoint(wearable).clock(clock).jitter(Duration.ZERO).build();
    }

    @AfterEach
    void stop() {
        wearable.close();
        fitbit.stop();
    }

    private void connect(Instant expiry) {
        tokens.connect(Connection.active(ID, "GGNJL9", Set.of("heartrate"), NOW),
                new TokenPair("legacy-access", "legacy-refresh", expiry, Set.of("heartrate")));
    }

    private FetchRequest request() {
        return new FetchRequest(store.load(ID).orElseThrow().connection(), Metric.HEART_RATE,
                TimeRange.of(NOW.minus(Duration.ofDays(1)), NOW), tokens.tokenSource(ID));
    }

    @Test
    void goneAnswerRequiresGoogleReconsent() {
        connect(NOW.plus(Duration.ofHours(8)));

        assertThatThrownBy(() -> wearable.fetch(request()))
                .isInstanceOf(ReauthorizationRequiredException.class)
                .hasMessageContaining("410 Gone")
                .hasMessageContaining("consent again through Google")
                .hasMessageNotContaining("legacy-access");

        fitbit.verify(1, anyRequestedFor(anyUrl()));
        fitbit.verify(getRequestedFor(urlEqualTo("/1/user/-/activities/heart/date/2026-12-03/1d.json"))
                .withHeader("Authorization", equalTo("Bearer legacy-access")));
    }

    @Test
    void pipelineMarksConnectionAndNeverRetries() {
        connect(NOW.plus(Duration.ofHours(8)));
        MonitoringPipeline pipeline = MonitoringPipeline.builder().tokenStore(store).sampleStore(new InMemorySampleStore())
                .wearable(wearable).tokenManager(tokens).clock(clock).build();

        pipeline.sync(ID, Set.of(Metric.HEART_RATE, Metric.STEPS), TimeRange.of(NOW.minus(Duration.ofDays(2)), NOW));

        ConnectionRecord record = store.load(ID).orElseThrow();
        assertThat(record.connection().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(record.connection().statusReason()).contains("consent again through Google");
        assertThat(fitbit.getAllServeEvents()).as("one request, not retried").hasSize(1);

        pipeline.sync(ID, Set.of(Metric.HEART_RATE), TimeRange.of(NOW.minus(Duration.ofDays(1)), NOW));
        assertThat(fitbit.getAllServeEvents()).as("a paused connection sends nothing").hasSize(1);
    }

    @Test
    void goneTokenEndpointMarksConnectionOnce() {
        connect(NOW.minusSeconds(1));

        assertThatThrownBy(() -> tokens.accessToken(ID))
                .isInstanceOf(ReauthorizationRequiredException.class)
                .hasMessageContaining("consent again through Google");

        ConnectionRecord record = store.load(ID).orElseThrow();
        assertThat(record.connection().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(record.connection().statusReason()).contains("legacy Fitbit token endpoint").contains("410 Gone");
        fitbit.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
        fitbit.verify(postRequestedFor(urlEqualTo("/oauth2/token"))
                .withHeader("Authorization", equalTo(okhttp3.Credentials.basic("23ABCD", "fitbit-secret"))));

        assertThatThrownBy(() -> tokens.accessToken(ID)).isInstanceOf(ReauthorizationRequiredException.class);
        fitbit.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void expiredTokenRenewalAlsoEndsInReconsent() {
        connect(NOW.plus(Duration.ofHours(8)));
        fitbit.stubFor(get(urlPathMatching("/1/.*")).willReturn(aResponse().withStatus(401)
                .withBody("{\"errors\":[{\"errorType\":\"expired_token\",\"message\":\"Access token expired\"}]}")));

        assertThatThrownBy(() -> wearable.fetch(request()))
                .isInstanceOf(ReauthorizationRequiredException.class)
                .hasMessageContaining("legacy Fitbit token endpoint");
        assertThat(store.load(ID).orElseThrow().connection().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        fitbit.verify(1, getRequestedFor(urlPathMatching("/1/.*")));
        fitbit.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void revokeOnGoneApiDeletesTokens() {
        connect(NOW.plus(Duration.ofHours(8)));

        ConnectionRecord record = tokens.disconnect(ID);

        assertThat(record.connection().status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(record.tokens()).isNull();
        fitbit.verify(2, postRequestedFor(urlEqualTo("/oauth2/revoke")));
    }

    @Test
    void usedRefreshTokenIsInvalidGrant() {
        fitbit.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"errorType\":\"invalid_grant\",\"message\":\"Refresh token invalid: legacy-refresh\"}],"
                        + "\"success\":false}")));

        assertThatThrownBy(() -> wearable.tokenEndpoint().refresh(ID, "legacy-refresh"))
                .isInstanceOf(AuthorizationException.class)
                .satisfies(e -> assertThat(((AuthorizationException) e).isInvalidGrant()).isTrue())
                .hasMessageNotContaining("legacy-refresh");
    }

    @Test
    void successfulAnswerIsReportedNotParsed() {
        connect(NOW.plus(Duration.ofHours(8)));
        fitbit.stubFor(get(urlPathMatching("/1/.*")).willReturn(aResponse().withStatus(200).withBody("{}")));

        assertThatThrownBy(() -> wearable.fetch(request()))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("no longer reads legacy data");
    }

    @Test
    void unsupportedMetricRejected() {
        connect(NOW.plus(Duration.ofHours(8)));
        FetchRequest sleep = new FetchRequest(store.load(ID).orElseThrow().connection(), Metric.SLEEP_STAGE,
                TimeRange.of(NOW.minus(Duration.ofDays(1)), NOW), tokens.tokenSource(ID));

        assertThatThrownBy(() -> wearable.fetch(sleep)).isInstanceOf(IllegalArgumentException.class);
        assertThat(wearable.provider()).isEqualTo(ProviderId.FITBIT_LEGACY);
    }
}
