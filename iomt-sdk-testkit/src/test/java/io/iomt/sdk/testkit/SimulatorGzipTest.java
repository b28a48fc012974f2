package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iomt.sdk.TimeRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SimulatorGzipTest {

    private static final TimeRange DAY = TimeRange.of(Instant.parse("2016-04-22T04:00:00Z"),
            Instant.parse("2016-04-23T04:00:00Z"));
    private static final String DAY_FILTER = "steps.interval.start_time >= \"2016-04-22T04:00:00Z\" AND "
            + "steps.interval.start_time < \"2016-04-23T04:00:00Z\"";

    private static GoogleHealthSimulator simulator;
    private static SimClient client;
    private static String firstToken;
    private static String secondToken;

    @BeforeAll
    static void start() {
        RecordedData day = FitabaseRecording.bundled().slice(DAY);
        simulator = GoogleHealthSimulator.builder().user("gzip-user-1", day).user("gzip-user-2", day).start();
        client = new SimClient(simulator);
        firstToken = simulator.issueTokens("gzip-user-1").accessToken();
        secondToken = simulator.issueTokens("gzip-user-2").accessToken();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        HttpResponse<byte[]> plain = list(firstToken, null, 10_000, null);
        HttpResponse<byte[]> compressed = list(firstToken, "gzip, deflate", 10_000, null);

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(compressed.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(compressed.body().length).isLessThan(plain.body().length / 4);
        assertThat(gunzip(compressed.body())).isEqualTo(plain.body());
        assertThat(SimClient.JSON.readTree(plain.body()).path("dataPoints").size()).isEqualTo(1_440);
    }

    @Test
    void plainWhenRefused() throws Exception {
        HttpResponse<byte[]> refused = list(firstToken, "gzip;q=0, identity", 10_000, null);

        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(SimClient.JSON.readTree(refused.body()).path("dataPoints").size()).isEqualTo(1_440);
    }

    @Test
    void lastPageSameForUsers() throws Exception {
        HttpResponse<byte[]> first = list(firstToken, "gzip", 10_000, null);
        HttpResponse<byte[]> second = list(secondToken, "gzip", 10_000, null);
        HttpResponse<byte[]> again = list(firstToken, "gzip", 10_000, null);

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void pagedTokensPerUser() throws Exception {
        JsonNode first = SimClient.JSON.readTree(gunzip(list(firstToken, "gzip", 1_000, null).body()));
        JsonNode second = SimClient.JSON.readTree(gunzip(list(secondToken, "gzip", 1_000, null).body()));
        String firstNext = first.path("nextPageToken").asText();
        String secondNext = second.path("nextPageToken").asText();
        assertThat(firstNext).isNotEmpty().isNotEqualTo(secondNext);

        HttpResponse<byte[]> replayed = list(secondToken, "gzip", 1_000, firstNext);
        assertThat(replayed.statusCode()).isEqualTo(400);
        JsonNode last = SimClient.JSON.readTree(gunzip(list(firstToken, "gzip", 1_000, firstNext).body()));
        assertThat(last.path("dataPoints").size()).isEqualTo(440);
        assertThat(last.has("nextPageToken")).isFalse();
    }

    private static HttpResponse<byte[]> list(String accessToken, String acceptEncoding, int pageSize, String pageToken)
            throws IOException, InterruptedException {
        String url = simulator.baseUrl().resolve("v4/users/me/dataTypes/steps/dataPoints") + "?filter="
                + SimClient.encode(DAY_FILTER) + "&pageSize=" + pageSize
                + (pageToken == null ? "" : "&pageToken=" + SimClient.encode(pageToken));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
                .header("Authorization", "Bearer " + accessToken);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return client.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}
