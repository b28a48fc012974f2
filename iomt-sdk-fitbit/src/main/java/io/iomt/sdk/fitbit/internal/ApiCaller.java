package io.iomt.sdk.fitbit.internal;

import io.iomt.sdk.AccessTokenSource;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthDataType;
import io.iomt.sdk.fitbit.GoogleHealthException;
import io.iomt.sdk.fitbit.GoogleHealthListener;
import io.iomt.sdk.RequestBudget;
import io.iomt.sdk.fitbit.RequestLimitExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends authorized GET requests to the Google Health API with the client-side limiter, one token
 * renewal after a 401, and retries of 429, 503, 504 and transport errors with exponential backoff
 * and full jitter, honouring {@code Retry-After} and {@code RetryInfo}.
 *
 * <p>Thread-safe. Logs at DEBUG one line per response with the path only: never the query string
 * or the {@code Authorization} header.
 */
public final class ApiCaller {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCaller.class);
    private static final String USER_AGENT = "iomt-sdk/0.1 (Google Health API v4 client)";

    /** Reads a successful response body. */
    @FunctionalInterface
    public interface BodyReader<T> {
        /**
         * Reads the body; a JSON or shape error is thrown as {@link GoogleHealthException}, and an
         * {@link IOException} means the transport failed.
         */
        T read(InputStream body, String request) throws IOException;
    }

    private final HttpTransport transport;
    private final GoogleHealthConfig config;
    private final RequestBudget budget;
    private final GoogleHealthListener listener;

    /** Creates a caller that sends through {@code transport}, which it does not own. */
    public ApiCaller(HttpTransport transport, GoogleHealthConfig config, RequestBudget budget) {
        this.transport = transport;
        this.config = config;
        this.budget = budget;
        this.listener = config.listener();
    }

    /**
     * Sends {@code GET url} and reads the successful body with {@code reader}.
     *
     * @param request the request as {@code METHOD path (data type)}, for messages and events
     * @param connection the connection the limiter keys on, or {@code null} to bypass the limiter
     * @throws GoogleHealthException for API errors, unreadable bodies and exhausted retries
     * @throws ReauthorizationRequiredException on HTTP 403 for a known connection
     */
    public <T> T get(String url, String request, @Nullable ConnectionId connection,
            @Nullable GoogleHealthDataType dataType, AccessTokenSource tokens, BodyReader<T> reader) {
        String token = tokens.accessToken();
        boolean renewed = false;
        int attempt = 1;
        while (true) {
            throttle(connection, request, dataType);
            Failure failure;
            try (HttpTransport.Response response = transport.send("GET", url, headers(token), null)) {
                int code = response.code();
                LOG.debug("GET {} -> HTTP {}", Urls.path(url), code);
                if (code >= 200 && code < 300) {
                    return readBody(response, request, dataType, reader);
                }
                if (code == 401 && !renewed) {
                    notify(() -> listener.onTokenRejected(connection, request));
                    token = tokens.renewAfterRejection(token);
                    renewed = true;
                    continue;
                }
                failure = errorResponse(response, request, connection, dataType);
            } catch (IOException e) {
                failure = new Failure(transportFailure(request, dataType, e), null);
            }
            Duration delay = retryDelay(failure, attempt);
            if (delay == null) {
                throw failure.exception();
            }
            attempt++;
            int status = failure.exception().httpStatus();
            int next = attempt;
            notify(() -> listener.onRetry(connection, request, next, status, delay));
            LOG.debug("Retrying {} (attempt {}) in {} ms after HTTP {}", request, attempt, delay.toMillis(), status);
            sleep(delay, request, dataType);
        }
    }

    private static Map<String, String> headers(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", "application/json");
        headers.put("User-Agent", USER_AGENT);
        return headers;
    }

    private void throttle(@Nullable ConnectionId connection, String request,
            @Nullable GoogleHealthDataType dataType) {
        if (connection == null) {
            return;
        }
        Duration ahead = budget.delayBeforeNext(connection);
        if (ahead.compareTo(config.maxThrottleWait()) > 0) {
            throw new RequestLimitExceededException(connection.key(), ahead, config.maxThrottleWait());
        }
        Duration wait = budget.reserve(connection, 1);
        if (wait.isZero()) {
            return;
        }
        notify(() -> listener.onThrottled(connection, wait));
        sleep(wait, request, dataType);
    }

    private static <T> T readBody(HttpTransport.Response response, String request, @Nullable GoogleHealthDataType dataType,
            BodyReader<T> reader) {
        try (InputStream body = response.body()) {
            return reader.read(body, request);
        } catch (IOException e) {
            // The transport failed inside a body that may have been partly consumed: fail the
            // whole fetch rather than re-read into half-filled builders.
            throw new GoogleHealthException("Reading the response to " + request + " failed ("
                    + e.getClass().getSimpleName() + "); nothing of it was kept, so retry the fetch later", 0, null,
                    null, request, dataType, true, false, null, e);
        }
    }

    private Failure errorResponse(HttpTransport.Response response, String request, @Nullable ConnectionId connection,
            @Nullable GoogleHealthDataType dataType) {
        int code = response.code();
        ErrorBody error;
        try (InputStream body = response.body()) {
            error = ErrorBody.read(body);
        } catch (IOException e) {
            error = ErrorBody.EMPTY;
        }
        Duration retryAfter = RetryAfter.parse(response.header("Retry-After"), config.clock());
        if (retryAfter == null) {
            retryAfter = error.retryDelay();
        }
        boolean rateLimited = code == 429;
        boolean retryable = rateLimited || code == 500 || code == 502 || code == 503 || code == 504;
        GoogleHealthException exception = new GoogleHealthException(errorMessage(request, code, error),
                code, error.status(), error.reason(), request, dataType, retryable, rateLimited, retryAfter, null);
        // NOTE: every 403 counts as lost consent, whatever its status or reason, because Google
        // documents 403 only for missing scopes and revoked or wrong-account grants.
        if (code == 403 && connection != null) {
            throw new ReauthorizationRequiredException(connection, "The Google Health API denied " + request
                    + " with HTTP 403 " + describe(error) + "; the user must consent again (reconnect the subject)",
                    exception);
        }
        if (rateLimited) {
            Duration wait = retryAfter;
            notify(() -> listener.onRateLimited(connection, request, wait));
        }
        return new Failure(exception, retryAfter);
    }

    private static String errorMessage(String request, int code, ErrorBody error) {
        String what = "The Google Health API answered " + request + " with HTTP " + code + " " + describe(error);
        return what + "; " + switch (code) {
            case 400 -> "the request was invalid (check the data type and filter); not retried";
            case 401 -> "the access token was rejected again after renewal; reconnect the subject if this persists";
            case 403 -> "access was denied; the user must consent again";
            case 404 -> "the user or data type was not found; not retried";
            case 429 -> "the per-user or per-project quota was exceeded; retry after the requested wait";
            default -> code >= 500 ? "the API failed; retry later" : "not retried";
        };
    }

    private static String describe(ErrorBody error) {
        String status = error.status() == null ? "(no status)" : error.status();
        return error.reason() == null ? status : status + " (reason " + error.reason() + ")";
    }

    private static GoogleHealthException transportFailure(String request, @Nullable GoogleHealthDataType dataType,
            IOException e) {
        return new GoogleHealthException("Sending " + request + " to the Google Health API failed ("
                + e.getClass().getSimpleName() + "); check the network and retry later", 0, null, null, request,
                dataType, true, false, null, e);
    }

    /** Returns the wait before the next attempt, or {@code null} if the failure is final. */
    private @Nullable Duration retryDelay(Failure failure, int attempt) {
        int code = failure.exception().httpStatus();
        boolean retried = code == 0 || code == 429 || code == 503 || code == 504;
        if (!retried || attempt >= config.maxAttempts()) {
            return null;
        }
        Duration requested = failure.retryAfter();
        if (requested != null) {
            return requested.compareTo(config.maxRetryAfter()) > 0 ? null : requested;
        }
        return backoff(attempt);
    }

    private Duration backoff(int attempt) {
        long initial = config.initialBackoff().toMillis();
        long cap = config.maxBackoff().toMillis();
        long ceiling = attempt >= 31 ? cap : Math.min(cap, initial << (attempt - 1));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private void sleep(Duration delay, String request, @Nullable GoogleHealthDataType dataType) {
        try {
            config.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoogleHealthException("Interrupted while waiting to retry " + request, 0, null, null, request,
                    dataType, true, false, null, e);
        }
    }

    private static void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("A GoogleHealthListener threw {}; the event was ignored", e.getClass().getName());
        }
    }

    private record Failure(GoogleHealthException exception, @Nullable Duration retryAfter) {
    }
}
