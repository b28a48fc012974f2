package io.iomt.sdk.fitbit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sends one HTTP request of the Google Health clients and returns its response, over OkHttp or the
 * JDK's {@code HttpURLConnection}. Implementations follow no redirects, request gzip and decode it,
 * and log one DEBUG line per request without its query string.
 *
 * <p>Implementations are thread-safe. {@link #close()} releases only what the transport created.
 */
public interface HttpTransport extends AutoCloseable {

    /**
     * Sends the request and returns once the status and headers have arrived; the caller reads the
     * body and closes the response.
     *
     * @param method {@code GET} or {@code POST}
     * @param url the absolute URL, query included
     * @param headers request headers, sent in their iteration order
     * @param form the {@code application/x-www-form-urlencoded} body of a {@code POST}, or
     *     {@code null} for none
     * @throws IOException if the request could not be sent or the response head not read
     */
    Response send(String method, String url, Map<String, String> headers, @Nullable Form form) throws IOException;

    /** Releases the connections and threads of a client this transport created; idempotent. */
    @Override
    void close();

    /** The status, headers and body of one response. Not thread-safe; close it once read. */
    interface Response extends Closeable {

        /** Returns the HTTP status code. */
        int code();

        /** Returns the first value of the header {@code name} (any case), or {@code null}. */
        @Nullable String header(String name);

        /** Returns the body, decoded from gzip where the server sent it so; empty if the response has none. */
        InputStream body() throws IOException;

        /** Returns whether the status is 2xx. */
        default boolean isSuccessful() {
            int code = code();
            return code >= 200 && code < 300;
        }
    }
}
