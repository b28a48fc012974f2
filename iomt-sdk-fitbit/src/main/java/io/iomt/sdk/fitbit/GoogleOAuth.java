package io.iomt.sdk.fitbit;

import io.iomt.sdk.AuthorizationException;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.TokenEndpoint;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.fitbit.internal.Form;
import io.iomt.sdk.fitbit.internal.HttpClients;
import io.iomt.sdk.fitbit.internal.HttpTransport;
import io.iomt.sdk.fitbit.internal.Pkce;
import io.iomt.sdk.fitbit.internal.TokenResponse;
import io.iomt.sdk.fitbit.internal.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google OAuth 2.0 for the Google Health API: authorization URLs with PKCE (S256) and
 * {@code state}, callback validation, code exchange, refresh and revocation.
 *
 * <p>Authorization URLs ask for offline access ({@code access_type=offline}), so the code
 * exchange returns a refresh token, and by default carry {@code prompt=consent} and
 * {@code include_granted_scopes=true}. Google refresh tokens are reusable: a refresh that
 * returns no new refresh token keeps the old one. The granted scopes are read from the
 * response's {@code scope} field, because users can grant fewer scopes than requested.
 *
 * <p>Token-endpoint errors are thrown as {@link AuthorizationException} carrying the OAuth error
 * code ({@code invalid_grant}, {@code invalid_client}, ...); they are retryable for HTTP 5xx, 429
 * and transport errors. No token, code, verifier or secret ever appears in a message or a log.
 *
 * <p>Thread-safe. Closes the HTTP client only if it created it (no
 * {@link GoogleHealthConfig.Builder#httpClient} was given); {@link #close()} is idempotent.
 */
public final class GoogleOAuth implements TokenEndpoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GoogleOAuth.class);

    private final GoogleHealthConfig config;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private volatile boolean closed;

    private GoogleOAuth(GoogleHealthConfig config, HttpTransport transport, boolean ownsTransport) {
        this.config = config;
        this.transport = transport;
        this.ownsTransport = ownsTransport;
    }

    /** Returns an OAuth client for {@code config}, sending through its {@link GoogleHealthConfig#httpStack()}. */
    public static GoogleOAuth create(GoogleHealthConfig config) {
        Objects.requireNonNull(config, "config");
        return new GoogleOAuth(config, HttpClients.transport(config), true);
    }

    static GoogleOAuth sharing(GoogleHealthConfig config, HttpTransport transport) {
        return new GoogleOAuth(config, transport, false);
    }

    /** Returns a new authorization request for the configured scopes. */
    public AuthorizationRequest authorizationRequest() {
        return authorizationRequest(config.scopes());
    }

    /**
     * Returns a new authorization request for {@code scopes}, with a fresh {@code state} (256
     * random bits) and PKCE code verifier.
     *
     * @throws IllegalStateException if the configuration has no redirect URI
     */
    public AuthorizationRequest authorizationRequest(Set<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("scopes must not be empty");
        }
        String redirectUri = config.redirectUri().orElseThrow(() -> new IllegalStateException(
                "No redirect URI is configured; set GoogleHealthConfig.Builder.redirectUri(...) to build authorization URLs"));
        String state = Pkce.newState();
        String verifier = Pkce.newVerifier();
        List<String> query = new ArrayList<>(List.of("client_id", config.clientId(), "redirect_uri", redirectUri,
                "response_type", "code", "scope", String.join(" ", scopes), "state", state,
                "code_challenge", Pkce.challengeS256(verifier), "code_challenge_method", "S256",
                "access_type", "offline"));
        if (config.promptConsent()) {
            query.addAll(List.of("prompt", "consent"));
        }
        if (config.includeGrantedScopes()) {
            query.addAll(List.of("include_granted_scopes", "true"));
        }
        URI url = URI.create(Urls.withQuery(config.authorizationUrl(), query.toArray(new String[0])));
        return new AuthorizationRequest(url, state, verifier, redirectUri, new LinkedHashSet<>(scopes));
    }

    /**
     * Validates the callback's query parameters against {@code request} and returns the
     * authorization code.
     *
     * @throws StateMismatchException if {@code state} is missing or differs (compared in constant time)
     * @throws AuthorizationDeniedException if the user declined ({@code error=access_denied})
     * @throws AuthorizationException for another {@code error}, or when no code is present
     */
    public String authorizationCode(AuthorizationRequest request, Map<String, String> callbackParameters) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(callbackParameters, "callbackParameters");
        String state = callbackParameters.get("state");
        if (state == null) {
            throw new StateMismatchException(true);
        }
        if (!Pkce.constantTimeEquals(request.state(), state)) {
            throw new StateMismatchException(false);
        }
        String error = callbackParameters.get("error");
        if (AuthorizationDeniedException.ACCESS_DENIED.equals(error)) {
            throw new AuthorizationDeniedException();
        }
        if (error != null) {
            throw new AuthorizationException("The authorization callback reported error '" + safeCode(error)
                    + "'; no code was issued. Check the client configuration and start a new authorization",
                    safeCode(error), 0, false, null);
        }
        String code = callbackParameters.get("code");
        if (code == null || code.isEmpty()) {
            throw new AuthorizationException("The authorization callback has no 'code' parameter; start a new "
                    + "authorization", null, 0, false, null);
        }
        return code;
    }

    /**
     * Validates a callback URI (the redirect the browser followed) and returns the code.
     *
     * @see #authorizationCode(AuthorizationRequest, Map)
     */
    public String authorizationCode(AuthorizationRequest request, URI callbackUri) {
        Objects.requireNonNull(callbackUri, "callbackUri");
        return authorizationCode(request, queryParameters(callbackUri));
    }

    /**
     * Validates the callback and exchanges its code: {@link #authorizationCode(AuthorizationRequest, URI)}
     * then {@link #exchange(AuthorizationRequest, String)}.
     */
    public TokenPair completeAuthorization(AuthorizationRequest request, URI callbackUri) {
        return exchange(request, authorizationCode(request, callbackUri));
    }

    /**
     * Exchanges an authorization code for tokens, sending the request's PKCE verifier.
     *
     * @throws AuthorizationException if the token endpoint rejected the code ({@code invalid_grant}
     *     for a used or expired code) or could not be reached
     */
    public TokenPair exchange(AuthorizationRequest request, String code) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(code, "code");
        Form form = new Form()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", request.redirectUri())
                .add("client_id", config.clientId())
                .add("code_verifier", request.codeVerifier());
        config.clientSecret().ifPresent(secret -> form.add("client_secret", secret));
        TokenResponse response = post(config.tokenUrl(), form, "code exchange");
        return tokenPair(response, null, request.scopes(), "code exchange");
    }

    /**
     * Exchanges {@code refreshToken} for a new access token; the returned pair keeps
     * {@code refreshToken} unless Google issued a new one.
     *
     * @throws AuthorizationException if the token endpoint rejected the refresh ({@code invalid_grant}:
     *     the user must consent again) or could not be reached
     */
    @Override
    public TokenPair refresh(ConnectionId connection, String refreshToken) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Form form = new Form()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken)
                .add("client_id", config.clientId());
        config.clientSecret().ifPresent(secret -> form.add("client_secret", secret));
        TokenResponse response = post(config.tokenUrl(), form, "refresh for " + connection);
        return tokenPair(response, refreshToken, config.scopes(), "refresh for " + connection);
    }

    /**
     * Revokes an access or refresh token; revoking a refresh token ends the whole grant. A token
     * that is already invalid counts as revoked.
     *
     * @throws AuthorizationException if the revocation endpoint failed
     */
    @Override
    public void revoke(String token) {
        Objects.requireNonNull(token, "token");
        Form form = new Form().add("token", token);
        try (HttpTransport.Response response = transport.send("POST", config.revokeUrl(), Map.of(), form)) {
            int status = response.code();
            LOG.debug("POST {} (revoke) -> HTTP {}", Urls.path(config.revokeUrl()), status);
            if (response.isSuccessful()) {
                return;
            }
            String error = readError(response);
            if (status == 400 && ("invalid_token".equals(error) || "invalid_request".equals(error))) {
                return;
            }
            throw endpointError("revocation", status, error);
        } catch (IOException e) {
            throw new AuthorizationException("Revoking a token failed (" + e.getClass().getSimpleName()
                    + "); retry later", null, 0, true, e);
        }
    }

    /** Releases the HTTP client if this instance created it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsTransport) {
            transport.close();
        }
    }

    @Override
    public String toString() {
        return "GoogleOAuth[clientId=" + config.clientId() + ", tokenUrl=" + config.tokenUrl() + "]";
    }

    private TokenResponse post(String url, Form form, String purpose) {
        try (HttpTransport.Response response = transport.send("POST", url, Map.of("Accept", "application/json"),
                form)) {
            int status = response.code();
            LOG.debug("POST {} ({}) -> HTTP {}", Urls.path(url), purpose, status);
            if (!response.isSuccessful()) {
                throw endpointError(purpose, status, readError(response));
            }
            try (InputStream body = response.body()) {
                return TokenResponse.read(body);
            }
        } catch (IOException e) {
            throw new AuthorizationException("The token endpoint could not be reached for the " + purpose + " ("
                    + e.getClass().getSimpleName() + "); retry later", null, 0, true, e);
        }
    }

    private TokenPair tokenPair(TokenResponse response, @Nullable String previousRefreshToken,
            Set<String> requestedScopes, String purpose) {
        if (response.accessToken() == null) {
            throw new AuthorizationException("The token endpoint's response to the " + purpose
                    + " has no access_token; check that tokenUrl points at an OAuth 2.0 token endpoint", null, 200,
                    false, null);
        }
        long lifetime = response.expiresInSeconds() > 0 ? response.expiresInSeconds() : 3600;
        Instant expiresAt = config.clock().instant().plusSeconds(lifetime);
        String refreshToken = response.refreshToken() != null ? response.refreshToken() : previousRefreshToken;
        Set<String> scopes = response.scope() == null ? requestedScopes
                : new LinkedHashSet<>(Arrays.asList(response.scope().trim().split("\\s+")));
        return new TokenPair(response.accessToken(), refreshToken, expiresAt, scopes);
    }

    private static @Nullable String readError(HttpTransport.Response response) {
        try (InputStream body = response.body()) {
            return TokenResponse.read(body).error();
        } catch (IOException e) {
            return null;
        }
    }

    private static AuthorizationException endpointError(String purpose, int status, @Nullable String error) {
        boolean retryable = status >= 500 || status == 429;
        String code = error == null ? null : safeCode(error);
        String advice = AuthorizationException.INVALID_GRANT.equals(code)
                ? "the grant is no longer valid, so the user must consent again"
                : retryable ? "retry later" : "check the client id, secret and redirect URI";
        return new AuthorizationException("The token endpoint rejected the " + purpose + " with HTTP " + status
                + (code == null ? "" : " " + code) + "; " + advice, code, status, retryable, null);
    }

    /** Keeps an OAuth error code printable: codes are short ASCII words, anything else is cut. */
    private static String safeCode(String error) {
        String trimmed = error.length() > 64 ? error.substring(0, 64) : error;
        return trimmed.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    private static Map<String, String> queryParameters(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        String query = uri.getRawQuery();
        if (query == null) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
