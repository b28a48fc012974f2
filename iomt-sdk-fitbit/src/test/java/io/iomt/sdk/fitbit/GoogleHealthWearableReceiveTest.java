package io.iomt.sdk.fitbit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.iomt.sdk.fitbit.ClientTestSupport.CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.iomt.sdk.Connection;
import io.iomt.sdk.FetchRequest;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.ReceivedSeries;
import io.iomt.sdk.Series;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.ClientTestSupport.CountingTokens;
import io.iomt.sdk.fitbit.ClientTestSupport.MutableClock;
import io.iomt.sdk.fitbit.ClientTestSupport.RecordingListener;
import io.iomt.sdk.fitbit.ClientTestSupport.RecordingSleeper;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link GoogleHealthWearable#receive}: pages received on the calling thread and parsed later. */
@Timeout(30)
class GoogleHealthWearableReceiveTest {

    /** Returns the HTTP stack under test. A subclass runs every test again over the other stack. */
    HttpStack httpStack() {
        return HttpStack.OKHTTP;
    }

    private static final String HEART_RATE_PATH = "/v4/users/me/dataTypes/heart-rate/dataPoints";
    private static final String HEART_RATE_REQUEST = "GET " + HEART_RATE_PATH + " (heart-rate)";
    private static final TimeRange DAY = TimeRange.of(Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-02T00:00:00Z"));

    private static WireMockServer server;

    private MutableClock clock;
    private RecordingListener listener;
    private CountingTokens tokens;
    private GoogleHealthWearable wearable;

    @BeforeAll
    static void startServer() {
        server = ClientTestSupport.startServer();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void setUp() {
        server.resetAll();
        clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
        listener = new RecordingListener();
        tokens = new CountingTokens();
        wearable = create(builder -> builder);
    }

    @AfterEach
    void tearDown() {
        wearable.close();
    }

    private GoogleHealthWearable create(UnaryOperator<GoogleHealthConfig.Builder> customize) {
        GoogleHealthConfig.Builder builder = GoogleHealthConfig.builder()
                .httpStack(httpStack())
                .clientId("client-1")
                .clientSecret("secret-1")
                .allEndpointsAt(server.baseUrl())
                .clock(clock)
                .sleeper(new RecordingSleeper(clock))
                .listener(listener)
                .maxAttempts(4);
        return GoogleHealthWearable.create(customize.apply(builder).build());
    }

    private FetchRequest request(Metric metric) {
        return new FetchRequest(Connection.active(CONNECTION, "user-1", Set.of(), clock.instant()), metric, DAY,
                tokens);
    }

    private ReceivedSeries receiveHeartRate() {
        return wearable.receive(request(Metric.HEART_RATE));
    }

    private static MappingBuilder heartRate() {
        return get(urlPathEqualTo(HEART_RATE_PATH));
    }

    private static void stubThreePages() {
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("t1", 300, 200))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("t1"))
                .willReturn(okJson(ClientTestSupport.heartRatePage("t2"))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("t2"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 100, 300))));
    }

    @Test
    void receivesEveryPageBeforeParsing() {
        stubThreePages();

        ReceivedSeries received = receiveHeartRate();

        server.verify(3, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
        assertThat(listener.count("page")).isZero();
        Series series = received.parse();
        assertThat(series.contentEquals(wearable.fetch(request(Metric.HEART_RATE)))).isTrue();
        assertThat(series.size()).isEqualTo(3);
    }

    @Test
    void pageEventsFireAtParse() throws Exception {
        stubThreePages();
        ReceivedSeries received = receiveHeartRate();

        Series series = CompletableFuture.supplyAsync(received::parse).get();

        assertThat(series.size()).isEqualTo(3);
        assertThat(listener.events).containsExactly("page 1 2 true", "page 2 0 true", "page 3 2 false");
    }

    @Test
    void secondParseFails() {
        stubThreePages();
        ReceivedSeries received = receiveHeartRate();
        received.parse();

        assertThatThrownBy(received::parse).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parsed already");
    }

    @Test
    void toStringHoldsNoBodyOrToken() {
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("secret-page-token", 7))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("secret-page-token"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 8))));

        ReceivedSeries received = receiveHeartRate();

        assertThat(received.toString()).contains("heart-rate", "pages=2").doesNotContain("secret-page-token")
                .doesNotContain("beatsPerMinute").doesNotContain("67");
    }

    @Test
    void truncatedPageFailsTheParseAndReturnsNothing() {
        String page = ClientTestSupport.heartRatePage(null, 5, 4);
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("next", 9, 8))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("next"))
                .willReturn(okJson(page.substring(0, page.length() / 2))));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class,
                () -> receiveHeartRate().parse());

        assertThat(failure).hasMessageContaining(HEART_RATE_REQUEST).hasMessageContaining("discarded");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.httpStatus()).isZero();
    }

    @Test
    void wrongShapeFailsAtParse() {
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson("{\"dataPoints\":{\"not\":\"an array\"},\"nextPageToken\":\"n\"}")));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("n"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 4))));

        ReceivedSeries received = receiveHeartRate();

        assertThatThrownBy(received::parse).isInstanceOf(GoogleHealthException.class)
                .hasMessageContaining("'dataPoints' is not an array").hasMessageContaining(HEART_RATE_REQUEST);
        server.verify(2, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void escapedTokenParsedAtReceive() {
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 9, 8).replace("]}",
                        "],\"nextPageToken\":\"a\\\"b\"}"))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("a\"b"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 7))));

        ReceivedSeries received = receiveHeartRate();

        assertThat(received.parse().size()).isEqualTo(3);
        assertThat(listener.events).containsExactly("page 1 2 true", "page 2 1 false");
    }

    @Test
    void htmlPageFailsAtReceive() {
        server.stubFor(heartRate().willReturn(okJson("<html><body>Temporarily unavailable</body></html>")));

        assertThatThrownBy(this::receiveHeartRate).isInstanceOf(GoogleHealthException.class)
                .hasMessageContaining(HEART_RATE_REQUEST).hasMessageContaining("not readable JSON");
    }

    @Test
    void repeatedTokenStopsPaging() {
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("loop", 3))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("loop"))
                .willReturn(okJson(ClientTestSupport.heartRatePage("loop", 2))));

        assertThatThrownBy(this::receiveHeartRate).isInstanceOf(GoogleHealthException.class)
                .hasMessageContaining("already followed");
        server.verify(2, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void maxPagesStopsPaging() {
        wearable.close();
        wearable = create(builder -> builder.maxPages(2));
        stubThreePages();

        assertThatThrownBy(this::receiveHeartRate).isInstanceOf(GoogleHealthException.class)
                .hasMessageContaining("more than 2 pages");
        server.verify(2, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void error403RequiresReauthorizationAtReceive() {
        server.stubFor(heartRate().willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":403,\"status\":\"PERMISSION_DENIED\"}}")));

        assertThatThrownBy(this::receiveHeartRate).isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void skippedPointsReportedAtParse() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/oxygen-saturation/dataPoints"))
                .willReturn(okJson(Fixtures.text("oxygen-saturation.list.json"))));

        ReceivedSeries received = wearable.receive(request(Metric.OXYGEN_SATURATION));

        assertThat(listener.events).isEmpty();
        assertThat(received.parse().size()).isEqualTo(2);
        assertThat(listener.events).contains("skipped oxygen-saturation 1");
    }

    @Test
    void sleepIsReadThroughTheSiblingPath() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/sleep/dataPoints"))
                .willReturn(okJson(Fixtures.text("sleep.list.json"))));

        Series stages = wearable.receive(request(Metric.SLEEP_STAGE)).parse();
        Series sessions = wearable.receive(request(Metric.SLEEP_SESSION)).parse();

        assertThat(stages.size()).isEqualTo(5);
        assertThat(sessions.size()).isEqualTo(1);
        server.verify(1, getRequestedFor(urlPathEqualTo("/v4/users/me/dataTypes/sleep/dataPoints")));
    }

    @Test
    void unsupportedMetricRejected() {
        assertThatThrownBy(() -> wearable.receive(request(Metric.STRESS_SCORE)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
