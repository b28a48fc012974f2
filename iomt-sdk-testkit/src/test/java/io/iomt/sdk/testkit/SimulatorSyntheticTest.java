package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class SimulatorSyntheticTest {

    private static GoogleHealthSimulator simulator;
    private static SimClient client;
    private static String accessToken;

    @BeforeAll
    static void start() {
        simulator = GoogleHealthSimulator.builder().requestsPerMinutePerUser(0).user("demo-user", FitabaseRecording.bundled()).start();
        client = new SimClient(simulator);
        accessToken = simulator.issueTokens("demo-user").accessToken();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @CsvSource({
        "heart-rate-variability, heartRateVariability, 80",
        "oxygen-saturation, oxygenSaturation, 80",
        "respiratory-rate-sleep-summary, respiratoryRateSleepSummary, 8",
        "daily-heart-rate-variability, dailyHeartRateVariability, 8",
        "daily-oxygen-saturation, dailyOxygenSaturation, 8",
        "daily-respiratory-rate, dailyRespiratoryRate, 8",
        "daily-resting-heart-rate, dailyRestingHeartRate, 8",
        "activity-level, activityLevel, 100",
        "sedentary-period, sedentaryPeriod, 8"
    })
    void syntheticTypeServed(String dataType, String field, int atLeast) throws Exception {
        HttpResponse<String> response = client.list(accessToken, dataType, null, 10_000, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode points = SimClient.json(response).path("dataPoints");

        assertThat(points.size()).isGreaterThanOrEqualTo(atLeast);
        for (JsonNode point : points) {
            assertThat(point.path("dataSource").path("device").path("displayName").asText()).isEqualTo("iomt-testkit synthetic");
            assertThat(point.path("dataSource").path("recordingMethod").asText()).isEqualTo("DERIVED");
            assertThat(point.has(field)).isTrue();
        }
        assertThat(client.list(accessToken, dataType, null, 10_000, null).body()).isEqualTo(response.body());
    }

    @Test
    void dailyFilterByDate() throws Exception {
        HttpResponse<String> response = client.list(accessToken, "daily-resting-heart-rate",
                "daily_resting_heart_rate.date >= \"2016-04-22\" AND daily_resting_heart_rate.date < \"2016-04-25\"", null, null);
        JsonNode points = SimClient.json(response).path("dataPoints");

        assertThat(points.size()).isEqualTo(3);
        assertThat(points.path(0).path("dailyRestingHeartRate").path("date").path("day").asInt()).isEqualTo(24);
        assertThat(points.path(0).path("dailyRestingHeartRate").path("beatsPerMinute").isTextual()).isTrue();
    }

    @Test
    void hrvShape() throws Exception {
        JsonNode hrv = SimClient.json(client.list(accessToken, "heart-rate-variability", null, 1, null)).path("dataPoints").path(0)
                .path("heartRateVariability");

        double rmssd = hrv.path("rootMeanSquareOfSuccessiveDifferencesMilliseconds").asDouble();
        assertThat(rmssd).isBetween(8.0, 150.0);
        assertThat(hrv.path("metadata").path("highFrequencyPower").isNumber()).isTrue();
        assertThat(hrv.path("sampleTime").path("utcOffset").asText()).isEqualTo("-14400s");
    }

    @Test
    void activityLevelsOutsideSleep() throws Exception {
        JsonNode points = SimClient.json(client.list(accessToken, "activity-level", null, 10_000, null)).path("dataPoints");

        assertThat(List.of("SEDENTARY", "LIGHTLY_ACTIVE", "MODERATELY_ACTIVE", "VERY_ACTIVE"))
                .contains(points.path(0).path("activityLevel").path("activityLevelType").asText());
        assertThat(SimClient.reason(client.list(accessToken, "activity-level",
                "activity_level.date >= \"2016-04-22\"", null, null))).isEqualTo("INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER");
    }

    @Test
    void unservedKnownTypeEmpty() throws Exception {
        HttpResponse<String> response = client.list(accessToken, "weight", null, null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimClient.json(response).has("dataPoints")).isFalse();
    }
}
