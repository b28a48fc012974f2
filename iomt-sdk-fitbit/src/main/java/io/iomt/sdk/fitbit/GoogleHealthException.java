package io.iomt.sdk.fitbit;

import io.iomt.sdk.ProviderException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Google Health API returned an error or a body that could not be read, or could not be
 * reached.
 *
 * <p>Carries the HTTP status (0 when no response arrived), the {@code google.rpc.Status} status
 * string (such as {@code RESOURCE_EXHAUSTED}) and {@code ErrorInfo} reason when the body had
 * them, the request as {@code METHOD path (data type)} without query values, whether the same
 * request may succeed later, whether the API rejected it for a quota, and how long the API asked
 * to wait ({@code Retry-After} or {@code RetryInfo}). Messages never contain a token, a query
 * value or a health value.
 *
 * <p>A 403 is not thrown as this type: the wearable throws
 * {@link io.iomt.sdk.ReauthorizationRequiredException} with this exception as its cause.
 */
public class GoogleHealthException extends ProviderException {

    private final @Nullable GoogleHealthDataType dataType;
    private final boolean rateLimited;

    /**
     * Creates the exception.
     *
     * @param message what failed and what to do, without secrets or health values
     * @param httpStatus the HTTP status, or 0 if no response arrived
     * @param status the {@code google.rpc.Status} status string, or {@code null}
     * @param reason the {@code ErrorInfo} reason, or {@code null}
     * @param request the request as {@code METHOD path}, without query values
     * @param dataType the data type the request read, or {@code null}
     * @param retryable whether the same request may succeed later
     * @param rateLimited whether a quota rejected the request (HTTP 429 or the client-side limiter)
     * @param retryAfter how long the API asked to wait, or {@code null}
     * @param cause the cause, or {@code null}
     */
    public GoogleHealthException(String message, int httpStatus, @Nullable String status, @Nullable String reason,
            String request, @Nullable GoogleHealthDataType dataType, boolean retryable, boolean rateLimited,
            @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(message, httpStatus, status, reason, request, retryable, retryAfter, cause);
        this.dataType = dataType;
        this.rateLimited = rateLimited;
    }

    /** Returns the data type the failed request read, if it read one. */
    public Optional<GoogleHealthDataType> dataType() {
        return Optional.ofNullable(dataType);
    }

    /** Returns whether a quota rejected the request: HTTP 429 or the client-side {@link RequestLimiter}. */
    @Override
    public boolean isRateLimited() {
        return rateLimited;
    }
}
