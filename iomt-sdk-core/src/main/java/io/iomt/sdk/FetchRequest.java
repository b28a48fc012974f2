package io.iomt.sdk;

import java.util.Objects;

/**
 * What a {@link Wearable} should read: one metric of one connection over a time range, with the
 * tokens to use. Immutable.
 *
 * @param connection the connection to read
 * @param metric the metric to read
 * @param range the time range; for daily metrics, the civil dates whose UTC midnight lies in it
 * @param tokens the source of access tokens for the connection
 */
public record FetchRequest(Connection connection, Metric metric, TimeRange range, AccessTokenSource tokens) {

    /** Creates a request. */
    public FetchRequest {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(tokens, "tokens");
    }
}
