package io.iomt.sdk;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth 2.0 access token with its refresh token, expiry and granted scopes.
 *
 * <p>{@link #toString()} never shows either token. Immutable and thread-safe.
 *
 * @param accessToken the bearer token sent to the provider
 * @param refreshToken the token that obtains a new access token, or {@code null} if the
 *     provider issued none
 * @param expiresAt when the access token stops working, as reported by the provider
 * @param scopes the scopes the user granted, which may be fewer than requested
 */
public record TokenPair(String accessToken, @Nullable String refreshToken, Instant expiresAt, Set<String> scopes) {

    /** Creates a token pair; {@code scopes} is copied. */
    public TokenPair {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
        if (accessToken.isEmpty()) {
            throw new IllegalArgumentException("accessToken must not be empty");
        }
    }

    /** Returns whether the access token is expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "TokenPair[accessToken=<redacted>, refreshToken=" + (refreshToken == null ? "none" : "<redacted>")
                + ", expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
