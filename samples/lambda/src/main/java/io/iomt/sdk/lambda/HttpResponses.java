package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Builds API Gateway HTTP API responses: JSON bodies, and RFC 9457 problem bodies
 * ({@code application/problem+json}) for every error. Stateless and thread-safe.
 */
final class HttpResponses {

    static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponses() {
    }

    static APIGatewayV2HTTPResponse json(int status, Object body) {
        try {
            return response(status, "application/json", JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Response body could not be written as JSON", e);
        }
    }

    /**
     * Returns a problem response. {@code detail} must name what was wrong and what to do, and
     * never carry a token, code or health value.
     */
    static APIGatewayV2HTTPResponse problem(int status, String title, String detail) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return response(status, "application/problem+json", body.toString());
    }

    static APIGatewayV2HTTPResponse response(int status, String contentType, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", contentType, "Cache-Control", "no-store"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
