package io.iomt.sdk.fitbit.internal;

import io.iomt.sdk.fitbit.RedactingHttpLogger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through the JDK's {@link HttpURLConnection}, reusing connections through the JDK's
 * keep-alive cache: a response read to its end and closed leaves its connection there for the next
 * request to the same host. Requests gzip and decodes it, follows no redirects, and uses no response
 * cache. Holds no resources of its own, so {@link #close()} does nothing. Thread-safe.
 */
public final class UrlConnectionTransport implements HttpTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RedactingHttpLogger.LOGGER_NAME);

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    /** Creates a transport with these timeouts, each positive and at most {@link Integer#MAX_VALUE} ms. */
    public UrlConnectionTransport(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeoutMillis = millis(connectTimeout, "connectTimeout");
        this.readTimeoutMillis = millis(readTimeout, "readTimeout");
    }

    @Override
    public Response send(String method, String url, Map<String, String> headers, @Nullable Form form)
            throws IOException {
        long started = System.nanoTime();
        URLConnection opened = URI.create(url).toURL().openConnection();
        if (!(opened instanceof HttpURLConnection)) {
            throw new IOException("Not an HTTP URL: " + Urls.redact(url));
        }
        HttpURLConnection connection = (HttpURLConnection) opened;
        try {
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept-Encoding", "gzip");
            headers.forEach(connection::setRequestProperty);
            if (form != null) {
                writeForm(connection, form);
            }
            int code = connection.getResponseCode();
            log(method, url, code, started);
            return new UrlConnectionResponse(connection, code);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} {} failed after {} ms ({})", method, Urls.redact(url), elapsedMillis(started),
                    e.getClass().getSimpleName());
            connection.disconnect();
            throw e;
        }
    }

    @Override
    public void close() {
        // Nothing to release: connections live in the JDK's keep-alive cache.
    }

    @Override
    public String toString() {
        return "UrlConnectionTransport[connectTimeout=" + connectTimeoutMillis + " ms, readTimeout="
                + readTimeoutMillis + " ms]";
    }

    private static void writeForm(HttpURLConnection connection, Form form) throws IOException {
        byte[] body = form.encoded();
        connection.setRequestProperty("Content-Type", Form.CONTENT_TYPE);
        connection.setDoOutput(true);
        // No fixed-length streaming mode: in that mode the JDK turns an HTTP 401 into an
        // HttpRetryException and drops the body, which carries the token endpoint's error code
        // (invalid_client). A form is small, so the JDK buffers it and sends its Content-Length.
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
    }

    private static void log(String method, String url, int code, long started) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> HTTP {} in {} ms", method, Urls.redact(url), code, elapsedMillis(started));
        }
    }

    private static long elapsedMillis(long startedNanos) {
        // Only a duration for the log line, so the monotonic clock is read directly.
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static int millis(Duration timeout, String name) {
        long millis = timeout.toMillis();
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms, got "
                    + timeout);
        }
        return (int) millis;
    }

    private static final class UrlConnectionResponse implements Response {
        private final HttpURLConnection connection;
        private final int code;
        private @Nullable InputStream body;

        private UrlConnectionResponse(HttpURLConnection connection, int code) {
            this.connection = connection;
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }

        @Override
        public @Nullable String header(String name) {
            return connection.getHeaderField(name);
        }

        @Override
        public InputStream body() throws IOException {
            if (body == null) {
                InputStream raw = code >= 400 ? connection.getErrorStream() : connection.getInputStream();
                if (raw == null) {
                    raw = InputStream.nullInputStream();
                }
                String encoding = connection.getContentEncoding();
                boolean gzip = encoding != null && encoding.toLowerCase(Locale.ROOT).equals("gzip")
                        && code != 204 && connection.getContentLengthLong() != 0;
                body = gzip ? new GZIPInputStream(raw) : raw;
            }
            return body;
        }

        @Override
        public void close() throws IOException {
            // The JDK keeps the connection for reuse when the body was read to its end or the rest
            // is small enough to drain here. Otherwise it closes the connection.
            InputStream stream = body;
            if (stream == null) {
                try {
                    stream = body();
                } catch (IOException e) {
                    connection.disconnect();
                    return;
                }
            }
            stream.close();
        }
    }
}
