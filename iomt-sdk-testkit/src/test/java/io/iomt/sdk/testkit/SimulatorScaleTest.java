package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iomt.sdk.TimeRange;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class SimulatorScaleTest {

    private static final int USERS = 100;

    @Test
    void manyUsersShareOneDay() throws Exception {
        TimeRange day = TimeRange.of(Instant.parse("2016-04-22T04:00:00Z"), Instant.parse("2016-04-23T04:00:00Z"));
        RecordedData oneDay = FitabaseRecording.bundled().slice(day);
        long daySteps = (long) oneDay.steps().sum();
        assertThat(oneDay.steps().size()).isEqualTo(1_440);
        assertThat(oneDay.importReport()).isEmpty();

        try (GoogleHealthSimulator simulator = GoogleHealthSimulator.builder().containerThreads(32).start()) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                simulator.addUser(SimulatedUser.of("subject-" + i, oneDay).withLatency(Duration.ofMillis(5)));
                tokens.add(simulator.issueTokens("subject-" + i).accessToken());
            }
            SimClient client = new SimClient(simulator);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Long>> totals = new ArrayList<>();
                for (int i = 0; i < USERS; i++) {
                    String token = tokens.get(i);
                    String expectedUser = "subject-" + i;
                    totals.add(pool.submit(() -> {
                        HttpResponse<String> identity = client.http.send(java.net.http.HttpRequest.newBuilder(
                                simulator.baseUrl().resolve("v4/users/me/identity")).header("Authorization", "Bearer " + token).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                        assertThat(SimClient.json(identity).path("healthUserId").asText()).isEqualTo(expectedUser);
                        HttpResponse<String> response = client.list(token, "steps", null, 10_000, null);
                        assertThat(response.statusCode()).isEqualTo(200);
                        long total = 0;
                        for (JsonNode point : SimClient.json(response).path("dataPoints")) {
                            total += point.path("steps").path("count").asLong();
                        }
                        return total;
                    }));
                }
                for (Future<Long> total : totals) {
                    assertThat(total.get(60, TimeUnit.SECONDS)).isEqualTo(daySteps);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(simulator.requestCount(SimulatorEndpoint.DATA_POINTS)).isEqualTo(USERS);
            assertThat(simulator.requestCount(SimulatorEndpoint.IDENTITY)).isEqualTo(USERS);
        }
    }

    @Test
    void replacedDataServed() throws Exception {
        RecordedData empty = RecordedData.of(FitabaseRecording.BUNDLED_ZONE);
        try (GoogleHealthSimulator simulator = GoogleHealthSimulator.builder().user("subject-0", empty).start()) {
            String token = simulator.issueTokens("subject-0").accessToken();
            SimClient client = new SimClient(simulator);
            assertThat(SimClient.json(client.list(token, "steps", null, 10, null)).has("dataPoints")).isFalse();

            simulator.replaceData("subject-0", FitabaseRecording.bundled());
            assertThat(SimClient.json(client.list(token, "steps", null, 10, null)).path("dataPoints").size()).isEqualTo(10);
        }
    }
}
