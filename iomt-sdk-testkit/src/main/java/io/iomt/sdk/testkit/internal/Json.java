package io.iomt.sdk.testkit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes the simulator's small JSON bodies: google.rpc.Status errors and OAuth responses. Thread-safe. */
final class Json {

    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            body.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write a JSON body in memory", e);
        }
        return out.toByteArray();
    }

    /** Returns the canonical google.rpc code name of an HTTP status. */
    static String statusName(int httpStatus) {
        switch (httpStatus) {
            case 400:
                return "INVALID_ARGUMENT";
            case 401:
                return "UNAUTHENTICATED";
            case 403:
                return "PERMISSION_DENIED";
            case 404:
                return "NOT_FOUND";
            case 409:
                return "ABORTED";
            case 429:
                return "RESOURCE_EXHAUSTED";
            case 500:
                return "INTERNAL";
            case 501:
                return "UNIMPLEMENTED";
            case 503:
                return "UNAVAILABLE";
            case 504:
                return "DEADLINE_EXCEEDED";
            default:
                return "UNKNOWN";
        }
    }

    /** Returns a google.rpc.Status error response with one ErrorInfo detail. */
    static SimResponse rpcError(int httpStatus, String message, @Nullable String reason, Map<String, String> metadata) {
        byte[] body = write(generator -> {
            generator.writeStartObject();
            generator.writeObjectFieldStart("error");
            generator.writeNumberField("code", httpStatus);
            generator.writeStringField("message", message);
            generator.writeStringField("status", statusName(httpStatus));
            if (reason != null) {
                generator.writeArrayFieldStart("details");
                generator.writeStartObject();
                generator.writeStringField("@type", "type.googleapis.com/google.rpc.ErrorInfo");
                generator.writeStringField("reason", reason);
                generator.writeStringField("domain", "health.googleapis.com");
                if (!metadata.isEmpty()) {
                    generator.writeObjectFieldStart("metadata");
                    for (Map.Entry<String, String> entry : metadata.entrySet()) {
                        generator.writeStringField(entry.getKey(), entry.getValue());
                    }
                    generator.writeEndObject();
                }
                generator.writeEndObject();
                generator.writeEndArray();
            }
            generator.writeEndObject();
            generator.writeEndObject();
        });
        return SimResponse.json(httpStatus, body);
    }

    static SimResponse rpcError(int httpStatus, String message, @Nullable String reason) {
        return rpcError(httpStatus, message, reason, Map.of());
    }

    /** Returns an OAuth 2.0 error response ({@code error}, {@code error_description}). */
    static SimResponse oauthError(int httpStatus, String error, String description) {
        byte[] body = write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("error", error);
            generator.writeStringField("error_description", description);
            generator.writeEndObject();
        });
        SimResponse response = SimResponse.json(httpStatus, body);
        response.header("Cache-Control", "no-store");
        return response;
    }
}
