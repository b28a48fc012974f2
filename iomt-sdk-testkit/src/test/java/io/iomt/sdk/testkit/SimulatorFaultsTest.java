package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SimulatorFaultsTest {

    private static final RecordedData DATA = FitabaseRecording.bundled();
    private static final String HOUR = "heart_rate.sample_time.physical_time >= \"2016-04-22T12:00:00Z\" AND "
            + "heart_rate.sample_time.physical_time < \"2016-04-22T13:00:00Z\"";

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-12-04T12:00:00Z"));
    private GoogleHealthSimulator simulator;
    private SimClient client;
    private String accessToken;

    @BeforeEach
    void start() {
        simulator = GoogleHealthSimulator.builder().clock(clock).requestsPerMinutePerUser(20).user("demo-user", DATA).start();
        client = new SimClient(simulator);
        accessToken = simulator.issueTokens("demo-user").accessToken();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private HttpResponse<String> hour(Integer pageSize, String pageToken) throws Exception {
        return client.list(accessToken, "heart-rate", HOUR, pageSize, pageToken);
    }

    @Test
    void statusFaultsThenRecovery() throws Exception {
        int[] statuses = {400, 401, 403, 429, 500, 503, 504};
        String[] names = {"INVALID_ARGUMENT", "UNAUTHENTICATED", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "INTERNAL", "UNAVAILABLE",
            "DEADLINE_EXCEEDED"};
        for (int status : statuses) {
            simulator.inject(SimulatedFault.status(status));
        }
        for (int i = 0; i < statuses.length; i++) {
            HttpResponse<String> response = hour(10, null);
            assertThat(response.statusCode()).isEqualTo(statuses[i]);
            assertThat(SimClient.json(response).path("error").path("code").asInt()).isEqualTo(statuses[i]);
            assertThat(SimClient.json(response).path("error").path("status").asText()).isEqualTo(names[i]);
        }
        assertThat(hour(10, null).statusCode()).isEqualTo(200);
        assertThat(simulator.pendingFaults()).isZero();
    }

    @Test
    void retryAfterSent() throws Exception {
        simulator.inject(SimulatedFault.status(429).withRetryAfter(Duration.ofMillis(1500)));
        simulator.inject(SimulatedFault.status(429));

        assertThat(hour(10, null).headers().firstValue("Retry-After")).contains("2");
        HttpResponse<String> without = hour(10, null);
        assertThat(without.statusCode()).isEqualTo(429);
        assertThat(without.headers().firstValue("Retry-After")).isEmpty();
        assertThat(SimClient.reason(without)).isEqualTo("RATE_LIMIT_EXCEEDED");
    }

    @Test
    void faultRepeatsTimes() throws Exception {
        simulator.inject(SimulatedFault.status(503).times(3));

        for (int i = 0; i < 3; i++) {
            assertThat(hour(10, null).statusCode()).isEqualTo(503);
        }
        assertThat(hour(10, null).statusCode()).isEqualTo(200);
    }

    @Test
    void faultLimitedToDataType() throws Exception {
        simulator.inject(SimulatedFault.status(500).onDataType("steps"));

        assertThat(hour(10, null).statusCode()).isEqualTo(200);
        assertThat(client.list(accessToken, "steps", null, 10, null).statusCode()).isEqualTo(500);
    }

    @Test
    void tokenEndpointFault() throws Exception {
        SimulatedTokens tokens = simulator.issueTokens("demo-user");
        simulator.inject(SimulatedFault.status(503).onEndpoint(SimulatorEndpoint.TOKEN));

        HttpResponse<String> failed = client.refresh(tokens.refreshToken());
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(SimClient.json(failed).path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(client.refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);
        assertThat(simulator.requestCount(SimulatorEndpoint.TOKEN)).isEqualTo(2);
        assertThat(simulator.refreshRequestCount()).isEqualTo(1);
    }

    @Test
    void truncatedPageIsInvalidJson() throws Exception {
        simulator.inject(SimulatedFault.truncatedPage());

        HttpResponse<String> response = hour(100, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("{\"dataPoints\":[{");
        assertThatThrownBy(() -> SimClient.json(response)).isInstanceOf(JsonProcessingException.class);
        assertThat(SimClient.json(hour(100, null)).path("dataPoints").size()).isEqualTo(100);
    }

    @Test
    void htmlPageWithStatus200() throws Exception {
        simulator.inject(SimulatedFault.htmlErrorPage());

        HttpResponse<String> response = hour(10, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(response.body()).startsWith("<!DOCTYPE html>");
    }

    @Test
    void connectionReset() throws Exception {
        simulator.inject(SimulatedFault.connectionReset());

        assertThatThrownBy(() -> hour(10, null)).isInstanceOf(IOException.class);
        assertThat(hour(10, null).statusCode()).isEqualTo(200);
    }

    @Test
    void delayHoldsResponse() throws Exception {
        simulator.inject(SimulatedFault.delay(Duration.ofMillis(400)));

        long started = System.nanoTime();
        assertThat(hour(10, null).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void emptyPageWithTokenLeadsOn() throws Exception {
        JsonNode normal = SimClient.json(hour(50, null));
        simulator.inject(SimulatedFault.emptyPageWithToken());

        JsonNode empty = SimClient.json(hour(50, null));
        assertThat(empty.has("dataPoints")).isFalse();
        assertThat(empty.path("nextPageToken").asText()).isNotEmpty();
        JsonNode next = SimClient.json(hour(50, empty.path("nextPageToken").asText()));
        assertThat(next.path("dataPoints")).isEqualTo(normal.path("dataPoints"));
    }

    @Test
    void shortPagesStillComplete() throws Exception {
        int expected = DATA.heartRate().slice(io.iomt.sdk.TimeRange.of(Instant.parse("2016-04-22T12:00:00Z"),
                Instant.parse("2016-04-22T13:00:00Z"))).size();
        simulator.inject(SimulatedFault.shortPages(7).times(1_000));

        int total = 0;
        int pages = 0;
        String token = null;
        do {
            clock.advance(Duration.ofSeconds(4));
            HttpResponse<String> response = hour(10_000, token);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = SimClient.json(response);
            assertThat(page.path("dataPoints").size()).isLessThanOrEqualTo(7);
            total += page.path("dataPoints").size();
            token = page.has("nextPageToken") ? page.path("nextPageToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(total).isEqualTo(expected);
        assertThat(pages).isEqualTo((expected + 6) / 7);
    }

    @Test
    void repeatedPageToken() throws Exception {
        String first = SimClient.json(hour(10, null)).path("nextPageToken").asText();
        simulator.inject(SimulatedFault.repeatedPageToken());

        JsonNode repeated = SimClient.json(hour(10, first));
        assertThat(repeated.path("nextPageToken").asText()).isEqualTo(first);
        assertThat(repeated.path("dataPoints").size()).isEqualTo(10);
        assertThat(SimClient.json(hour(10, first)).path("nextPageToken").asText()).isNotEqualTo(first);
    }

    @Test
    void quotaRejectsBeyondLimit() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(hour(1, null).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> rejected = hour(1, null);
        assertThat(rejected.statusCode()).isEqualTo(429);
        assertThat(SimClient.json(rejected).path("error").path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");

        clock.advance(Duration.ofSeconds(61));
        assertThat(hour(1, null).statusCode()).isEqualTo(200);
    }

    @Test
    void quotaIsPerUser() throws Exception {
        simulator.addUser("second-user", DATA);
        String second = simulator.issueTokens("second-user").accessToken();
        for (int i = 0; i < 20; i++) {
            hour(1, null);
        }

        assertThat(hour(1, null).statusCode()).isEqualTo(429);
        assertThat(client.list(second, "heart-rate", HOUR, 1, null).statusCode()).isEqualTo(200);
    }

    @Test
    void userLatencyAdded() throws Exception {
        simulator.addUser(SimulatedUser.of("slow-user", DATA).withLatency(Duration.ofMillis(300)));
        String slow = simulator.issueTokens("slow-user").accessToken();

        long started = System.nanoTime();
        assertThat(client.list(slow, "steps", null, 1, null).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void forcedExpiryGets401() throws Exception {
        simulator.expireAccessTokens();

        assertThat(hour(1, null).statusCode()).isEqualTo(401);
    }

    @Test
    void faultCountsRequests() throws Exception {
        simulator.inject(SimulatedFault.status(500));
        hour(1, null);
        hour(1, null);

        assertThat(simulator.requestCount(SimulatorEndpoint.DATA_POINTS)).isEqualTo(2);
        assertThat(Map.of("pending", simulator.pendingFaults())).containsEntry("pending", 0);
    }

    @Test
    void shapingFaultOffDataRejected() {
        assertThatThrownBy(() -> SimulatedFault.truncatedPage().onEndpoint(SimulatorEndpoint.TOKEN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatedFault.status(200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatedFault.delay(Duration.ofSeconds(1)).withRetryAfter(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
