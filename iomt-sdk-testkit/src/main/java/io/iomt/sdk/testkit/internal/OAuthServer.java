package io.iomt.sdk.testkit.internal;

import io.iomt.sdk.testkit.RefreshTokenMode;
import io.iomt.sdk.testkit.SimulatedTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's Google OAuth 2.0 server: auto-consent authorization with PKCE S256, the token
 * endpoint (authorization_code and refresh_token grants) and revocation. Thread-safe; token
 * state lives in concurrent maps and each refresh token is updated under its own lock.
 */
public final class OAuthServer {

    /** How long an authorization code stays valid, as Google's are short-lived. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(OAuthServer.class);
    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final Pattern CODE_VERIFIER = CODE_CHALLENGE;
    private static final String SCOPE_PREFIX = "https://www.googleapis.com/auth/";
    private static final Set<String> OPENID_SCOPES = Set.of("openid", "email", "profile");

    private final String clientId;
    private final String clientSecret;
    private final List<String> redirectUris;
    private final Duration accessTokenLifetime;
    private final RefreshTokenMode refreshMode;
    private final Duration gracePeriod;
    private final Clock clock;
    private final Predicate<String> userExists;
    private final SecureRandom random = new SecureRandom();

    private final Map<String, AuthCode> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshState> refreshTokens = new ConcurrentHashMap<>();
    private final Set<Long> revokedGrants = ConcurrentHashMap.newKeySet();
    private final AtomicLong grantIds = new AtomicLong();

    final AtomicLong refreshRequests = new AtomicLong();
    final AtomicLong refreshSuccesses = new AtomicLong();
    final AtomicLong invalidGrants = new AtomicLong();
    final AtomicLong codeExchanges = new AtomicLong();

    /** Creates a server; the caller has validated every argument. */
    public OAuthServer(String clientId, String clientSecret, List<String> redirectUris, Duration accessTokenLifetime,
            RefreshTokenMode refreshMode, Duration gracePeriod, Clock clock, Predicate<String> userExists) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUris = List.copyOf(redirectUris);
        this.accessTokenLifetime = accessTokenLifetime;
        this.refreshMode = refreshMode;
        this.gracePeriod = gracePeriod;
        this.clock = clock;
        this.userExists = userExists;
    }

    /** One user's consent; every token issued from it shares the grant id, so revocation ends all of them. */
    record Grant(long id, String userId, String scopes, boolean offline) {
    }

    /** The grant and expiry behind an access token. */
    public record AccessGrant(Grant grant, Instant expiresAt) {
        /** Returns the user the token belongs to. */
        public String userId() {
            return grant.userId();
        }

        /** Returns the granted scopes, space-separated. */
        public String scopes() {
            return grant.scopes();
        }
    }

    private record AuthCode(Grant grant, String clientId, String redirectUri, String challenge, Instant expiresAt) {
    }

    /** A refresh token and, once a rotating token has been used, when and for which pair. */
    private static final class RefreshState {
        final Grant grant;
        @Nullable Instant usedAt;
        @Nullable String successorAccess;
        @Nullable String successorRefresh;
        @Nullable Instant successorExpiresAt;

        RefreshState(Grant grant) {
            this.grant = grant;
        }
    }

    /** The outcome of checking a bearer token. */
    public enum TokenCheck { VALID, MISSING, EXPIRED, UNKNOWN }

    // ---- authorization endpoint ----

    /**
     * Handles {@code GET /o/oauth2/v2/auth}: validates the request and, for the user named by
     * {@code login_hint} or else {@code defaultUser}, redirects back with a code.
     */
    SimResponse authorize(Map<String, String> query, @Nullable String defaultUser) {
        String requestClientId = query.get("client_id");
        if (requestClientId == null || !requestClientId.equals(clientId)) {
            return Json.oauthError(401, "invalid_client", "The OAuth client was not found.");
        }
        String redirectUri = query.get("redirect_uri");
        if (redirectUri == null || !redirectUris.contains(redirectUri)) {
            return Json.oauthError(400, "redirect_uri_mismatch",
                    "The redirect_uri does not match a redirect URI registered for the OAuth client.");
        }
        String state = query.get("state");
        String problem = authorizationProblem(query);
        if (problem != null) {
            String error = problem.startsWith("unsupported_response_type") ? "unsupported_response_type"
                    : problem.startsWith("invalid_scope") ? "invalid_scope" : "invalid_request";
            return redirect(redirectUri, Map.of("error", error, "error_description", problem.substring(problem.indexOf(':') + 2)), state);
        }

        String hint = query.get("login_hint");
        String userId = hint != null && userExists.test(hint) ? hint : defaultUser;
        if (userId == null) {
            return redirect(redirectUri, Map.of("error", "access_denied", "error_description",
                    "No simulated user is registered to consent; add one with GoogleHealthSimulator.addUser"), state);
        }

        String scopes = String.join(" ", new LinkedHashSet<>(List.of(query.get("scope").trim().split("\\s+"))));
        boolean offline = "offline".equals(query.get("access_type"));
        Grant grant = new Grant(grantIds.incrementAndGet(), userId, scopes, offline);
        String code = "4/sim-" + randomToken(24);
        codes.put(code, new AuthCode(grant, requestClientId, redirectUri, query.get("code_challenge"), clock.instant().plus(CODE_LIFETIME)));
        return redirect(redirectUri, Map.of("code", code, "scope", scopes), state);
    }

    /** Returns why the authorization request is invalid as {@code "error: description"}, or {@code null}. */
    private static @Nullable String authorizationProblem(Map<String, String> query) {
        String responseType = query.get("response_type");
        if (responseType == null) {
            return "invalid_request: Missing required parameter: response_type";
        }
        if (!responseType.equals("code")) {
            return "unsupported_response_type: response_type must be 'code', got '" + responseType + "'";
        }
        String challenge = query.get("code_challenge");
        if (challenge == null) {
            return "invalid_request: Missing required parameter: code_challenge (PKCE is required)";
        }
        if (!CODE_CHALLENGE.matcher(challenge).matches()) {
            return "invalid_request: code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-]";
        }
        String method = query.get("code_challenge_method");
        if (!"S256".equals(method)) {
            return "invalid_request: code_challenge_method must be S256, got " + (method == null ? "none (plain)" : "'" + method + "'");
        }
        if (query.get("state") == null || query.get("state").isEmpty()) {
            return "invalid_request: Missing required parameter: state";
        }
        String accessType = query.get("access_type");
        if (accessType != null && !accessType.equals("online") && !accessType.equals("offline")) {
            return "invalid_request: Invalid access_type '" + accessType + "': expected online or offline";
        }
        String scope = query.get("scope");
        if (scope == null || scope.isBlank()) {
            return "invalid_request: Missing required parameter: scope";
        }
        for (String one : scope.trim().split("\\s+")) {
            if (!OPENID_SCOPES.contains(one) && !one.startsWith(SCOPE_PREFIX + "googlehealth.")) {
                return "invalid_scope: Unknown scope '" + one + "'";
            }
        }
        return null;
    }

    private static SimResponse redirect(String redirectUri, Map<String, String> parameters, @Nullable String state) {
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> location.append(encode(entry.getKey()))
                .append('=').append(encode(entry.getValue())).append('&'));
        if (state != null) {
            location.append("state=").append(encode(state)).append('&');
        }
        location.setLength(location.length() - 1);
        SimResponse response = SimResponse.text(302, "text/html; charset=UTF-8", "");
        response.header("Location", URI.create(location.toString()).toString());
        return response;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- token endpoint ----

    /** Handles {@code POST /token}. */
    SimResponse token(Map<String, String> form, @Nullable String authorization) {
        String grantType = form.get("grant_type");
        if (grantType == null) {
            return Json.oauthError(400, "invalid_request", "Missing required parameter: grant_type");
        }
        if (!clientAuthenticated(form, authorization)) {
            return Json.oauthError(401, "invalid_client", "Unauthorized: the client id or client secret is wrong or missing.");
        }
        switch (grantType) {
            case "authorization_code":
                return exchangeCode(form);
            case "refresh_token":
                return refresh(form);
            default:
                return Json.oauthError(400, "unsupported_grant_type", "Invalid grant_type: " + grantType);
        }
    }

    private boolean clientAuthenticated(Map<String, String> form, @Nullable String authorization) {
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                    secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return clientId.equals(id) && secret != null && MessageDigest.isEqual(
                clientSecret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }

    private SimResponse exchangeCode(Map<String, String> form) {
        codeExchanges.incrementAndGet();
        String code = form.get("code");
        if (code == null) {
            return Json.oauthError(400, "invalid_request", "Missing required parameter: code");
        }
        // A code is spent by any exchange attempt that names it, successful or not.
        AuthCode stored = codes.remove(code);
        if (stored == null || stored.expiresAt.isBefore(clock.instant())) {
            return invalidGrant("Malformed, expired or already used authorization code.");
        }
        if (!stored.redirectUri.equals(form.get("redirect_uri"))) {
            return Json.oauthError(400, "redirect_uri_mismatch", "The redirect_uri differs from the one of the authorization request.");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null) {
            return invalidGrant("Missing code verifier.");
        }
        if (!CODE_VERIFIER.matcher(verifier).matches() || !s256(verifier).equals(stored.challenge)) {
            return invalidGrant("Invalid code verifier.");
        }
        if (revokedGrants.contains(stored.grant.id())) {
            return invalidGrant("Token has been expired or revoked.");
        }
        String accessToken = newAccessToken(stored.grant);
        String refreshToken = stored.grant.offline() ? newRefreshToken(stored.grant) : null;
        LOG.debug("Exchanged an authorization code for user {} (grant {}, offline {})", stored.grant.userId(), stored.grant.id(),
                stored.grant.offline());
        return tokenResponse(accessToken, accessTokenLifetime, refreshToken, stored.grant.scopes());
    }

    private SimResponse refresh(Map<String, String> form) {
        refreshRequests.incrementAndGet();
        String token = form.get("refresh_token");
        if (token == null) {
            return Json.oauthError(400, "invalid_request", "Missing required parameter: refresh_token");
        }
        RefreshState state = refreshTokens.get(token);
        if (state == null || revokedGrants.contains(state.grant.id())) {
            return invalidGrant("Token has been expired or revoked.");
        }
        synchronized (state) {
            Instant now = clock.instant();
            if (refreshMode == RefreshTokenMode.REUSABLE) {
                refreshSuccesses.incrementAndGet();
                return tokenResponse(newAccessToken(state.grant), accessTokenLifetime, null, state.grant.scopes());
            }
            if (state.usedAt != null) {
                boolean inGrace = refreshMode == RefreshTokenMode.ROTATING_WITH_GRACE
                        && !now.isAfter(state.usedAt.plus(gracePeriod)) && state.successorAccess != null;
                if (!inGrace) {
                    return invalidGrant("Refresh token already used; rotating refresh tokens work once.");
                }
                refreshSuccesses.incrementAndGet();
                Duration left = Duration.between(now, state.successorExpiresAt);
                return tokenResponse(state.successorAccess, left.isNegative() ? Duration.ZERO : left, state.successorRefresh,
                        state.grant.scopes());
            }
            String accessToken = newAccessToken(state.grant);
            String refreshToken = newRefreshToken(state.grant);
            state.usedAt = now;
            state.successorAccess = accessToken;
            state.successorRefresh = refreshToken;
            state.successorExpiresAt = now.plus(accessTokenLifetime);
            refreshSuccesses.incrementAndGet();
            LOG.debug("Rotated the refresh token of grant {}", state.grant.id());
            return tokenResponse(accessToken, accessTokenLifetime, refreshToken, state.grant.scopes());
        }
    }

    private SimResponse invalidGrant(String description) {
        invalidGrants.incrementAndGet();
        return Json.oauthError(400, "invalid_grant", description);
    }

    private static SimResponse tokenResponse(String accessToken, Duration lifetime, @Nullable String refreshToken, String scopes) {
        byte[] body = Json.write(generator -> {
            generator.writeStartObject();
            generator.writeStringField("access_token", accessToken);
            generator.writeNumberField("expires_in", lifetime.getSeconds());
            if (refreshToken != null) {
                generator.writeStringField("refresh_token", refreshToken);
            }
            generator.writeStringField("scope", scopes);
            generator.writeStringField("token_type", "Bearer");
            generator.writeEndObject();
        });
        return SimResponse.json(200, body).header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }

    // ---- revocation ----

    /** Handles {@code POST /revoke}: revoking either token of a grant revokes the whole grant. */
    SimResponse revoke(@Nullable String token) {
        if (token == null || token.isEmpty()) {
            return Json.oauthError(400, "invalid_request", "Missing required parameter: token");
        }
        Grant grant = null;
        AccessGrant access = accessTokens.get(token);
        if (access != null) {
            grant = access.grant();
        }
        RefreshState refresh = refreshTokens.get(token);
        if (refresh != null) {
            grant = refresh.grant;
        }
        if (grant == null || !revokedGrants.add(grant.id())) {
            return Json.oauthError(400, "invalid_token", "Token expired or revoked");
        }
        long revoked = grant.id();
        accessTokens.values().removeIf(candidate -> candidate.grant().id() == revoked);
        refreshTokens.values().removeIf(candidate -> candidate.grant.id() == revoked);
        LOG.debug("Revoked grant {} of user {}", revoked, grant.userId());
        return SimResponse.json(200, "{}".getBytes(StandardCharsets.UTF_8));
    }

    // ---- bearer checks and direct issuance ----

    /** Returns how {@code authorization} (the whole header value) checks out. */
    TokenCheck check(@Nullable String authorization) {
        AccessGrant grant = grantFor(authorization);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return TokenCheck.MISSING;
        }
        if (grant == null) {
            return TokenCheck.UNKNOWN;
        }
        return grant.expiresAt().isAfter(clock.instant()) ? TokenCheck.VALID : TokenCheck.EXPIRED;
    }

    /** Returns the grant of a bearer header, expired or not, or {@code null}. */
    @Nullable AccessGrant grantFor(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return accessTokens.get(authorization.substring(7).trim());
    }

    /** Issues tokens for {@code userId} without the OAuth flow. */
    public SimulatedTokens issue(String userId, String scopes, boolean offline) {
        Grant grant = new Grant(grantIds.incrementAndGet(), userId, scopes, offline);
        String accessToken = newAccessToken(grant);
        String refreshToken = offline ? newRefreshToken(grant) : null;
        return new SimulatedTokens(userId, accessToken, refreshToken, accessTokens.get(accessToken).expiresAt(), scopes);
    }

    /** Makes every access token issued so far expired, as if its lifetime had passed. */
    public void expireAccessTokens() {
        Instant past = clock.instant().minusSeconds(1);
        accessTokens.replaceAll((token, grant) -> new AccessGrant(grant.grant(), past));
    }

    /** Returns the number of refresh_token grant requests. */
    public long refreshRequests() {
        return refreshRequests.get();
    }

    /** Returns the number of token requests rejected with {@code invalid_grant}. */
    public long invalidGrants() {
        return invalidGrants.get();
    }

    /** Returns the number of authorization_code grant requests. */
    public long codeExchanges() {
        return codeExchanges.get();
    }

    private String newAccessToken(Grant grant) {
        String token = "ya29.sim-" + randomToken(32);
        accessTokens.put(token, new AccessGrant(grant, clock.instant().plus(accessTokenLifetime)));
        return token;
    }

    private String newRefreshToken(Grant grant) {
        String token = "1//sim-" + randomToken(32);
        refreshTokens.put(token, new RefreshState(grant));
        return token;
    }

    private String randomToken(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** Returns the PKCE S256 challenge of a verifier: base64url(SHA-256(ASCII(verifier))) without padding. */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
