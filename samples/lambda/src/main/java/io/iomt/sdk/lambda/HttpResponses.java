package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds API Gateway HTTP API responses: JSON bodies, and RFC 9457 problem bodies
 * ({@code application/problem+json}) for every error. Stateless and thread-safe.
 */
final class HttpResponses {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private HttpResponses() {
    }

    /**
     * Returns a JSON response of {@code body}: maps with string keys (written in their iteration
     * order), lists, strings, numbers, booleans and nulls, nested freely.
     *
     * @throws IllegalArgumentException if the body contains any other type
     */
    static APIGatewayV2HTTPResponse json(int status, Map<String, ?> body) {
        return response(status, "application/json", write(body));
    }

    /**
     * Returns a problem response. {@code detail} must name what was wrong and what to do, and
     * never carry a token, code or health value.
     */
    static APIGatewayV2HTTPResponse problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return response(status, "application/problem+json", write(body));
    }

    static APIGatewayV2HTTPResponse response(int status, String contentType, String body) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", contentType, "Cache-Control", "no-store"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    private static String write(Map<String, ?> body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, body);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a response body to memory failed", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, @Nullable Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                json.writeFieldName(String.valueOf(field.getKey()));
                write(json, field.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                write(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Float number) {
            json.writeNumber(number);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else {
            throw new IllegalArgumentException("A response body cannot hold a " + value.getClass().getName()
                    + "; use maps, lists, strings, numbers and booleans");
        }
    }
}
