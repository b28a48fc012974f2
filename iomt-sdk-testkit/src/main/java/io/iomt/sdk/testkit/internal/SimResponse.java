package io.iomt.sdk.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response the simulator decided on, before it is turned into a WireMock response. Mutable; one per request. */
public final class SimResponse {

    /** The JSON content type the simulator sends. */
    public static final String JSON = "application/json; charset=UTF-8";

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;
    boolean connectionReset;
    long delayMillis;

    SimResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body;
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
    }

    static SimResponse json(int status, byte[] body) {
        return new SimResponse(status, JSON, body);
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
