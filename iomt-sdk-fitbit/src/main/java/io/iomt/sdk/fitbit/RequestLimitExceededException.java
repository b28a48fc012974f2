package io.iomt.sdk.fitbit;

import java.time.Duration;

/**
 * The client-side {@link RequestLimiter} would have had to wait longer than its maximum wait for
 * a permit, so the request was not sent. Retryable after {@link #retryAfter()}.
 */
public class RequestLimitExceededException extends GoogleHealthException {

    /**
     * Creates the exception.
     *
     * @param key the limiter key (a connection key), which is not secret
     * @param wait how long a permit would have taken
     * @param maxWait the limiter's maximum wait
     */
    public RequestLimitExceededException(String key, Duration wait, Duration maxWait) {
        super("Client-side request limit reached for " + key + ": the next permit is " + wait.toMillis()
                + " ms away, more than the maximum wait of " + maxWait.toMillis()
                + " ms; retry later or raise the limiter's maximum wait", 0, null, null, "limiter " + key, null,
                true, true, wait, null);
    }
}
