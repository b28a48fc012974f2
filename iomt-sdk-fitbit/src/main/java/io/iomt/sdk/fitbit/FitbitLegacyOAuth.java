package io.iomt.sdk.fitbit;

import io.iomt.sdk.AuthorizationException;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.TokenEndpoint;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.fitbit.internal.JsonTree;
import io.iomt.sdk.fitbit.internal.TokenResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy Fitbit OAuth 2.0 token endpoint as a {@link TokenEndpoint}, for connections of
 * provider {@link io.iomt.sdk.ProviderId#FITBIT_LEGACY}.
 *
 * <p>Since 2026-11-02 the endpoint responds with HTTP 410 Gone. A refresh that gets 410 throws
 * {@link ReauthorizationRequiredException} with a reason telling the host to ask the user to
 * consent again through Google; the {@link io.iomt.sdk.TokenManager} then marks the connection
 * {@link io.iomt.sdk.ConnectionStatus#REAUTHORIZATION_REQUIRED} and does not call the endpoint
 * again. A revocation that gets 410 counts as done, because the tokens no longer work anywhere.
 *
 * <p>Requests carry only the Fitbit client id and secret of a {@link FitbitLegacyConfig}
 * (HTTP Basic authentication, or {@code client_id} in the body for a public client). Fitbit's
 * error bodies ({@code {"errors":[{"errorType": ...}]}}) are read for the OAuth error code, so a
 * rotated-away refresh token is reported as {@code invalid_grant}. Nothing here retries.
 *
 * <p>Thread-safe. Closes the HTTP client only if it created it; {@link #close()} is idempotent.
 */
public final class FitbitLegacyOAuth implements TokenEndpoint, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FitbitLegacyOAuth.class);

    private final FitbitLegacyConfig config;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private volatile boolean closed;

    private FitbitLegacyOAuth(FitbitLegacyConfig config, OkHttpClient client, boolean ownsClient) {
        this.config = config;
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /** Returns a token endpoint client for {@code config}. */
    public static FitbitLegacyOAuth create(FitbitLegacyConfig config) {
        Objects.requireNonNull(config, "config");
        return config.httpClient().map(client -> new FitbitLegacyOAuth(config, client, false))
                .orElseGet(() -> new FitbitLegacyOAuth(config, defaultClient(config), true));
    }

    static FitbitLegacyOAuth sharing(FitbitLegacyConfig config, OkHttpClient client) {
        return new FitbitLegacyOAuth(config, client, false);
    }

    static OkHttpClient defaultClient(FitbitLegacyConfig config) {
        return new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .followRedirects(false)
                .addInterceptor(RedactingHttpLogger.create())
                .build();
    }

    /**
     * Exchanges {@code refreshToken} at the legacy token endpoint.
     *
     * @throws ReauthorizationRequiredException if the endpoint responded 410 Gone (switched off)
     * @throws AuthorizationException if the endpoint rejected the refresh ({@code invalid_grant} for
     *     a refresh token that was already used) or could not be reached
     */
    @Override
    public TokenPair refresh(ConnectionId connection, String refreshToken) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(refreshToken, "refreshToken");
        FormBody.Builder form = new FormBody.Builder()
                .add("grant_type", "refresh_token")
                .add("refresh_token", refreshToken);
        if (config.clientSecret().isEmpty()) {
            form.add("client_id", config.clientId());
        }
        String purpose = "refresh for " + connection;
        try (Response response = client.newCall(post(config.tokenUrl(), form.build())).execute()) {
            int status = response.code();
            LOG.debug("POST {} ({}) -> HTTP {}", HttpUrl.get(config.tokenUrl()).encodedPath(), purpose, status);
            if (status == 410) {
                throw new ReauthorizationRequiredException(connection,
                        FitbitLegacyWearable.goneReason("the legacy Fitbit token endpoint"));
            }
            if (!response.isSuccessful()) {
                throw endpointError(purpose, status, fitbitErrorType(response));
            }
            try (InputStream body = response.body().byteStream()) {
                return tokenPair(TokenResponse.read(body), refreshToken, purpose);
            }
        } catch (IOException e) {
            throw new AuthorizationException("The legacy Fitbit token endpoint could not be reached for the " + purpose
                    + " (" + e.getClass().getSimpleName() + "); retry later", null, 0, true, e);
        }
    }

    /**
     * Revokes a legacy token. HTTP 410 (switched off) and 400 {@code invalid_token} count as revoked.
     *
     * @throws AuthorizationException if the endpoint failed otherwise
     */
    @Override
    public void revoke(String token) {
        Objects.requireNonNull(token, "token");
        FormBody.Builder form = new FormBody.Builder().add("token", token);
        if (config.clientSecret().isEmpty()) {
            form.add("client_id", config.clientId());
        }
        try (Response response = client.newCall(post(config.revokeUrl(), form.build())).execute()) {
            int status = response.code();
            LOG.debug("POST {} (revoke) -> HTTP {}", HttpUrl.get(config.revokeUrl()).encodedPath(), status);
            if (response.isSuccessful() || status == 410) {
                return;
            }
            String error = fitbitErrorType(response);
            if (status == 400 && "invalid_token".equals(error)) {
                return;
            }
            throw endpointError("revocation", status, error);
        } catch (IOException e) {
            throw new AuthorizationException("Revoking a legacy Fitbit token failed (" + e.getClass().getSimpleName()
                    + "); retry later", null, 0, true, e);
        }
    }

    /** Closes the HTTP client if this instance created it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsClient) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "FitbitLegacyOAuth[clientId=" + config.clientId() + ", tokenUrl=" + config.tokenUrl() + "]";
    }

    private Request post(String url, FormBody form) {
        Request.Builder request = new Request.Builder().url(url).post(form).header("Accept", "application/json");
        config.clientSecret().ifPresent(secret -> request.header("Authorization", Credentials.basic(config.clientId(), secret)));
        return request.build();
    }

    private TokenPair tokenPair(TokenResponse response, String previousRefreshToken, String purpose) {
        if (response.accessToken() == null) {
            throw new AuthorizationException("The legacy Fitbit token endpoint's response to the " + purpose
                    + " has no access_token", null, 200, false, null);
        }
        // Fitbit access tokens lasted 8 hours (expires_in 28800).
        long lifetime = response.expiresInSeconds() > 0 ? response.expiresInSeconds() : 28_800;
        Instant expiresAt = config.clock().instant().plusSeconds(lifetime);
        String refreshToken = response.refreshToken() != null ? response.refreshToken() : previousRefreshToken;
        Set<String> scopes = response.scope() == null ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(response.scope().trim().split("\\s+")));
        return new TokenPair(response.accessToken(), refreshToken, expiresAt, scopes);
    }

    /** Returns the first {@code errorType} of a Fitbit error body, or the RFC 6749 {@code error}, or {@code null}. */
    private static @Nullable String fitbitErrorType(Response response) {
        try (InputStream body = response.body().byteStream()) {
            JsonTree root = JsonTree.parseLenient(body);
            String type = root.path("errors").path(0).path("errorType").text();
            if (type != null) {
                return safeCode(type);
            }
            String error = root.path("error").text();
            return error == null ? null : safeCode(error);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static AuthorizationException endpointError(String purpose, int status, @Nullable String error) {
        boolean retryable = status >= 500 || status == 429;
        String advice = AuthorizationException.INVALID_GRANT.equals(error)
                ? "the refresh token was already used or revoked, so the user must consent again (through Google)"
                : retryable ? "retry later" : "check the Fitbit client id and secret";
        return new AuthorizationException("The legacy Fitbit token endpoint rejected the " + purpose + " with HTTP "
                + status + (error == null ? "" : " " + error) + "; " + advice, error, status, retryable, null);
    }

    /** Keeps an error code printable; Fitbit's messages may quote the token, so only the type is kept. */
    private static String safeCode(String code) {
        String trimmed = code.length() > 64 ? code.substring(0, 64) : code;
        return trimmed.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
