package io.iomt.sdk.fitbit;

import io.iomt.sdk.fitbit.internal.BaseUrls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the legacy Fitbit Web API client ({@link FitbitLegacyWearable},
 * {@link FitbitLegacyOAuth}): the Fitbit OAuth client and the Fitbit endpoints.
 *
 * <p>The legacy Web API and the Fitbit OAuth endpoints were switched off on 2026-11-02 and
 * respond with HTTP 410 Gone. This client exists to recognise that response and send users to
 * Google re-consent. The type is separate from {@link GoogleHealthConfig}, so a Google client id or
 * secret can never be sent to a Fitbit endpoint, nor a Fitbit one to Google: {@link #builder()}
 * rejects a Google OAuth client id ({@code *.apps.googleusercontent.com}) and endpoints on Google
 * hosts ({@code google.com}, {@code googleapis.com}).
 *
 * <p>Every URL must use {@code https}, or {@code http} on a loopback host for tests. Immutable
 * and thread-safe; owns nothing. {@link #toString()} never shows the client secret.
 */
public final class FitbitLegacyConfig {

    /** The legacy API base URL. */
    public static final String DEFAULT_API_BASE_URL = "https://api.fitbit.com/";
    /** The legacy token endpoint. */
    public static final String DEFAULT_TOKEN_URL = "https://api.fitbit.com/oauth2/token";
    /** The legacy revocation endpoint. */
    public static final String DEFAULT_REVOKE_URL = "https://api.fitbit.com/oauth2/revoke";

    private static final String GOOGLE_CLIENT_SUFFIX = ".apps.googleusercontent.com";

    private final String clientId;
    private final @Nullable String clientSecret;
    private final String apiBaseUrl;
    private final String tokenUrl;
    private final String revokeUrl;
    private final Clock clock;
    private final @Nullable OkHttpClient httpClient;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private FitbitLegacyConfig(Builder builder) {
        this.clientId = Objects.requireNonNull(builder.clientId, "clientId (call clientId(...) on the builder)");
        this.clientSecret = builder.clientSecret;
        this.apiBaseUrl = builder.apiBaseUrl;
        this.tokenUrl = builder.tokenUrl;
        this.revokeUrl = builder.revokeUrl;
        this.clock = builder.clock;
        this.httpClient = builder.httpClient;
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the Fitbit OAuth client id. */
    public String clientId() {
        return clientId;
    }

    /** Returns the Fitbit client secret; empty for a public ("Client" type) application. */
    public Optional<String> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    /** Returns the API base URL, ending in '/'. */
    public String apiBaseUrl() {
        return apiBaseUrl;
    }

    /** Returns the token endpoint. */
    public String tokenUrl() {
        return tokenUrl;
    }

    /** Returns the revocation endpoint. */
    public String revokeUrl() {
        return revokeUrl;
    }

    /** Returns the clock that stamps token expiry. */
    public Clock clock() {
        return clock;
    }

    /** Returns the caller's HTTP client, if one was given; clients built from this configuration never close it. */
    public Optional<OkHttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** Returns the connect timeout of the default HTTP client; default 10 seconds. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Returns the read timeout of the default HTTP client; default 30 seconds. */
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public String toString() {
        return "FitbitLegacyConfig[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "none" : "<redacted>")
                + ", apiBaseUrl=" + apiBaseUrl + ", tokenUrl=" + tokenUrl + "]";
    }

    /** Returns whether {@code host} belongs to Google, whose endpoints must never get Fitbit credentials. */
    static boolean isGoogleHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("google.com") || lower.endsWith(".google.com") || lower.equals("googleapis.com")
                || lower.endsWith(".googleapis.com");
    }

    /** Builds a {@link FitbitLegacyConfig}. Not thread-safe; the built configuration is. */
    public static final class Builder {
        private @Nullable String clientId;
        private @Nullable String clientSecret;
        private String apiBaseUrl = DEFAULT_API_BASE_URL;
        private String tokenUrl = DEFAULT_TOKEN_URL;
        private String revokeUrl = DEFAULT_REVOKE_URL;
        private Clock clock = Clock.systemUTC();
        private @Nullable OkHttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * Sets the Fitbit OAuth client id (a short code such as {@code 23ABCD}). Required.
         *
         * @throws IllegalArgumentException if blank or a Google OAuth client id
         */
        public Builder clientId(String clientId) {
            Objects.requireNonNull(clientId, "clientId");
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("clientId must not be blank");
            }
            if (clientId.toLowerCase(Locale.ROOT).endsWith(GOOGLE_CLIENT_SUFFIX)) {
                throw new IllegalArgumentException("clientId '" + clientId + "' is a Google OAuth client id; the "
                        + "legacy Fitbit client takes the Fitbit application's client id. Put Google ids in "
                        + "GoogleHealthConfig");
            }
            this.clientId = clientId;
            return this;
        }

        /** Sets the Fitbit client secret, sent with HTTP Basic authentication; {@code null} for a public client. */
        public Builder clientSecret(@Nullable String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        /** Sets the API base URL; default {@value #DEFAULT_API_BASE_URL}. */
        public Builder apiBaseUrl(String url) {
            String checked = fitbitUrl(url, "apiBaseUrl");
            this.apiBaseUrl = checked.endsWith("/") ? checked : checked + "/";
            return this;
        }

        /** Sets the token endpoint; default {@value #DEFAULT_TOKEN_URL}. */
        public Builder tokenUrl(String url) {
            this.tokenUrl = fitbitUrl(url, "tokenUrl");
            return this;
        }

        /** Sets the revocation endpoint; default {@value #DEFAULT_REVOKE_URL}. */
        public Builder revokeUrl(String url) {
            this.revokeUrl = fitbitUrl(url, "revokeUrl");
            return this;
        }

        /** Points every endpoint at one server, for tests: the API at {@code baseUrl}, {@code oauth2/token} and {@code oauth2/revoke} under it. */
        public Builder allEndpointsAt(String baseUrl) {
            String root = fitbitUrl(baseUrl, "baseUrl");
            root = root.endsWith("/") ? root : root + "/";
            apiBaseUrl(root);
            tokenUrl(root + "oauth2/token");
            revokeUrl(root + "oauth2/revoke");
            return this;
        }

        /** Sets the clock; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets the HTTP client to send requests with; clients built from this configuration never close it. */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** Sets the connect timeout of the default HTTP client; default 10 seconds. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Sets the read timeout of the default HTTP client; default 30 seconds. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @throws NullPointerException if no client id was set
         */
        public FitbitLegacyConfig build() {
            return new FitbitLegacyConfig(this);
        }

        private static String fitbitUrl(String url, String name) {
            String checked = BaseUrls.requireSecure(url, name);
            String host = URI.create(checked).getHost();
            if (isGoogleHost(host)) {
                throw new IllegalArgumentException(name + " '" + url + "' is a Google endpoint; the legacy Fitbit "
                        + "client must never send Fitbit credentials there. Use GoogleHealthConfig for Google endpoints");
            }
            return checked;
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
