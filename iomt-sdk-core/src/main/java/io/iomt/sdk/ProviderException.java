package io.iomt.sdk;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider's API answered with an error, or with a body that could not be read.
 *
 * <p>Carries the HTTP status (0 when no response arrived), the provider's status string (such as
 * {@code RESOURCE_EXHAUSTED}) and reason, a description of the request without query values or
 * tokens, and whether a retry may succeed.
 */
public class ProviderException extends IomtException {

    private final int httpStatus;
    private final @Nullable String providerStatus;
    private final @Nullable String reason;
    private final String request;
    private final boolean retryable;
    private final @Nullable Duration retryAfter;

    /**
     * Creates a provider exception.
     *
     * @param message what failed and what to do
     * @param httpStatus the HTTP status, or 0 if no response arrived
     * @param providerStatus the provider's status string, or {@code null}
     * @param reason the provider's machine-readable reason, or {@code null}
     * @param request the request as {@code METHOD path}, without query values
     * @param retryable whether the same request may succeed later
     * @param retryAfter how long the provider asked to wait, or {@code null}
     * @param cause the cause, or {@code null}
     */
    public ProviderException(String message, int httpStatus, @Nullable String providerStatus, @Nullable String reason,
            String request, boolean retryable, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.providerStatus = providerStatus;
        this.reason = reason;
        this.request = request;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** Returns the HTTP status, or 0 if no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Returns the provider's status string, such as {@code PERMISSION_DENIED}. */
    public Optional<String> providerStatus() {
        return Optional.ofNullable(providerStatus);
    }

    /** Returns the provider's machine-readable reason, such as {@code ACCESS_TOKEN_SCOPE_INSUFFICIENT}. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** Returns the request as {@code METHOD path}, without query values or tokens. */
    public String request() {
        return request;
    }

    /** Returns whether the same request may succeed if sent again later. */
    public boolean isRetryable() {
        return retryable;
    }

    /** Returns whether the provider rejected the request for exceeding a quota (HTTP 429). */
    public boolean isRateLimited() {
        return httpStatus == 429;
    }

    /** Returns how long the provider asked the client to wait before retrying. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
