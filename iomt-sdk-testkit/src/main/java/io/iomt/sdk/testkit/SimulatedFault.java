package io.iomt.sdk.testkit;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A fault that the {@link GoogleHealthSimulator} serves in place of (or on top of) normal
 * responses, for the next {@linkplain #times(int) n} matching requests; then normal service
 * resumes. Faults are queued with {@link GoogleHealthSimulator#inject(SimulatedFault)} and each
 * request takes the first queued fault that matches it.
 *
 * <p>By default a fault matches {@link SimulatorEndpoint#DATA_POINTS} requests of any data type;
 * {@link #onEndpoint(SimulatorEndpoint)} and {@link #onDataType(String)} narrow or move it. Faults
 * that replace the response ({@link #status}, {@link #htmlErrorPage}, {@link #connectionReset})
 * and {@link #delay} act before authentication. Faults that shape a page ({@link #truncatedPage},
 * {@link #emptyPageWithToken}, {@link #shortPages}, {@link #repeatedPageToken}) act only on a data
 * request that would otherwise succeed.
 *
 * <p>Immutable and thread-safe; the modifiers return copies.
 */
public final class SimulatedFault {

    /** The kind of fault. */
    public enum Kind {
        /** An error status with a {@code google.rpc.Status} body (OAuth error JSON on the OAuth endpoints). */
        STATUS,
        /** A delay before the normal response. */
        DELAY,
        /** The normal page cut in the middle of its {@code dataPoints} array: valid start, invalid JSON. */
        TRUNCATED_PAGE,
        /** An HTML error page with status 200 and {@code Content-Type: text/html}. */
        HTML_PAGE,
        /** The connection is reset without a response. */
        CONNECTION_RESET,
        /** A page with no data points whose {@code nextPageToken} leads to the data it skipped. */
        EMPTY_PAGE_WITH_TOKEN,
        /** Pages of at most {@link #pageLimit()} points, each with a correct {@code nextPageToken}. */
        SHORT_PAGE,
        /** A page whose {@code nextPageToken} equals the request's {@code pageToken}; matches only requests that carry one. */
        REPEATED_PAGE_TOKEN
    }

    private final Kind kind;
    private final int httpStatus;
    private final @Nullable Duration retryAfter;
    private final @Nullable String reason;
    private final Duration delay;
    private final int pageLimit;
    private final int times;
    private final SimulatorEndpoint endpoint;
    private final @Nullable String dataType;

    private SimulatedFault(Kind kind, int httpStatus, @Nullable Duration retryAfter, @Nullable String reason, Duration delay,
            int pageLimit, int times, SimulatorEndpoint endpoint, @Nullable String dataType) {
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.reason = reason;
        this.delay = delay;
        this.pageLimit = pageLimit;
        this.times = times;
        this.endpoint = endpoint;
        this.dataType = dataType;
    }

    private static SimulatedFault of(Kind kind) {
        return new SimulatedFault(kind, 200, null, null, Duration.ZERO, 0, 1, SimulatorEndpoint.DATA_POINTS, null);
    }

    /**
     * Returns a fault that returns {@code httpStatus} and an error body. On the data
     * endpoints the body is a {@code google.rpc.Status} envelope whose {@code status} string
     * follows the HTTP status (400 {@code INVALID_ARGUMENT}, 401 {@code UNAUTHENTICATED}, 403
     * {@code PERMISSION_DENIED}, 404 {@code NOT_FOUND}, 429 {@code RESOURCE_EXHAUSTED}, 500
     * {@code INTERNAL}, 503 {@code UNAVAILABLE}, 504 {@code DEADLINE_EXCEEDED}, others
     * {@code UNKNOWN}). On the OAuth endpoints it is {@code {"error": ..., "error_description": ...}}.
     *
     * @throws IllegalArgumentException if the status is not 400 to 599
     */
    public static SimulatedFault status(int httpStatus) {
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be an error status from 400 to 599, got " + httpStatus);
        }
        return new SimulatedFault(Kind.STATUS, httpStatus, null, null, Duration.ZERO, 0, 1, SimulatorEndpoint.DATA_POINTS, null);
    }

    /**
     * Returns a fault that waits {@code delay} and then serves the normal response.
     *
     * @throws IllegalArgumentException if the delay is negative or longer than 10 minutes
     */
    public static SimulatedFault delay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("delay must be between 0 and 10 minutes, got " + delay);
        }
        return new SimulatedFault(Kind.DELAY, 200, null, null, delay, 0, 1, SimulatorEndpoint.DATA_POINTS, null);
    }

    /** Returns a fault that serves the normal page cut in the middle of its data points, with status 200. */
    public static SimulatedFault truncatedPage() {
        return of(Kind.TRUNCATED_PAGE);
    }

    /** Returns a fault that serves an HTML error page with status 200, as a captive portal or proxy might. */
    public static SimulatedFault htmlErrorPage() {
        return of(Kind.HTML_PAGE);
    }

    /** Returns a fault that resets the connection without a response. */
    public static SimulatedFault connectionReset() {
        return of(Kind.CONNECTION_RESET);
    }

    /** Returns a fault that serves an empty page carrying a {@code nextPageToken} to the skipped data. */
    public static SimulatedFault emptyPageWithToken() {
        return of(Kind.EMPTY_PAGE_WITH_TOKEN);
    }

    /**
     * Returns a fault that caps pages at {@code maxPoints} points, whatever {@code pageSize} asked.
     *
     * @throws IllegalArgumentException if {@code maxPoints} is not positive
     */
    public static SimulatedFault shortPages(int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be positive, got " + maxPoints);
        }
        return new SimulatedFault(Kind.SHORT_PAGE, 200, null, null, Duration.ZERO, maxPoints, 1, SimulatorEndpoint.DATA_POINTS, null);
    }

    /**
     * Returns a fault that serves the page asked for with the request's own {@code pageToken} as
     * {@code nextPageToken}, so a client that does not guard against repeats pages forever.
     */
    public static SimulatedFault repeatedPageToken() {
        return of(Kind.REPEATED_PAGE_TOKEN);
    }

    /**
     * Returns a copy that applies to the next {@code times} matching requests (default 1).
     *
     * @throws IllegalArgumentException if {@code times} is not positive
     */
    public SimulatedFault times(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be positive, got " + times);
        }
        return new SimulatedFault(kind, httpStatus, retryAfter, reason, delay, pageLimit, times, endpoint, dataType);
    }

    /**
     * Returns a copy that matches requests to {@code endpoint} instead of
     * {@link SimulatorEndpoint#DATA_POINTS}.
     *
     * @throws IllegalArgumentException if a page-shaping fault is moved off the data endpoint
     */
    public SimulatedFault onEndpoint(SimulatorEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (shapesPage() && endpoint != SimulatorEndpoint.DATA_POINTS) {
            throw new IllegalArgumentException(kind + " faults shape data pages and apply only to DATA_POINTS, not " + endpoint);
        }
        return new SimulatedFault(kind, httpStatus, retryAfter, reason, delay, pageLimit, times, endpoint, dataType);
    }

    /**
     * Returns a copy that matches only data requests for {@code dataType} (kebab case, such as
     * {@code heart-rate}).
     */
    public SimulatedFault onDataType(String dataType) {
        Objects.requireNonNull(dataType, "dataType");
        return new SimulatedFault(kind, httpStatus, retryAfter, reason, delay, pageLimit, times, SimulatorEndpoint.DATA_POINTS, dataType);
    }

    /**
     * Returns a copy of a {@link Kind#STATUS} fault that sends {@code Retry-After} in whole
     * seconds (rounded up).
     *
     * @throws IllegalStateException if this is not a status fault
     * @throws IllegalArgumentException if the duration is negative
     */
    public SimulatedFault withRetryAfter(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        requireStatus("withRetryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
        }
        return new SimulatedFault(kind, httpStatus, retryAfter, reason, delay, pageLimit, times, endpoint, dataType);
    }

    /**
     * Returns a copy of a {@link Kind#STATUS} fault whose body carries {@code reason}: the
     * {@code ErrorInfo.reason} on data endpoints (such as {@code ACCESS_TOKEN_SCOPE_INSUFFICIENT}),
     * the {@code error} code on OAuth endpoints (such as {@code invalid_grant}).
     *
     * @throws IllegalStateException if this is not a status fault
     */
    public SimulatedFault withReason(String reason) {
        Objects.requireNonNull(reason, "reason");
        requireStatus("withReason");
        return new SimulatedFault(kind, httpStatus, retryAfter, reason, delay, pageLimit, times, endpoint, dataType);
    }

    private void requireStatus(String method) {
        if (kind != Kind.STATUS) {
            throw new IllegalStateException(method + " applies to status faults only, not " + kind);
        }
    }

    /** Returns the kind of fault. */
    public Kind kind() {
        return kind;
    }

    /** Returns the HTTP status of a {@link Kind#STATUS} fault, or 200. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Returns the {@code Retry-After} of a status fault, or {@code null} for none. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** Returns the error reason of a status fault, or {@code null} for the default of its status. */
    public @Nullable String reason() {
        return reason;
    }

    /** Returns the delay of a {@link Kind#DELAY} fault, or zero. */
    public Duration delay() {
        return delay;
    }

    /** Returns the page cap of a {@link Kind#SHORT_PAGE} fault, or 0. */
    public int pageLimit() {
        return pageLimit;
    }

    /** Returns how many matching requests the fault applies to. */
    public int times() {
        return times;
    }

    /** Returns the endpoint the fault matches. */
    public SimulatorEndpoint endpoint() {
        return endpoint;
    }

    /** Returns the data type the fault is limited to, or {@code null} for any. */
    public @Nullable String dataType() {
        return dataType;
    }

    /** Returns whether the fault changes a data page rather than replacing the response. */
    public boolean shapesPage() {
        return kind == Kind.TRUNCATED_PAGE || kind == Kind.EMPTY_PAGE_WITH_TOKEN || kind == Kind.SHORT_PAGE
                || kind == Kind.REPEATED_PAGE_TOKEN;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SimulatedFault[").append(kind);
        if (kind == Kind.STATUS) {
            text.append(' ').append(httpStatus);
        }
        text.append(", times=").append(times).append(", endpoint=").append(endpoint);
        if (dataType != null) {
            text.append(", dataType=").append(dataType);
        }
        return text.append(']').toString();
    }
}
