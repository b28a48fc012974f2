package io.iomt.sdk;

/**
 * Hands a {@link Wearable} a valid access token for one connection, and a new one when the
 * provider rejects the current token. Obtained from {@link TokenManager#tokenSource(ConnectionId)}.
 * Implementations are thread-safe.
 */
public interface AccessTokenSource {

    /**
     * Returns an access token that is not expired and not close to expiry.
     *
     * @throws ReauthorizationRequiredException if the user must consent again
     */
    String accessToken();

    /**
     * Returns a new access token after the provider rejected {@code rejectedToken} with HTTP 401.
     * If another caller already replaced that token, its replacement is returned without a second
     * refresh.
     *
     * @throws ReauthorizationRequiredException if the user must consent again
     */
    String renewAfterRejection(String rejectedToken);
}
