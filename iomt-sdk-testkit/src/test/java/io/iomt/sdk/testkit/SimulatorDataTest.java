package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iomt.sdk.Series;
import io.iomt.sdk.TimeRange;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class SimulatorDataTest {

    private static final RecordedData DATA = FitabaseRecording.bundled();
    private static final TimeRange DAYS = FitabaseRecording.bundledRange();

    private static GoogleHealthSimulator simulator;
    private static SimClient client;
    private static String accessToken;

    @BeforeAll
    static void start() throws Exception {
        simulator = GoogleHealthSimulator.builder().requestsPerMinutePerUser(0).user("demo-user", DATA).start();
        client = new SimClient(simulator);
        accessToken = client.login().path("access_token").asText();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** Pages through a whole listing; returns every point, newest first as served. */
    private static List<JsonNode> listAll(String dataType, String filter, Integer pageSize, List<String> tokens) throws Exception {
        List<JsonNode> points = new ArrayList<>();
        String pageToken = null;
        do {
            HttpResponse<String> response = client.list(accessToken, dataType, filter, pageSize, pageToken);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = SimClient.json(response);
            page.path("dataPoints").forEach(points::add);
            pageToken = page.path("nextPageToken").isMissingNode() ? null : page.path("nextPageToken").asText();
            if (pageToken != null) {
                tokens.add(pageToken);
            }
        } while (pageToken != null);
        return points;
    }

    private static String physical(String field, Instant from, Instant to) {
        return field + " >= \"" + from + "\" AND " + field + " < \"" + to + "\"";
    }

    @Test
    void heartRateEightDays() throws Exception {
        List<String> tokens = new ArrayList<>();
        List<JsonNode> points = listAll("heart-rate",
                physical("heart_rate.sample_time.physical_time", DAYS.start(), DAYS.end()), 10_000, tokens);

        assertThat(points).hasSize(73_244);
        assertThat(tokens).hasSize(7);
        assertThat(new HashSet<>(tokens)).hasSize(7);
        long previous = Long.MAX_VALUE;
        for (JsonNode point : points) {
            long time = Instant.parse(point.path("heartRate").path("sampleTime").path("physicalTime").asText()).toEpochMilli();
            assertThat(time).isLessThan(previous);
            previous = time;
        }
    }

    @Test
    void stepsEightDaysByCivilTime() throws Exception {
        List<JsonNode> points = listAll("steps",
                "steps.interval.civil_start_time >= \"2016-04-21\" AND steps.interval.civil_start_time < \"2016-04-29\"", 10_000,
                new ArrayList<>());

        assertThat(points).hasSize(11_520);
        long total = 0;
        for (JsonNode point : points) {
            assertThat(point.path("steps").path("count").isTextual()).isTrue();
            total += Long.parseLong(point.path("steps").path("count").asText());
        }
        assertThat(total).isEqualTo(76_580);
    }

    @Test
    void filterHonoured() throws Exception {
        Instant from = Instant.parse("2016-04-23T15:00:00Z");
        Instant to = Instant.parse("2016-04-23T16:00:00Z");
        List<JsonNode> points = listAll("heart-rate", physical("heart_rate.sample_time.physical_time", from, to), null, new ArrayList<>());

        Series expected = DATA.heartRate().slice(TimeRange.of(from, to));
        assertThat(points).hasSize(expected.size());
        assertThat(expected.size()).isGreaterThan(100);
        JsonNode newest = points.get(0).path("heartRate");
        assertThat(Instant.parse(newest.path("sampleTime").path("physicalTime").asText()).toEpochMilli())
                .isEqualTo(expected.timeAt(expected.size() - 1));
        assertThat(newest.path("beatsPerMinute").asText()).isEqualTo(Long.toString(Math.round(expected.valueAt(expected.size() - 1))));
    }

    @Test
    void pagesCarryOnAcrossThreePages() throws Exception {
        Instant from = Instant.parse("2016-04-22T12:00:00Z");
        Instant to = Instant.parse("2016-04-22T13:00:00Z");
        String filter = physical("heart_rate.sample_time.physical_time", from, to);
        List<String> tokens = new ArrayList<>();
        List<JsonNode> paged = listAll("heart-rate", filter, 100, tokens);
        List<JsonNode> whole = listAll("heart-rate", filter, 10_000, new ArrayList<>());

        assertThat(tokens.size()).isGreaterThanOrEqualTo(3);
        assertThat(paged).isEqualTo(whole);
    }

    @Test
    void pageSizeCapped() throws Exception {
        JsonNode page = SimClient.json(client.list(accessToken, "heart-rate", null, 50_000, null));
        JsonNode defaultPage = SimClient.json(client.list(accessToken, "heart-rate", null, null, null));

        assertThat(page.path("dataPoints").size()).isEqualTo(10_000);
        assertThat(defaultPage.path("dataPoints").size()).isEqualTo(1_440);
        assertThat(page.path("nextPageToken").asText()).isNotEmpty();
    }

    @Test
    void heartRateShape() throws Exception {
        JsonNode point = SimClient.json(client.list(accessToken, "heart-rate", null, 1, null)).path("dataPoints").path(0);
        JsonNode sampleTime = point.path("heartRate").path("sampleTime");

        assertThat(point.path("dataSource").path("platform").asText()).isEqualTo("FITBIT");
        assertThat(sampleTime.path("physicalTime").asText()).endsWith("Z");
        assertThat(sampleTime.path("utcOffset").asText()).isEqualTo("-14400s");
        assertThat(sampleTime.path("civilTime").path("date").path("year").asInt()).isEqualTo(2016);
        assertThat(point.path("heartRate").path("beatsPerMinute").isTextual()).isTrue();
    }

    @Test
    void stepsShape() throws Exception {
        JsonNode interval = SimClient.json(client.list(accessToken, "steps", null, 1, null)).path("dataPoints").path(0)
                .path("steps").path("interval");

        assertThat(Instant.parse(interval.path("endTime").asText()).toEpochMilli()
                - Instant.parse(interval.path("startTime").asText()).toEpochMilli()).isEqualTo(60_000);
        assertThat(interval.path("startUtcOffset").asText()).isEqualTo("-14400s");
        assertThat(interval.path("endUtcOffset").asText()).isEqualTo("-14400s");
        assertThat(interval.path("civilStartTime").path("time").path("hours").asInt()).isEqualTo(23);
        assertThat(interval.path("civilEndTime").path("date").path("day").asInt()).isEqualTo(29);
    }

    @Test
    void sleepByEndTime() throws Exception {
        String filter = physical("sleep.interval.end_time", DAYS.start(), DAYS.end());
        List<JsonNode> sessions = listAll("sleep", filter, null, new ArrayList<>());

        assertThat(sessions).hasSize(8);
        JsonNode newest = sessions.get(0);
        assertThat(newest.path("name").asText()).startsWith("users/demo-user/dataTypes/sleep/dataPoints/");
        assertThat(newest.path("sleep").path("type").asText()).isEqualTo("CLASSIC");
        assertThat(newest.path("sleep").path("metadata").path("nap").asBoolean()).isFalse();
        assertThat(newest.path("sleep").path("summary").path("minutesInSleepPeriod").asText()).isEqualTo("450");
        long stageMinutes = 0;
        for (JsonNode session : sessions) {
            stageMinutes += Long.parseLong(session.path("sleep").path("summary").path("minutesInSleepPeriod").asText());
        }
        assertThat(stageMinutes).isEqualTo(3_700);
        Set<String> stageTypes = new HashSet<>();
        newest.path("sleep").path("stages").forEach(stage -> stageTypes.add(stage.path("type").asText()));
        assertThat(stageTypes).isSubsetOf("AWAKE", "RESTLESS", "ASLEEP").contains("ASLEEP");
    }

    @Test
    void sleepPageSizeCapped() throws Exception {
        JsonNode page = SimClient.json(client.list(accessToken, "sleep", null, 100, null));

        assertThat(page.path("dataPoints").size()).isEqualTo(8);
        assertThat(page.has("nextPageToken")).isFalse();
        JsonNode small = SimClient.json(client.list(accessToken, "sleep", null, 3, null));
        assertThat(small.path("dataPoints").size()).isEqualTo(3);
    }

    @Test
    void sleepRejectsStartTime() throws Exception {
        HttpResponse<String> response = client.list(accessToken, "sleep",
                physical("sleep.interval.start_time", DAYS.start(), DAYS.end()), null, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(response).path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(SimClient.reason(response)).isEqualTo("INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER");
    }

    @Test
    void dailyTypeRejectsStartTime() throws Exception {
        HttpResponse<String> response = client.list(accessToken, "daily-resting-heart-rate",
                "daily_resting_heart_rate.interval.start_time >= \"2016-04-21T00:00:00Z\"", null, null);

        assertThat(SimClient.reason(response)).isEqualTo("INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER");
    }

    @Test
    void malformedFilterRejected() throws Exception {
        HttpResponse<String> response = client.list(accessToken, "heart-rate", "heart_rate.sample_time.physical_time >= 2016", null, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimClient.reason(response)).isEqualTo("INVALID_FILTER_FORMAT");
        assertThat(SimClient.reason(client.list(accessToken, "heart-rate", "steps.interval.start_time >= \"2016-04-21T00:00:00Z\"",
                null, null))).isEqualTo("INVALID_DATA_POINT_FILTER_MIXED_DATA_TYPE");
    }

    @Test
    void camelCaseTypeRejected() throws Exception {
        HttpResponse<String> response = client.list(accessToken, "heartRate", null, null, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimClient.reason(response)).isEqualTo("INVALID_PARENT_DATA_TYPE_COLLECTION");
    }

    @Test
    void foreignPageTokenRejected() throws Exception {
        String token = SimClient.json(client.list(accessToken, "heart-rate", null, 5, null)).path("nextPageToken").asText();
        HttpResponse<String> response = client.list(accessToken, "steps", null, 5, token);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void scopeEnforced() throws Exception {
        SimulatedTokens stepsOnly = simulator.issueTokens("demo-user",
                "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly", false);

        assertThat(client.list(stepsOnly.accessToken(), "steps", null, 1, null).statusCode()).isEqualTo(200);
        HttpResponse<String> response = client.list(stepsOnly.accessToken(), "heart-rate", null, 1, null);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(SimClient.reason(response)).isEqualTo("ACCESS_TOKEN_SCOPE_INSUFFICIENT");
    }

    @Test
    void otherUserPathForbidden() throws Exception {
        java.net.http.HttpResponse<String> response = client.http.send(java.net.http.HttpRequest.newBuilder(
                simulator.baseUrl().resolve("v4/users/someone-else/dataTypes/steps/dataPoints"))
                .header("Authorization", "Bearer " + accessToken).build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void unknownPathNotFound() throws Exception {
        HttpResponse<String> response = client.get(simulator.baseUrl().resolve("v4/nothing-here"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(SimClient.json(response).path("error").path("status").asText()).isEqualTo("NOT_FOUND");
    }
}
