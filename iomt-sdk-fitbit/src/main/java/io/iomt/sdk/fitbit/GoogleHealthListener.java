package io.iomt.sdk.fitbit;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Receives events of the Google Health client where a host may want to react: quota rejections,
 * retries, client-side throttling, fetched pages and skipped points. Every method has an empty
 * default, so implement only what you need.
 *
 * <p>Called synchronously on the thread that makes the request, except the page and
 * points-skipped events of {@link GoogleHealthWearable#receive} for a data type with one metric:
 * those fire when its result is parsed, on the thread that parses it (a pipeline's store executor,
 * for example), after the requests of the read were all sent. A result that is never parsed fires
 * none of them. For a data type with several metrics (sleep and both heart-rate variability types),
 * {@code receive} fetches and parses at once, so they fire on the calling thread.
 * Implementations must be thread-safe, return quickly and not throw (an exception thrown by a
 * listener is logged and ignored). Events never carry a token, a query value or a health value.
 */
public interface GoogleHealthListener {

    /** A listener that ignores every event. */
    GoogleHealthListener NONE = new GoogleHealthListener() {
    };

    /**
     * Reports that the API rejected a request for a quota (HTTP 429).
     *
     * @param connection the connection, or {@code null} for calls outside a connection
     * @param request the request as {@code METHOD path}
     * @param retryAfter the wait the API asked for, or {@code null} if it named none
     */
    default void onRateLimited(@Nullable ConnectionId connection, String request, @Nullable Duration retryAfter) {
    }

    /**
     * A request is retried after {@code delay}.
     *
     * @param attempt the attempt about to be made, from 2
     * @param httpStatus the status of the failed attempt, or 0 for a transport error
     */
    default void onRetry(@Nullable ConnectionId connection, String request, int attempt, int httpStatus,
            Duration delay) {
    }

    /** Reports that the client-side request budget (such as a {@link RequestLimiter}) delayed a request by {@code waited}. */
    default void onThrottled(ConnectionId connection, Duration waited) {
    }

    /** Reports that the API rejected an access token (HTTP 401), so the request is sent once more with a renewed token. */
    default void onTokenRejected(@Nullable ConnectionId connection, String request) {
    }

    /**
     * A page of data points was fetched and parsed. For {@link GoogleHealthWearable#receive} of a
     * data type with one metric, this fires when the received page is parsed, which may be later
     * and on another thread.
     *
     * @param pageNumber the page's number within the fetch, from 1
     * @param dataPoints the number of data points on the page (0 for an empty page)
     * @param hasNextPage whether the page named a next page
     */
    default void onPageFetched(ConnectionId connection, GoogleHealthDataType dataType, int pageNumber,
            int dataPoints, boolean hasNextPage) {
    }

    /** Points of {@code metric} were skipped because a value or time was missing or invalid. */
    default void onPointsSkipped(ConnectionId connection, GoogleHealthDataType dataType, Metric metric, int count) {
    }
}
