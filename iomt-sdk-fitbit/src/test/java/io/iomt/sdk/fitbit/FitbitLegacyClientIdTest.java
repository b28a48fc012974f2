package io.iomt.sdk.fitbit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TokenManager;
import io.iomt.sdk.TokenPair;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole migration runs against two WireMock servers, one acting as Fitbit and one as Google,
 * and no request carries the other provider's client id or secret.
 */
class FitbitLegacyClientIdTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String FITBIT_ID = "23ABCD";
    private static final String FITBIT_SECRET = "fitbit-secret-9f2";
    private static final String GOOGLE_ID = "123-abc.apps.googleusercontent.com";
    private static final String GOOGLE_SECRET = "GOCSPX-google-secret";
    private static final SubjectId SUBJECT = SubjectId.of("patient-7");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private WireMockServer fitbit;
    private WireMockServer google;

    @BeforeEach
    void start() {
        fitbit = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
        google = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
        fitbit.start();
        google.start();
        fitbit.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(410)));
        google.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"ya29.new\",\"expires_in\":3599,\"refresh_token\":\"1//new\","
                        + "\"scope\":\"https://www.googleapis.com/auth/googlehealth.sleep.readonly\",\"token_type\":\"Bearer\"}")));
        google.stubFor(get(urlEqualTo("/v4/users/me/identity")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"users/me/identity\",\"legacyUserId\":\"GGNJL9\",\"healthUserId\":\"hu-1\"}")));
        google.stubFor(post(urlEqualTo("/revoke")).willReturn(aResponse().withStatus(200).withBody("{}")));
    }

    @AfterEach
    void stop() {
        fitbit.stop();
        google.stop();
    }

    /** Returns every request as text: URL, headers (Basic credentials decoded) and body (URL-decoded). */
    private static String everything(WireMockServer server) {
        StringBuilder text = new StringBuilder();
        for (LoggedRequest request : server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()))) {
            text.append(request.getMethod()).append(' ').append(request.getUrl()).append('\n');
            request.getHeaders().all().forEach(header -> {
                text.append(header.key()).append(": ").append(header.values()).append('\n');
                for (String value : header.values()) {
                    if (value.startsWith("Basic ")) {
                        text.append(new String(Base64.getDecoder().decode(value.substring(6)), StandardCharsets.UTF_8));
                    }
                }
            });
            text.append(URLDecoder.decode(request.getBodyAsString(), StandardCharsets.UTF_8)).append('\n');
        }
        return text.toString();
    }

    @Test
    void credentialsNeverCrossProviders() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        FitbitLegacyWearable legacy = FitbitLegacyWearable.create(FitbitLegacyConfig.builder()
                .clientId(FITBIT_ID).clientSecret(FITBIT_SECRET)
                .allEndpointsAt("http://127.0.0.1:" + fitbit.port() + "/").clock(clock).build());
        GoogleHealthWearable health = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                .clientId(GOOGLE_ID).clientSecret(GOOGLE_SECRET).redirectUri("https://host.example/callback")
                .allEndpointsAt("http://127.0.0.1:" + google.port() + "/").clock(clock).build());
        TokenManager tokens = TokenManager.builder().tokenStore(store).endpoint(legacy).endpoint(health).clock(clock)
                .build();
        ConnectionId legacyId = ConnectionId.of(SUBJECT, ProviderId.FITBIT_LEGACY);
        tokens.connect(Connection.active(legacyId, "GGNJL9", Set.of("heartrate"), NOW),
                new TokenPair("legacy-access", "legacy-refresh", NOW.minusSeconds(1), Set.of("heartrate")));

        // The legacy refresh meets the switched-off endpoint.
        assertThatThrownBy(() -> tokens.accessToken(legacyId)).isInstanceOf(ReauthorizationRequiredException.class);
        legacy.tokenEndpoint().revoke("legacy-refresh");

        // The user consents through Google; the host exchanges the code and migrates.
        AuthorizationRequest request = health.oauth().authorizationRequest();
        TokenPair googleTokens = health.oauth().exchange(request, "4/auth-code");
        LegacyMigrationResult result = LegacyMigration.create(health, tokens, store, clock).complete(SUBJECT, googleTokens);
        tokens.disconnect(result.googleConnection().id());

        String toFitbit = everything(fitbit);
        String toGoogle = everything(google);
        assertThat(toFitbit).contains(FITBIT_ID).contains(FITBIT_SECRET);
        assertThat(toFitbit).doesNotContain(GOOGLE_ID).doesNotContain(GOOGLE_SECRET).doesNotContain("googleusercontent");
        assertThat(toGoogle).contains(GOOGLE_ID).contains(GOOGLE_SECRET);
        assertThat(toGoogle).doesNotContain(FITBIT_ID).doesNotContain(FITBIT_SECRET);
        assertThat(toGoogle).doesNotContain("legacy-access").doesNotContain("legacy-refresh");
        assertThat(toFitbit).doesNotContain("ya29.new").doesNotContain("1//new");
        assertThat(store.load(legacyId).orElseThrow().connection().status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(fitbit.getAllServeEvents()).hasSize(2);
        legacy.close();
        health.close();
    }

    @Test
    void googleClientIdRejectedForFitbit() {
        assertThatThrownBy(() -> FitbitLegacyConfig.builder().clientId(GOOGLE_ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Google OAuth client id");
    }

    @Test
    void googleEndpointsRejectedForFitbit() {
        List<String> googleUrls = List.of("https://oauth2.googleapis.com/token", "https://accounts.google.com/o/oauth2/v2/auth",
                "https://health.googleapis.com/");
        for (String url : googleUrls) {
            assertThatThrownBy(() -> FitbitLegacyConfig.builder().tokenUrl(url))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Google endpoint");
        }
        assertThatThrownBy(() -> FitbitLegacyConfig.builder().apiBaseUrl("https://health.googleapis.com/"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configDefaultsPointAtFitbit() {
        FitbitLegacyConfig config = FitbitLegacyConfig.builder().clientId(FITBIT_ID).clientSecret(FITBIT_SECRET).build();

        assertThat(config.apiBaseUrl()).isEqualTo("https://api.fitbit.com/");
        assertThat(config.tokenUrl()).isEqualTo("https://api.fitbit.com/oauth2/token");
        assertThat(config.revokeUrl()).isEqualTo("https://api.fitbit.com/oauth2/revoke");
        assertThat(config.toString()).doesNotContain(FITBIT_SECRET);
        assertThat(Duration.ofSeconds(10)).isEqualTo(config.connectTimeout());
    }

    @Test
    void migrationRecordedOnGoogleConnection() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        GoogleHealthWearable health = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                .clientId(GOOGLE_ID).allEndpointsAt("http://127.0.0.1:" + google.port() + "/").clock(clock).build());
        TokenManager tokens = TokenManager.builder().tokenStore(store).endpoint(health).clock(clock).build();

        LegacyMigrationResult result = LegacyMigration.create(health, tokens, store, clock)
                .complete(SUBJECT, new TokenPair("ya29.x", "1//x", NOW.plus(Duration.ofHours(1)), Set.of("s")));

        ConnectionRecord stored = store.load(result.googleConnection().id()).orElseThrow();
        assertThat(stored.connection().providerUserId()).isEqualTo("hu-1");
        assertThat(result.legacy()).contains("GGNJL9");
        health.close();
    }
}
