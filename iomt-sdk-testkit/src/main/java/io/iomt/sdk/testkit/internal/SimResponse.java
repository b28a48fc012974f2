package io.iomt.sdk.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A response the simulator decided on, before it is turned into a WireMock response. Mutable; one per request. */
public final class SimResponse {

    /** The JSON content type the simulator sends. */
    public static final String JSON = "application/json; charset=UTF-8";

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;
    /** The body with its cached gzip encoding when the body is shared between responses, else null. */
    final @Nullable ResponseBody shared;
    boolean connectionReset;
    long delayMillis;

    SimResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    private SimResponse(int status, String contentType, byte[] body, @Nullable ResponseBody shared) {
        this.status = status;
        this.body = body;
        this.shared = shared;
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
    }

    static SimResponse json(int status, byte[] body) {
        return new SimResponse(status, JSON, body);
    }

    /** Returns a JSON response whose body, and its gzip encoding, are shared with other responses. */
    static SimResponse json(int status, ResponseBody body) {
        return new SimResponse(status, JSON, body.bytes(), body);
    }

    /** Returns the body in gzip encoding, from the shared body's cache when there is one. */
    byte[] gzippedBody() {
        return shared != null ? shared.gzipped() : ResponseBody.gzip(body);
    }

    static SimResponse text(int status, String contentType, String body) {
        return new SimResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static SimResponse reset() {
        SimResponse response = new SimResponse(200, "", new byte[0]);
        response.connectionReset = true;
        return response;
    }

    SimResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }
}
