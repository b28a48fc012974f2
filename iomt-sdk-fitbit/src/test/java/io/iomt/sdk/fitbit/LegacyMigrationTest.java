package io.iomt.sdk.fitbit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.Series;
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

/** Moving a subject from a legacy Fitbit connection to Google Health after re-consent. */
class LegacyMigrationTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final SubjectId SUBJECT = SubjectId.of("patient-7");
    private static final ConnectionId LEGACY = ConnectionId.of(SUBJECT, ProviderId.FITBIT_LEGACY);
    private static final ConnectionId GOOGLE = ConnectionId.of(SUBJECT, ProviderId.GOOGLE_HEALTH);
    private static final String SCOPE = "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final InMemorySampleStore samples = new InMemorySampleStore();
    private WireMockServer google;
    private GoogleHealthWearable wearable;
    private TokenManager tokens;
    private LegacyMigration migration;

    @BeforeEach
    void start() {
        google = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
        google.start();
        wearable = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                .clientId("123-abc.apps.googleusercontent.com")
                .allEndpointsAt("http://127.0.0.1:" + google.port() + "/")
                .clock(clock)
                .build());
        tokens = TokenManager.builder().tokenStore(store).endpoint(wearable).clock(clock).build();
        migration = LegacyMigration.create(wearable, tokens, store, clock);
    }

    @AfterEach
    void stop() {
        wearable.close();
        google.stop();
    }

    private void identity(String healthUserId, String legacyUserId) {
        google.stubFor(get(urlEqualTo("/v4/users/me/identity")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"users/me/identity\",\"legacyUserId\":\"" + legacyUserId
                        + "\",\"healthUserId\":\"" + healthUserId + "\"}")));
    }

    private void legacyConnection(String fitbitUserId) {
        store.save(ConnectionRecord.newConnection(
                Connection.active(LEGACY, fitbitUserId, Set.of("heartrate"), NOW.minus(Duration.ofDays(400)))
                        .withStatus(ConnectionStatus.REAUTHORIZATION_REQUIRED, "Fitbit moved to Google", NOW),
                new TokenPair("legacy-access", "legacy-refresh", NOW.minus(Duration.ofDays(30)), Set.of("heartrate"))));
    }

    private static TokenPair googleTokens() {
        return new TokenPair("ya29.google-access", "1//google-refresh", NOW.plus(Duration.ofHours(1)), Set.of(SCOPE));
    }

    @Test
    void mapsLegacyUserToHealthUser() {
        legacyConnection("GGNJL9");
        identity("2fa81c9e-health", "GGNJL9");

        LegacyMigrationResult result = migration.complete(SUBJECT, googleTokens());

        assertThat(result.subject()).isEqualTo(SUBJECT);
        assertThat(result.legacyUserId()).isEqualTo("GGNJL9");
        assertThat(result.healthUserId()).isEqualTo("2fa81c9e-health");
        google.verify(1, getRequestedFor(urlEqualTo("/v4/users/me/identity"))
                .withHeader("Authorization", equalTo("Bearer ya29.google-access")));
    }

    @Test
    void storesGoogleConnectionWithHealthUserId() {
        legacyConnection("GGNJL9");
        identity("2fa81c9e-health", "GGNJL9");

        migration.complete(SUBJECT, googleTokens());

        ConnectionRecord googleRecord = store.load(GOOGLE).orElseThrow();
        assertThat(googleRecord.connection().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(googleRecord.connection().providerUserId()).isEqualTo("2fa81c9e-health");
        assertThat(googleRecord.tokens().accessToken()).isEqualTo("ya29.google-access");
        assertThat(tokens.accessToken(GOOGLE)).isEqualTo("ya29.google-access");
    }

    @Test
    void retiresLegacyConnectionAndKeepsMapping() {
        legacyConnection("GGNJL9");
        identity("2fa81c9e-health", "GGNJL9");

        migration.complete(SUBJECT, googleTokens());

        ConnectionRecord legacy = store.load(LEGACY).orElseThrow();
        assertThat(legacy.connection().status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(legacy.tokens()).isNull();
        assertThat(legacy.connection().providerUserId()).isEqualTo("GGNJL9");
        assertThat(legacy.connection().statusReason()).contains("google-health").contains("2fa81c9e-health");
    }

    @Test
    void storedDataStaysLinkedToSubject() {
        legacyConnection("GGNJL9");
        long hour = NOW.minus(Duration.ofDays(40)).toEpochMilli();
        Series legacyHeartRate = Series.builder(Metric.HEART_RATE, 3)
                .add(hour, 61).add(hour + 60_000, 63).add(hour + 120_000, 64).build();
        samples.write(SUBJECT, legacyHeartRate);
        identity("2fa81c9e-health", "GGNJL9");

        LegacyMigrationResult result = migration.complete(SUBJECT, googleTokens());

        // Samples are keyed by subject, which the migration keeps: the legacy data is the new connection's history.
        assertThat(result.googleConnection().id().subject()).isEqualTo(SUBJECT);
        Series read = samples.read(result.googleConnection().id().subject(), Metric.HEART_RATE,
                TimeRange.of(Instant.ofEpochMilli(hour), Instant.ofEpochMilli(hour + 180_000)));
        assertThat(read.size()).isEqualTo(3);
    }

    @Test
    void otherFitbitUserIsRefused() {
        legacyConnection("GGNJL9");
        identity("77-other-health", "XYZ999");

        assertThatThrownBy(() -> migration.complete(SUBJECT, googleTokens()))
                .isInstanceOf(LegacyMigration.LegacyMigrationException.class)
                .hasMessageContaining("GGNJL9")
                .hasMessageContaining("XYZ999")
                .hasMessageNotContaining("google-access");

        assertThat(store.load(GOOGLE)).as("nothing written").isEmpty();
        assertThat(store.load(LEGACY).orElseThrow().connection().status())
                .isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
    }

    @Test
    void subjectWithoutLegacyConnectionIsConnected() {
        identity("2fa81c9e-health", "GGNJL9");

        LegacyMigrationResult result = migration.complete(SUBJECT, googleTokens());

        assertThat(result.legacyUserId()).isEqualTo("GGNJL9");
        assertThat(store.load(GOOGLE)).isPresent();
        assertThat(store.load(LEGACY)).isEmpty();
    }

    @Test
    void resultToStringHidesTokens() {
        identity("2fa81c9e-health", "GGNJL9");

        String text = migration.complete(SUBJECT, googleTokens()).toString();

        assertThat(text).doesNotContain("ya29.google-access").doesNotContain("1//google-refresh");
    }
}
