package io.iomt.sdk.testkit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A token pair that the {@link GoogleHealthSimulator} issued directly, without the OAuth flow,
 * for tests that need a signed-in user quickly. {@link #toString()} hides both tokens.
 * Immutable and thread-safe.
 *
 * @param healthUserId the user the tokens belong to
 * @param accessToken the bearer token for the data endpoints
 * @param refreshToken the refresh token, or {@code null} for an online-only grant
 * @param expiresAt when the access token stops working, on the simulator's clock
 * @param scopes the granted scopes, space-separated
 */
public record SimulatedTokens(String healthUserId, String accessToken, @Nullable String refreshToken, Instant expiresAt,
        String scopes) {

    /** Creates a token pair. */
    public SimulatedTokens {
        Objects.requireNonNull(healthUserId, "healthUserId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(scopes, "scopes");
    }

    @Override
    public String toString() {
        return "SimulatedTokens[healthUserId=" + healthUserId + ", accessToken=<hidden>, refreshToken="
                + (refreshToken == null ? "none" : "<hidden>") + ", expiresAt=" + expiresAt + "]";
    }
}
