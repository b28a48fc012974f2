package io.iomt.sdk.fitbit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP response a {@link WebhookReceiver} returns for the host to send: a status, headers and
 * a body (empty for 201 and 204, a plain-text sentence for rejections). Immutable and thread-safe.
 */
public final class WebhookResponse {

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    private WebhookResponse(int status, Map<String, String> headers, byte[] body) {
        this.status = status;
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
    }

    static WebhookResponse empty(int status) {
        return new WebhookResponse(status, Map.of(), new byte[0]);
    }

    static WebhookResponse text(int status, String message, Map<String, String> extraHeaders) {
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(extraHeaders);
        headers.put("Content-Type", "text/plain; charset=utf-8");
        return new WebhookResponse(status, headers, message.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the HTTP status code. */
    public int status() {
        return status;
    }

    /** Returns the headers to send, with case-insensitive names. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Returns the header {@code name} (any case), or null when absent. */
    public @Nullable String header(String name) {
        return headers.get(Objects.requireNonNull(name, "name"));
    }

    /** Returns a copy of the body bytes; empty when there is no body. */
    public byte[] body() {
        return body.clone();
    }

    /** Returns the body as UTF-8 text; empty when there is no body. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WebhookResponse[status=" + status + ", bodyBytes=" + body.length + "]";
    }
}
