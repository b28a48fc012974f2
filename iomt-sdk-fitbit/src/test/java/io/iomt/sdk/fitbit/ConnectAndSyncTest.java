package io.iomt.sdk.fitbit;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.fitbit.ClientTestSupport.MutableClock;
import io.iomt.sdk.fitbit.ClientTestSupport.RecordingSleeper;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the flow of the package documentation's example against WireMock: consent, exchange, connect, sync. */
@Timeout(60)
class ConnectAndSyncTest {

    private static WireMockServer server;

    @BeforeAll
    static void startServer() {
        server = ClientTestSupport.startServer();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Test
    void connectAndSyncOneDay() {
        String redirect = "http://127.0.0.1:1/callback";
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson("{\"access_token\":\"ya29.a\",\"expires_in\":3599,"
                + "\"refresh_token\":\"1//r\",\"scope\":\"" + String.join(" ", GoogleHealthScopes.DEFAULT) + "\"}")));
        server.stubFor(get(urlPathEqualTo("/v4/users/me/identity")).willReturn(okJson(Fixtures.text("identity.json"))));
        server.stubFor(get(urlPathMatching("/v4/users/me/dataTypes/[a-z-]+/dataPoints")).atPriority(10)
                .willReturn(okJson("{}")));
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/heart-rate/dataPoints")).atPriority(1)
                .withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("2", 40, 30, 20))));
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/heart-rate/dataPoints")).atPriority(1)
                .withQueryParam("pageToken", equalTo("2"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 10, 0))));
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/steps/dataPoints")).atPriority(1)
                .willReturn(okJson(Fixtures.text("steps.list.json").replace("nextPageToken", "unused"))));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
        GoogleHealthConfig config = GoogleHealthConfig.builder()
                .clientId("my-client-id")
                .clientSecret("my-client-secret")
                .redirectUri(redirect)
                .allEndpointsAt(server.baseUrl())
                .clock(clock)
                .sleeper(new RecordingSleeper(clock))
                .build();
        SubjectId subject = SubjectId.of("patient-7");
        TimeRange range = TimeRange.of(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));

        try (GoogleHealthWearable wearable = GoogleHealthWearable.create(config)) {
            AuthorizationRequest authorization = wearable.oauth().authorizationRequest();
            URI callbackUri = URI.create(redirect + "?code=4%2Fcode&state=" + authorization.state());
            TokenPair tokens = wearable.oauth().completeAuthorization(authorization, callbackUri);
            GoogleHealthIdentity identity = wearable.identity(tokens.accessToken());
            MonitoringPipeline pipeline = MonitoringPipeline.builder()
                    .wearable(wearable)
                    .tokenStore(new InMemoryTokenStore())
                    .sampleStore(new InMemorySampleStore())
                    .requestBudget(wearable.requestBudget())
                    .clock(clock)
                    .build();
            pipeline.connect(subject, ProviderId.GOOGLE_HEALTH, identity.healthUserId(), tokens);
            SyncReport report = pipeline.sync(subject, range);

            assertThat(report.failures()).isEmpty();
            assertThat(report.fetched(Metric.HEART_RATE)).isEqualTo(5);
            assertThat(report.fetched(Metric.STEPS)).isEqualTo(3);
            assertThat(pipeline.sampleStore().read(subject, Metric.HEART_RATE, range).size()).isEqualTo(5);
            assertThat(pipeline.sampleStore().read(subject, Metric.STEPS, range).sum()).isEqualTo(193);
            assertThat(pipeline.tokenStore().load(io.iomt.sdk.ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH))
                    .orElseThrow().connection().providerUserId()).isEqualTo("2fa81c9e-example");
        }
    }
}
