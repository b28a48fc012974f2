package io.iomt.sdk.fitbit;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.iomt.sdk.fitbit.ClientTestSupport.CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.iomt.sdk.Connection;
import io.iomt.sdk.FetchRequest;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.Series;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.ClientTestSupport.CountingTokens;
import io.iomt.sdk.fitbit.ClientTestSupport.MutableClock;
import io.iomt.sdk.fitbit.ClientTestSupport.RecordingListener;
import io.iomt.sdk.fitbit.ClientTestSupport.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GoogleHealthWearableTest {

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
    private RecordingSleeper sleeper;
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
        sleeper = new RecordingSleeper(clock);
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
                .sleeper(sleeper)
                .listener(listener)
                .maxAttempts(4);
        return GoogleHealthWearable.create(customize.apply(builder).build());
    }

    private FetchRequest request(Metric metric, TimeRange range) {
        return new FetchRequest(Connection.active(CONNECTION, "user-1", Set.of(), clock.instant()), metric, range,
                tokens);
    }

    private Series fetchHeartRate() {
        return wearable.fetch(request(Metric.HEART_RATE, DAY));
    }

    private static MappingBuilder heartRate() {
        return get(urlPathEqualTo(HEART_RATE_PATH));
    }

    private static ResponseDefinitionBuilder error(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static String status(int code, String status, String reason) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"secret detail 77 bpm\",\"status\":\"" + status
                + "\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"" + reason
                + "\",\"domain\":\"health.googleapis.com\"}]}}";
    }

    @Test
    void pagingAcrossThreePages() {
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("t1", 300, 200))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("t1"))
                .willReturn(okJson(ClientTestSupport.heartRatePage("t2"))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("t2"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 100))));

        Series series = fetchHeartRate();

        assertThat(series.size()).isEqualTo(3);
        assertThat(series.timeAt(0)).isEqualTo(Instant.parse("2026-12-01T00:01:40Z").toEpochMilli());
        assertThat(series.timeAt(2)).isEqualTo(Instant.parse("2026-12-01T00:05:00Z").toEpochMilli());
        assertThat(series.utcOffsetSecondsAt(1)).isEqualTo(-18000);
        assertThat(listener.events).containsSubsequence("page 1 2 true", "page 2 0 true", "page 3 1 false");
        server.verify(3, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
        List<LoggedRequest> requests = server.findAll(getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
        LoggedRequest first = requests.get(0);
        assertThat(first.queryParameter("filter").firstValue()).isEqualTo(
                "heart_rate.sample_time.physical_time >= \"2026-12-01T00:00:00Z\" AND "
                        + "heart_rate.sample_time.physical_time < \"2026-12-02T00:00:00Z\"");
        assertThat(first.getUrl()).contains("filter=heart_rate.sample_time.physical_time%20%3E%3D%20%22"
                + "2026-12-01T00%3A00%3A00Z%22%20AND%20");
        assertThat(first.queryParameter("pageSize").firstValue()).isEqualTo("10000");
        assertThat(first.getHeader("Authorization")).isEqualTo("Bearer access-1");
    }

    @Test
    void shortPagesFollowed() {
        wearable.close();
        wearable = create(builder -> builder.pageSize(5));
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("a", 9, 8))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("a"))
                .willReturn(okJson(ClientTestSupport.heartRatePage("b", 7, 6, 5))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("b"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 4))));

        Series series = fetchHeartRate();

        assertThat(series.size()).isEqualTo(6);
        server.verify(3, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)).withQueryParam("pageSize", equalTo("5")));
    }

    @Test
    void emptyPagesWithTokenFollowed() {
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson("{\"dataPoints\":[],\"nextPageToken\":\"e1\"}")));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("e1"))
                .willReturn(okJson("{\"nextPageToken\":\"e2\"}")));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("e2"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 1, 0))));

        assertThat(fetchHeartRate().size()).isEqualTo(2);
    }

    @Test
    void repeatedTokenStopsPaging() {
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("loop", 3))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("loop"))
                .willReturn(okJson(ClientTestSupport.heartRatePage("loop", 2))));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure).hasMessageContaining("already followed").hasMessageContaining(HEART_RATE_REQUEST);
        assertThat(failure.isRetryable()).isFalse();
        server.verify(2, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void maxPagesStopsPaging() {
        wearable.close();
        wearable = create(builder -> builder.maxPages(3));
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("p1"))));
        for (int i = 1; i <= 5; i++) {
            server.stubFor(heartRate().withQueryParam("pageToken", equalTo("p" + i))
                    .willReturn(okJson(ClientTestSupport.heartRatePage("p" + (i + 1)))));
        }

        assertThatThrownBy(this::fetchHeartRate).isInstanceOf(GoogleHealthException.class)
                .hasMessageContaining("more than 3 pages");
        server.verify(3, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void error400NotRetried() {
        server.stubFor(heartRate().willReturn(error(400, Fixtures.text("error-400-invalid-data-type.json"))));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure.httpStatus()).isEqualTo(400);
        assertThat(failure.providerStatus()).contains("INVALID_ARGUMENT");
        assertThat(failure.reason()).contains("INVALID_PARENT_DATA_TYPE_COLLECTION");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.isRateLimited()).isFalse();
        assertThat(failure.request()).isEqualTo(HEART_RATE_REQUEST);
        assertThat(failure.dataType()).contains(GoogleHealthDataType.HEART_RATE);
        assertThat(failure).hasMessageContaining(HEART_RATE_REQUEST).hasMessageNotContaining("2026-12-01")
                .hasMessageNotContaining("access-1");
        server.verify(1, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void error404NotRetried() {
        server.stubFor(heartRate().willReturn(error(404, status(404, "NOT_FOUND", "DATA_TYPE_NOT_FOUND"))));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure.httpStatus()).isEqualTo(404);
        assertThat(failure.isRetryable()).isFalse();
        server.verify(1, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void error401RenewsOnce() {
        server.stubFor(heartRate().withHeader("Authorization", equalTo("Bearer access-1"))
                .willReturn(error(401, status(401, "UNAUTHENTICATED", "ACCESS_TOKEN_EXPIRED"))));
        server.stubFor(heartRate().withHeader("Authorization", equalTo("Bearer access-2"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 1))));

        Series series = fetchHeartRate();

        assertThat(series.size()).isEqualTo(1);
        assertThat(tokens.renewals).hasValue(1);
        assertThat(listener.events).contains("tokenRejected");
    }

    @Test
    void error401TwiceFails() {
        server.stubFor(heartRate().willReturn(error(401, status(401, "UNAUTHENTICATED", "ACCESS_TOKEN_EXPIRED"))));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.isRetryable()).isFalse();
        assertThat(tokens.renewals).hasValue(1);
        server.verify(2, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void error403RequiresReauthorization() {
        for (String reason : List.of("ACCESS_TOKEN_SCOPE_INSUFFICIENT", "RESOURCE_PERMISSION_DENIED")) {
            server.resetAll();
            server.stubFor(heartRate().willReturn(error(403, status(403, "PERMISSION_DENIED", reason))));

            ReauthorizationRequiredException failure = catchThrowableOfType(ReauthorizationRequiredException.class,
                    this::fetchHeartRate);

            assertThat(failure.connection()).isEqualTo(CONNECTION);
            assertThat(failure).hasMessageContaining(reason).hasMessageNotContaining("access-1");
            assertThat(failure.getCause()).isInstanceOf(GoogleHealthException.class);
            assertThat(((GoogleHealthException) failure.getCause()).httpStatus()).isEqualTo(403);
            server.verify(1, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
        }
    }

    @Test
    void error429WithRetryAfterSeconds() {
        server.stubFor(heartRate().inScenario("quota").whenScenarioStateIs(STARTED)
                .willReturn(error(429, Fixtures.text("error-429.json")).withHeader("Retry-After", "7"))
                .willSetStateTo("open"));
        server.stubFor(heartRate().inScenario("quota").whenScenarioStateIs("open")
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 1))));

        Series series = fetchHeartRate();

        assertThat(series.size()).isEqualTo(1);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
        assertThat(listener.events).contains("rateLimited PT7S", "retry 2 429");
    }

    @Test
    void error429WithRetryAfterDate() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(12).atOffset(ZoneOffset.UTC));
        server.stubFor(heartRate().inScenario("quota").whenScenarioStateIs(STARTED)
                .willReturn(error(429, Fixtures.text("error-429.json")).withHeader("Retry-After", date))
                .willSetStateTo("open"));
        server.stubFor(heartRate().inScenario("quota").whenScenarioStateIs("open")
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 1))));

        fetchHeartRate();

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void error429WithRetryInfo() {
        String body = "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"2.5s\"}]}}";
        server.stubFor(heartRate().inScenario("quota").whenScenarioStateIs(STARTED)
                .willReturn(error(429, body)).willSetStateTo("open"));
        server.stubFor(heartRate().inScenario("quota").whenScenarioStateIs("open")
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 1))));

        fetchHeartRate();

        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(2500));
    }

    @Test
    void error429WithoutRetryAfterBacksOff() {
        server.stubFor(heartRate().willReturn(error(429, Fixtures.text("error-429.json"))));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure.httpStatus()).isEqualTo(429);
        assertThat(failure.isRateLimited()).isTrue();
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.providerStatus()).contains("RESOURCE_EXHAUSTED");
        assertThat(failure.reason()).contains("RATE_LIMIT_EXCEEDED");
        assertThat(failure.retryAfter()).isEmpty();
        assertThat(failure).hasMessageNotContaining("Quota exceeded");
        server.verify(4, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
        assertThat(sleeper.waits).hasSize(3);
        assertThat(sleeper.waits.get(0)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(sleeper.waits.get(1)).isBetween(Duration.ZERO, Duration.ofSeconds(2));
        assertThat(sleeper.waits.get(2)).isBetween(Duration.ZERO, Duration.ofSeconds(4));
        assertThat(listener.count("rateLimited")).isEqualTo(4);
        assertThat(listener.count("retry")).isEqualTo(3);
    }

    @Test
    void error429LongRetryAfterNotAwaited() {
        server.stubFor(heartRate().willReturn(error(429, Fixtures.text("error-429.json")).withHeader("Retry-After",
                "3600")));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure.retryAfter()).contains(Duration.ofHours(1));
        assertThat(sleeper.waits).isEmpty();
        server.verify(1, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void error503ThenSuccess() {
        server.stubFor(heartRate().inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(error(503, status(503, "UNAVAILABLE", "BACKEND_UNAVAILABLE"))).willSetStateTo("second"));
        server.stubFor(heartRate().inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(error(504, status(504, "DEADLINE_EXCEEDED", "TIMEOUT"))).willSetStateTo("up"));
        server.stubFor(heartRate().inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 2, 1))));

        assertThat(fetchHeartRate().size()).isEqualTo(2);
        assertThat(listener.events).contains("retry 2 503", "retry 3 504");
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void error500NotRetried() {
        server.stubFor(heartRate().willReturn(error(500, status(500, "INTERNAL", "INTERNAL_ERROR"))));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure.httpStatus()).isEqualTo(500);
        assertThat(failure.providerStatus()).contains("INTERNAL");
        assertThat(failure.isRetryable()).isTrue();
        server.verify(1, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void connectionResetRetried() {
        server.stubFor(heartRate().inScenario("reset").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        server.stubFor(heartRate().inScenario("reset").whenScenarioStateIs("up")
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 1))));

        assertThat(fetchHeartRate().size()).isEqualTo(1);
        server.verify(2, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
        if (httpStack() == HttpStack.OKHTTP) {
            assertThat(listener.events).contains("retry 2 0");
        } else {
            // The JDK resends a GET once by itself after a reset while it reads the response head.
            assertThat(listener.events).doesNotContain("retry 2 0");
        }
    }

    @Test
    void truncatedBodyFailsWholeFetch() {
        String page = ClientTestSupport.heartRatePage(null, 5, 4);
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("next", 9, 8))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("next"))
                .willReturn(okJson(page.substring(0, page.length() / 2))));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure.request()).isEqualTo(HEART_RATE_REQUEST);
        assertThat(failure).hasMessageContaining(HEART_RATE_REQUEST).hasMessageContaining("discarded");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.httpStatus()).isZero();
    }

    @Test
    void htmlBodyWithStatus200Fails() {
        server.stubFor(heartRate().willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>Temporarily unavailable</h1></body></html>")));

        GoogleHealthException failure = catchThrowableOfType(GoogleHealthException.class, this::fetchHeartRate);

        assertThat(failure).hasMessageContaining(HEART_RATE_REQUEST).hasMessageContaining("not readable JSON");
        assertThat(failure.dataType()).contains(GoogleHealthDataType.HEART_RATE);
        server.verify(1, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void unknownFieldsIgnored() {
        server.stubFor(heartRate().willReturn(okJson("{\"kind\":\"new\",\"dataPoints\":[{\"heartRate\":{"
                + "\"sampleTime\":{\"physicalTime\":\"2026-12-01T10:00:00Z\",\"utcOffset\":\"0s\",\"precision\":"
                + "\"HIGH\"},\"beatsPerMinute\":\"70\",\"futureObject\":{\"a\":[1,{\"b\":2}]}},\"annotations\":[]}],"
                + "\"totalSize\":1}")));

        Series series = fetchHeartRate();

        assertThat(series.size()).isEqualTo(1);
        assertThat(series.valueAt(0)).isEqualTo(70);
        assertThat(series.utcOffsetSecondsAt(0)).isZero();
    }

    @Test
    void skippedPointsReported() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/oxygen-saturation/dataPoints"))
                .willReturn(okJson(Fixtures.text("oxygen-saturation.list.json"))));

        Series series = wearable.fetch(request(Metric.OXYGEN_SATURATION, DAY));

        assertThat(series.size()).isEqualTo(2);
        assertThat(listener.events).contains("skipped oxygen-saturation 1");
    }

    @Test
    void dailyTypesFilterOnDate() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/daily-resting-heart-rate/dataPoints"))
                .willReturn(okJson(Fixtures.text("daily-resting-heart-rate.list.json"))));
        TimeRange range = TimeRange.of(Instant.parse("2026-11-28T12:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));

        Series series = wearable.fetch(request(Metric.RESTING_HEART_RATE, range));

        assertThat(series.size()).isEqualTo(3);
        LoggedRequest sent = server.findAll(getRequestedFor(urlPathEqualTo(
                "/v4/users/me/dataTypes/daily-resting-heart-rate/dataPoints"))).get(0);
        assertThat(sent.queryParameter("filter").firstValue()).isEqualTo(
                "daily_resting_heart_rate.date >= \"2026-11-29\" AND daily_resting_heart_rate.date < \"2026-12-02\"");
    }

    @Test
    void dailyRangeWithoutMidnightSendsNothing() {
        TimeRange range = TimeRange.of(Instant.parse("2026-12-01T01:00:00Z"), Instant.parse("2026-12-01T23:00:00Z"));

        Series series = wearable.fetch(request(Metric.RESTING_HEART_RATE, range));

        assertThat(series.isEmpty()).isTrue();
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void sleepFiltersOnEndTime() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/sleep/dataPoints"))
                .willReturn(okJson(Fixtures.text("sleep.list.json"))));

        Series stages = wearable.fetch(request(Metric.SLEEP_STAGE, DAY));
        Series sessions = wearable.fetch(request(Metric.SLEEP_SESSION, DAY));

        assertThat(stages.size()).isEqualTo(5);
        assertThat(sessions.size()).isEqualTo(1);
        List<LoggedRequest> sent = server.findAll(getRequestedFor(urlPathEqualTo(
                "/v4/users/me/dataTypes/sleep/dataPoints")));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).queryParameter("filter").firstValue()).isEqualTo(
                "sleep.interval.end_time >= \"2026-12-01T00:00:00Z\" AND sleep.interval.end_time < \"2026-12-02T00:00:00Z\"");
        assertThat(sent.get(0).queryParameter("pageSize").firstValue()).isEqualTo("25");
    }

    @Test
    void stepsFilterOnIntervalStart() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/steps/dataPoints"))
                .willReturn(okJson(Fixtures.text("steps.list.json").replace("\"nextPageToken\"", "\"oldToken\""))));

        Series steps = wearable.fetch(request(Metric.STEPS, DAY));

        assertThat(steps.sum()).isEqualTo(193);
        LoggedRequest sent = server.findAll(getRequestedFor(urlPathEqualTo("/v4/users/me/dataTypes/steps/dataPoints")))
                .get(0);
        assertThat(sent.queryParameter("filter").firstValue()).startsWith("steps.interval.start_time >= ");
    }

    @Test
    void siblingMetricsServedOnce() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/heart-rate-variability/dataPoints"))
                .willReturn(okJson(Fixtures.text("heart-rate-variability.list.json"))));

        Series rmssd = wearable.fetch(request(Metric.HRV_RMSSD, DAY));
        Series sdnn = wearable.fetch(request(Metric.HRV_SDNN, DAY));
        Series lf = wearable.fetch(request(Metric.HRV_LF_POWER, DAY));
        Series sdnnAgain = wearable.fetch(request(Metric.HRV_SDNN, DAY));

        assertThat(rmssd.size()).isEqualTo(3);
        assertThat(sdnn.size()).isEqualTo(1);
        assertThat(lf.size()).isEqualTo(1);
        assertThat(sdnnAgain.contentEquals(sdnn)).isTrue();
        server.verify(2, getRequestedFor(urlPathEqualTo("/v4/users/me/dataTypes/heart-rate-variability/dataPoints")));
    }

    @Test
    void siblingMetricsExpire() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/heart-rate-variability/dataPoints"))
                .willReturn(okJson(Fixtures.text("heart-rate-variability.list.json"))));

        wearable.fetch(request(Metric.HRV_RMSSD, DAY));
        clock.advance(Duration.ofMinutes(3));
        wearable.fetch(request(Metric.HRV_SDNN, DAY));

        server.verify(2, getRequestedFor(urlPathEqualTo("/v4/users/me/dataTypes/heart-rate-variability/dataPoints")));
    }

    @Test
    void fetchDataTypeReturnsEveryMetric() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/dataTypes/daily-heart-rate-variability/dataPoints"))
                .willReturn(okJson(Fixtures.text("daily-heart-rate-variability.list.json"))));

        Map<Metric, Series> series = wearable.fetchDataType(CONNECTION, GoogleHealthDataType.DAILY_HEART_RATE_VARIABILITY,
                TimeRange.of(Instant.parse("2026-11-29T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z")), tokens);

        assertThat(series).containsOnlyKeys(Metric.DAILY_HRV_RMSSD, Metric.DAILY_DEEP_SLEEP_RMSSD,
                Metric.DAILY_NON_REM_HEART_RATE, Metric.DAILY_HRV_ENTROPY);
        assertThat(series.get(Metric.DAILY_HRV_ENTROPY).size()).isEqualTo(2);
    }

    @Test
    void limiterThrottlesPerConnection() {
        wearable.close();
        // 4 per 10 s with a burst of 2 refill 2 per 10 s, so two pages go at once and the third after 5 s.
        RequestLimiter limiter = RequestLimiter.builder().permits(4).burst(2).window(Duration.ofSeconds(10))
                .clock(clock).sleeper(sleeper).build();
        wearable = create(builder -> builder.requestBudget(limiter));
        server.stubFor(heartRate().withQueryParam("pageToken", absent())
                .willReturn(okJson(ClientTestSupport.heartRatePage("x", 3))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("x"))
                .willReturn(okJson(ClientTestSupport.heartRatePage("y", 2))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("y"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 1))));

        assertThat(fetchHeartRate().size()).isEqualTo(3);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(5));
        assertThat(listener.events).contains("throttled 5000");
        assertThat(wearable.requestBudget()).isSameAs(limiter);
    }

    @Test
    void limiterRejectsLongWaits() {
        wearable.close();
        RequestLimiter limiter = RequestLimiter.builder().permits(1).burst(1).window(Duration.ofMinutes(1))
                .clock(clock).sleeper(sleeper).build();
        wearable = create(builder -> builder.requestBudget(limiter).maxThrottleWait(Duration.ofSeconds(10)));
        server.stubFor(heartRate().willReturn(okJson(ClientTestSupport.heartRatePage("again", 3))));
        server.stubFor(heartRate().withQueryParam("pageToken", equalTo("again"))
                .willReturn(okJson(ClientTestSupport.heartRatePage(null, 2))));

        RequestLimitExceededException failure = catchThrowableOfType(RequestLimitExceededException.class,
                this::fetchHeartRate);

        assertThat(failure.isRateLimited()).isTrue();
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofMinutes(1));
        server.verify(1, getRequestedFor(urlPathEqualTo(HEART_RATE_PATH)));
    }

    @Test
    void identityRead() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/identity")).willReturn(okJson(Fixtures.text("identity.json"))));

        GoogleHealthIdentity identity = wearable.identity(CONNECTION, tokens);
        GoogleHealthIdentity bare = wearable.identity("bare-token");

        assertThat(identity.healthUserId()).isEqualTo("2fa81c9e-example");
        assertThat(identity.legacy()).contains("GGNJL9");
        assertThat(bare).isEqualTo(identity);
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/v4/users/me/identity"))).get(1)
                .getHeader("Authorization")).isEqualTo("Bearer bare-token");
    }

    @Test
    void identityWithRejectedBareToken() {
        server.stubFor(get(urlPathEqualTo("/v4/users/me/identity"))
                .willReturn(error(401, status(401, "UNAUTHENTICATED", "ACCESS_TOKEN_EXPIRED"))));

        assertThatThrownBy(() -> wearable.identity("bare-token")).isInstanceOf(GoogleHealthException.class)
                .hasMessageNotContaining("bare-token");
    }

    @Test
    void unsupportedMetricRejected() {
        assertThatThrownBy(() -> wearable.fetch(request(Metric.RR_INTERVAL, DAY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rr-interval");
    }

    @Test
    void supportedMetricsCoverEveryType() {
        assertThat(wearable.provider()).isEqualTo(ProviderId.GOOGLE_HEALTH);
        assertThat(wearable.supportedMetrics()).hasSize(19).doesNotContain(Metric.RR_INTERVAL, Metric.STRESS_SCORE);
        assertThat(wearable.tokenEndpoint()).isSameAs(wearable.oauth());
    }
}
