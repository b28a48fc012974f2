package io.iomt.sdk.fitbit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request in the form a {@link WebhookReceiver} reads: the method, the headers and the raw body
 * bytes, independent of any server framework. Header names are case-insensitive. Immutable and
 * thread-safe; the body is copied in and out.
 *
 * <p>Pass the body exactly as received: the signature covers the raw bytes, so a body that was
 * decoded and re-encoded (for example by a JSON binding layer) no longer verifies. On AWS API
 * Gateway, decode a base64-encoded body to bytes first.
 *
 * <p>{@link #toString()} lists the method, the header names and the body length, never header
 * values or body content, because the {@code Authorization} header holds the shared secret.
 */
public final class WebhookRequest {

    private final String method;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    private WebhookRequest(Builder builder) {
        this.method = builder.method;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = builder.body.clone();
    }

    /**
     * Returns a request.
     *
     * @param method the HTTP method, such as {@code POST}
     * @param headers the headers; names are matched case-insensitively and values of names that
     *     differ only in case are merged
     * @param body the raw body bytes
     */
    public static WebhookRequest of(String method, Map<String, ? extends Collection<String>> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Builder builder = builder().method(method).body(body);
        headers.forEach((name, values) -> {
            Objects.requireNonNull(values, "headers[" + name + "]");
            values.forEach(value -> builder.header(name, value));
        });
        return builder.build();
    }

    /** Returns a new builder; the method defaults to {@code POST} and the body to empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the HTTP method as given. */
    public String method() {
        return method;
    }

    /** Returns the first value of the header {@code name} (any case), or null when absent. */
    public @Nullable String header(String name) {
        List<String> values = headers.get(Objects.requireNonNull(name, "name"));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Returns every value of the header {@code name} (any case); empty when absent. */
    public List<String> headers(String name) {
        return headers.getOrDefault(Objects.requireNonNull(name, "name"), List.of());
    }

    /** Returns the header names, ordered case-insensitively. */
    public Set<String> headerNames() {
        return headers.keySet();
    }

    /** Returns a copy of the raw body. */
    public byte[] body() {
        return body.clone();
    }

    /** Returns the body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** Returns the body without copying; callers inside this package must not modify it. */
    byte[] bodyUnsafe() {
        return body;
    }

    @Override
    public String toString() {
        return "WebhookRequest[method=" + method + ", headers=" + headers.keySet() + ", bodyBytes=" + body.length + "]";
    }

    /** Builds a {@link WebhookRequest}. Not thread-safe; each {@link #build()} returns a new request. */
    public static final class Builder {

        private String method = "POST";
        private final TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private byte[] body = new byte[0];

        private Builder() {
        }

        /**
         * Sets the HTTP method.
         *
         * @throws IllegalArgumentException if {@code method} is blank
         */
        public Builder method(String method) {
            Objects.requireNonNull(method, "method");
            if (method.isBlank()) {
                throw new IllegalArgumentException("method must not be blank");
            }
            this.method = method.strip();
            return this;
        }

        /**
         * Adds a header value; repeated calls with the same name (any case) add values.
         *
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank()) {
                throw new IllegalArgumentException("header name must not be blank");
            }
            headers.computeIfAbsent(name.strip(), key -> new ArrayList<>()).add(value);
            return this;
        }

        /** Sets the raw body; the array is copied. */
        public Builder body(byte[] body) {
            Objects.requireNonNull(body, "body");
            this.body = Arrays.copyOf(body, body.length);
            return this;
        }

        /** Returns the request. */
        public WebhookRequest build() {
            return new WebhookRequest(this);
        }
    }
}
