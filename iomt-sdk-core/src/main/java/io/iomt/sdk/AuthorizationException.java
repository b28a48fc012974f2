package io.iomt.sdk;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider's token endpoint rejected a code exchange or refresh.
 *
 * <p>{@link #error()} is the OAuth 2.0 error code, such as {@code invalid_grant} (the refresh
 * token or code is no longer valid) or {@code invalid_client}. The message never contains the
 * code or token that was sent.
 */
public class AuthorizationException extends IomtException {

    /** The OAuth 2.0 error code for a refresh token or authorization code that is no longer valid. */
    public static final String INVALID_GRANT = "invalid_grant";

    private final @Nullable String error;
    private final int httpStatus;
    private final boolean retryable;

    /**
     * Creates the exception.
     *
     * @param error the OAuth error code, or {@code null} if the response had none
     * @param httpStatus the HTTP status, or 0 if no response arrived
     * @param retryable whether the same request may succeed later (5xx, timeouts)
     */
    public AuthorizationException(String message, @Nullable String error, int httpStatus, boolean retryable,
            @Nullable Throwable cause) {
        super(message, cause);
        this.error = error;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /** Returns the OAuth 2.0 error code. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Returns the HTTP status, or 0 if no response arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Returns whether the grant itself was rejected ({@code invalid_grant}). */
    public boolean isInvalidGrant() {
        return INVALID_GRANT.equals(error);
    }

    /** Returns whether the same request may succeed later. */
    public boolean isRetryable() {
        return retryable;
    }
}
