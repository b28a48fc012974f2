package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpResponsesTest {

    @Test
    void jsonWritesNestedValuesInOrder() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("time", "2026-12-01T00:00:00Z");
        point.put("value", 71.5);
        point.put("durationSeconds", 60L);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", "s \"1\"");
        body.put("points", List.of(point));
        body.put("count", 1);
        body.put("partial", false);
        body.put("next", null);
        body.put("empty", Arrays.asList());

        APIGatewayV2HTTPResponse response = HttpResponses.json(200, body);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        assertThat(response.getBody()).isEqualTo("{\"subject\":\"s \\\"1\\\"\",\"points\":[{\"time\":\"2026-12-01T00:00:00Z\","
                + "\"value\":71.5,\"durationSeconds\":60}],\"count\":1,\"partial\":false,\"next\":null,\"empty\":[]}");
    }

    @Test
    void problemIsRfc9457() {
        APIGatewayV2HTTPResponse response = HttpResponses.problem(404, "Not found", "No route GET /x.");

        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json")
                .containsEntry("Cache-Control", "no-store");
        assertThat(response.getBody()).isEqualTo(
                "{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404,\"detail\":\"No route GET /x.\"}");
    }

    @Test
    void unsupportedValueRejected() {
        assertThatThrownBy(() -> HttpResponses.json(200, Map.of("at", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.Instant");
    }
}
