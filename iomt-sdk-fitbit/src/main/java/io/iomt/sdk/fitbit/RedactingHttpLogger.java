package io.iomt.sdk.fitbit;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OkHttp interceptor that logs each HTTP exchange at DEBUG without secrets: method, URL
 * without its query (the query is shown as {@code ?<redacted>}), status and duration, and at
 * TRACE the request and response headers with {@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie} and {@code Set-Cookie} values redacted. Bodies are never logged, because token
 * requests and responses carry tokens, codes and client secrets in them.
 *
 * <p>Add it to an {@link okhttp3.OkHttpClient.Builder} with {@code addInterceptor(...)}; it logs
 * through the SLF4J logger {@code io.iomt.sdk.fitbit.http}. Stateless and thread-safe.
 */
public final class RedactingHttpLogger implements Interceptor {

    /** The name of the SLF4J logger this interceptor writes to. */
    public static final String LOGGER_NAME = "io.iomt.sdk.fitbit.http";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    private static final String REDACTED = "<redacted>";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");

    private RedactingHttpLogger() {
    }

    /** Returns the interceptor. */
    public static RedactingHttpLogger create() {
        return new RedactingHttpLogger();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!LOG.isDebugEnabled()) {
            return chain.proceed(request);
        }
        String target = request.method() + " " + redact(request.url());
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} request headers: {}", target, redact(request.headers()));
        }
        long started = System.nanoTime();
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException e) {
            LOG.debug("{} failed after {} ms ({})", target, elapsedMillis(started), e.getClass().getSimpleName());
            throw e;
        }
        LOG.debug("{} -> HTTP {} in {} ms", target, response.code(), elapsedMillis(started));
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} response headers: {}", target, redact(response.headers()));
        }
        return response;
    }

    /** Returns {@code url} without user info, query or fragment; a query is shown as {@code ?<redacted>}. */
    public static String redact(HttpUrl url) {
        Objects.requireNonNull(url, "url");
        HttpUrl bare = url.newBuilder().username("").password("").query(null).fragment(null).build();
        return url.encodedQuery() == null ? bare.toString() : bare + "?" + REDACTED;
    }

    /** Returns the headers as {@code name: value} lines with the values of credential headers redacted. */
    public static String redact(Headers headers) {
        Objects.requireNonNull(headers, "headers");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            boolean secret = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(name).append(": ").append(secret ? REDACTED : headers.value(i));
        }
        return text.toString();
    }

    private static long elapsedMillis(long startedNanos) {
        // Only a duration for the log line, so the monotonic clock is read directly.
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public String toString() {
        return "RedactingHttpLogger[" + LOGGER_NAME + "]";
    }
}
