package io.iomt.sdk;

/**
 * A provider's OAuth 2.0 token endpoint, as far as the token lifecycle needs it: refresh and
 * revocation. Code exchange and authorization URLs are provider-specific and live in the
 * provider module. Implementations are thread-safe.
 */
public interface TokenEndpoint {

    /**
     * Exchanges {@code refreshToken} for a new token pair. If the provider returns no new refresh
     * token, the returned pair keeps {@code refreshToken}.
     *
     * @throws AuthorizationException if the endpoint rejected the request; {@code invalid_grant}
     *     means the user must consent again
     */
    TokenPair refresh(ConnectionId connection, String refreshToken);

    /**
     * Revokes {@code token} (an access or refresh token) at the provider. Revoking a token that is
     * already invalid succeeds.
     *
     * @throws AuthorizationException if the endpoint failed
     */
    void revoke(String token);
}
