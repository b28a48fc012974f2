package io.iomt.sdk.fitbit;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * One authorization attempt: the URL to send the user to, and the {@code state} and PKCE code
 * verifier that the callback and the code exchange need. Keep it (for example in the user's
 * session) until the callback arrives, and use it once.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows neither the state nor the verifier.
 *
 * @param url the authorization URL to open in the user's browser
 * @param state the random {@code state} value the callback must echo
 * @param codeVerifier the PKCE code verifier (43 characters), sent only to the token endpoint
 * @param redirectUri the redirect URI the URL names
 * @param scopes the scopes requested
 */
public record AuthorizationRequest(URI url, String state, String codeVerifier, String redirectUri, Set<String> scopes) {

    /** Creates a request; {@code scopes} is copied. */
    public AuthorizationRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
        Objects.requireNonNull(redirectUri, "redirectUri");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
        if (codeVerifier.length() < 43 || codeVerifier.length() > 128) {
            throw new IllegalArgumentException("codeVerifier must have 43 to 128 characters, got " + codeVerifier.length());
        }
    }

    @Override
    public String toString() {
        return "AuthorizationRequest[url=<redacted: carries the state>, state=<redacted>, codeVerifier=<redacted>, redirectUri="
                + redirectUri + ", scopes=" + scopes + "]";
    }
}
