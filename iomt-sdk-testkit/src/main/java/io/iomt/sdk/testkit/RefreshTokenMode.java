package io.iomt.sdk.testkit;

/** The rule by which the {@link GoogleHealthSimulator}'s token endpoint treats a refresh token after its first use. */
public enum RefreshTokenMode {
    /**
     * A refresh token stays valid after use and the refresh response carries no new refresh
     * token, as Google's token endpoint behaves. The default.
     */
    REUSABLE,
    /**
     * Each refresh token works once: the response carries a new refresh token, and a second use of
     * the old one gets {@code 400 invalid_grant}, as legacy Fitbit and many OAuth 2.1 servers do.
     * Reuse does not revoke the newer token.
     */
    ROTATING,
    /**
     * Like {@link #ROTATING}, but a repeated refresh with the same token within the grace period
     * (default 30 seconds) returns the same token pair as the first refresh, so two racing
     * refreshes both succeed. After the grace period a reuse gets {@code invalid_grant}.
     */
    ROTATING_WITH_GRACE
}
