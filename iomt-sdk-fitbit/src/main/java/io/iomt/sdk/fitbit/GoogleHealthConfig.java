package io.iomt.sdk.fitbit;

import io.iomt.sdk.RequestBudget;
import io.iomt.sdk.fitbit.internal.BaseUrls;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the Google Health API client: OAuth client, endpoints, HTTP client library
 * ({@link HttpStack}), retries, paging and the request limiter.
 *
 * <p>Every URL must use {@code https}, except that {@code http} is accepted for a loopback host
 * ({@code localhost}, {@code 127.0.0.0/8} or {@code ::1}), so tests and the testkit simulator can
 * run on {@code http://127.0.0.1:PORT/}.
 *
 * <p>Immutable and thread-safe. It references the caller's {@link OkHttpClient} if one was given, but
 * owns nothing: clients built from it ({@link GoogleHealthWearable}, {@link GoogleOAuth}) close
 * only the default HTTP client they create themselves. {@link #toString()} never shows the
 * client secret.
 */
public final class GoogleHealthConfig {

    /** The default API base URL. */
    public static final String DEFAULT_API_BASE_URL = "https://health.googleapis.com/";
    /** The default authorization endpoint. */
    public static final String DEFAULT_AUTHORIZATION_URL = "https://accounts.google.com/o/oauth2/v2/auth";
    /** The default token endpoint. */
    public static final String DEFAULT_TOKEN_URL = "https://oauth2.googleapis.com/token";
    /** The default revocation endpoint. */
    public static final String DEFAULT_REVOKE_URL = "https://oauth2.googleapis.com/revoke";

    private final String clientId;
    private final @Nullable String clientSecret;
    private final @Nullable String redirectUri;
    private final Set<String> scopes;
    private final String apiBaseUrl;
    private final String authorizationUrl;
    private final String tokenUrl;
    private final String revokeUrl;
    private final boolean promptConsent;
    private final boolean includeGrantedScopes;
    private final Clock clock;
    private final @Nullable OkHttpClient httpClient;
    private final HttpStack httpStack;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final Sleeper sleeper;
    private final @Nullable RequestBudget requestBudget;
    private final Duration maxThrottleWait;
    private final int pageSize;
    private final int maxPages;
    private final Duration siblingCacheTtl;
    private final GoogleHealthListener listener;

    private GoogleHealthConfig(Builder builder) {
        this.clientId = Objects.requireNonNull(builder.clientId, "clientId (call clientId(...) on the builder)");
        this.clientSecret = builder.clientSecret;
        this.redirectUri = builder.redirectUri;
        this.scopes = Set.copyOf(builder.scopes);
        this.apiBaseUrl = builder.apiBaseUrl;
        this.authorizationUrl = builder.authorizationUrl;
        this.tokenUrl = builder.tokenUrl;
        this.revokeUrl = builder.revokeUrl;
        this.promptConsent = builder.promptConsent;
        this.includeGrantedScopes = builder.includeGrantedScopes;
        this.clock = builder.clock;
        this.httpClient = builder.httpClient;
        this.httpStack = builder.httpStack;
        if (httpClient != null && httpStack != HttpStack.OKHTTP) {
            throw new IllegalStateException("An OkHttpClient was given with httpClient(...), but httpStack is "
                    + httpStack + ", which does not use it; drop one of the two settings");
        }
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.maxRetryAfter = builder.maxRetryAfter;
        this.sleeper = builder.sleeper;
        this.requestBudget = builder.requestBudget;
        this.maxThrottleWait = builder.maxThrottleWait;
        this.pageSize = builder.pageSize;
        this.maxPages = builder.maxPages;
        this.siblingCacheTtl = builder.siblingCacheTtl;
        this.listener = builder.listener;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the OAuth client id. */
    public String clientId() {
        return clientId;
    }

    /** Returns the OAuth client secret; empty for a public client that relies on PKCE alone. */
    public Optional<String> clientSecret() {
        return Optional.ofNullable(clientSecret);
    }

    /** Returns the redirect URI registered for the OAuth client, if set. */
    public Optional<String> redirectUri() {
        return Optional.ofNullable(redirectUri);
    }

    /** Returns the scopes requested at authorization; default {@link GoogleHealthScopes#DEFAULT}. */
    public Set<String> scopes() {
        return scopes;
    }

    /** Returns the API base URL, ending in '/'. */
    public String apiBaseUrl() {
        return apiBaseUrl;
    }

    /** Returns the authorization endpoint. */
    public String authorizationUrl() {
        return authorizationUrl;
    }

    /** Returns the token endpoint. */
    public String tokenUrl() {
        return tokenUrl;
    }

    /** Returns the revocation endpoint. */
    public String revokeUrl() {
        return revokeUrl;
    }

    /** Returns whether authorization URLs carry {@code prompt=consent}; default true. */
    public boolean promptConsent() {
        return promptConsent;
    }

    /** Returns whether authorization URLs carry {@code include_granted_scopes=true}; default true. */
    public boolean includeGrantedScopes() {
        return includeGrantedScopes;
    }

    /** Returns the clock for token expiry, {@code Retry-After} dates and the default limiter. */
    public Clock clock() {
        return clock;
    }

    /** Returns the caller's HTTP client, if one was given; it is never closed by this module. */
    public Optional<OkHttpClient> httpClient() {
        return Optional.ofNullable(httpClient);
    }

    /** Returns the HTTP client library the clients send through; default {@link HttpStack#OKHTTP}. */
    public HttpStack httpStack() {
        return httpStack;
    }

    /** Returns the connect timeout of the default HTTP client; default 10 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Returns the read timeout of the default HTTP client; default 60 s. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Returns the maximum attempts per API request, the first included; default 5. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Returns the backoff cap before the first retry; default 1 s, doubled per retry. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** Returns the largest backoff cap; default 32 s. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Returns the longest server-requested wait that is honoured by waiting; default 60 s. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** Returns how retry waits are made; default {@link Sleeper#SYSTEM}. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /**
     * Returns the shared per-connection request budget, if one was given. Otherwise each client
     * makes its own {@link RequestLimiter}, which grants that client at most 300 requests per
     * connection in any one-minute window, at most 30 of them back to back.
     */
    public Optional<RequestBudget> requestBudget() {
        return Optional.ofNullable(requestBudget);
    }

    /** Returns the longest wait for a request permit before a request fails; default 30 s. */
    public Duration maxThrottleWait() {
        return maxThrottleWait;
    }

    /** Returns the requested page size; default 10,000, lowered to each type's maximum (sleep: 25). */
    public int pageSize() {
        return pageSize;
    }

    /** Returns the maximum pages of one fetch; default 1,000. */
    public int maxPages() {
        return maxPages;
    }

    /**
     * Returns how long the other metrics of a multi-metric data type are kept after a fetch, so
     * that fetching them for the same connection and range costs no second request; default
     * 2 minutes, zero disables.
     */
    public Duration siblingCacheTtl() {
        return siblingCacheTtl;
    }

    /** Returns the event listener; default {@link GoogleHealthListener#NONE}. */
    public GoogleHealthListener listener() {
        return listener;
    }

    /** Returns a builder with this configuration's settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.clientId = clientId;
        builder.clientSecret = clientSecret;
        builder.redirectUri = redirectUri;
        builder.scopes = new LinkedHashSet<>(scopes);
        builder.apiBaseUrl = apiBaseUrl;
        builder.authorizationUrl = authorizationUrl;
        builder.tokenUrl = tokenUrl;
        builder.revokeUrl = revokeUrl;
        builder.promptConsent = promptConsent;
        builder.includeGrantedScopes = includeGrantedScopes;
        builder.clock = clock;
        builder.httpClient = httpClient;
        builder.httpStack = httpStack;
        builder.connectTimeout = connectTimeout;
        builder.readTimeout = readTimeout;
        builder.maxAttempts = maxAttempts;
        builder.initialBackoff = initialBackoff;
        builder.maxBackoff = maxBackoff;
        builder.maxRetryAfter = maxRetryAfter;
        builder.sleeper = sleeper;
        builder.requestBudget = requestBudget;
        builder.maxThrottleWait = maxThrottleWait;
        builder.pageSize = pageSize;
        builder.maxPages = maxPages;
        builder.siblingCacheTtl = siblingCacheTtl;
        builder.listener = listener;
        return builder;
    }

    @Override
    public String toString() {
        return "GoogleHealthConfig[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "none" : "<redacted>")
                + ", redirectUri=" + redirectUri + ", scopes=" + scopes + ", apiBaseUrl=" + apiBaseUrl
                + ", authorizationUrl=" + authorizationUrl + ", tokenUrl=" + tokenUrl + ", revokeUrl=" + revokeUrl
                + ", httpStack=" + httpStack + ", maxAttempts=" + maxAttempts + ", pageSize=" + pageSize + ", maxPages=" + maxPages + "]";
    }

    /** Builds a {@link GoogleHealthConfig}. Not thread-safe; each setter validates its argument. */
    public static final class Builder {
        private @Nullable String clientId;
        private @Nullable String clientSecret;
        private @Nullable String redirectUri;
        private Set<String> scopes = new LinkedHashSet<>(GoogleHealthScopes.DEFAULT);
        private String apiBaseUrl = DEFAULT_API_BASE_URL;
        private String authorizationUrl = DEFAULT_AUTHORIZATION_URL;
        private String tokenUrl = DEFAULT_TOKEN_URL;
        private String revokeUrl = DEFAULT_REVOKE_URL;
        private boolean promptConsent = true;
        private boolean includeGrantedScopes = true;
        private Clock clock = Clock.systemUTC();
        private @Nullable OkHttpClient httpClient;
        private HttpStack httpStack = HttpStack.OKHTTP;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(32);
        private Duration maxRetryAfter = Duration.ofSeconds(60);
        private Sleeper sleeper = Sleeper.SYSTEM;
        private @Nullable RequestBudget requestBudget;
        private Duration maxThrottleWait = Duration.ofSeconds(30);
        private int pageSize = 10_000;
        private int maxPages = 1_000;
        private Duration siblingCacheTtl = Duration.ofMinutes(2);
        private GoogleHealthListener listener = GoogleHealthListener.NONE;

        private Builder() {
        }

        /** Sets the OAuth client id (required). */
        public Builder clientId(String clientId) {
            this.clientId = requireText(clientId, "clientId");
            return this;
        }

        /** Sets the OAuth client secret; leave unset for a public client that relies on PKCE alone. */
        public Builder clientSecret(@Nullable String clientSecret) {
            this.clientSecret = clientSecret == null ? null : requireText(clientSecret, "clientSecret");
            return this;
        }

        /** Sets the redirect URI registered for the client; required to build authorization requests. */
        public Builder redirectUri(String redirectUri) {
            requireText(redirectUri, "redirectUri");
            URI uri = URI.create(redirectUri);
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("redirectUri must be an absolute URI, got '" + redirectUri + "'");
            }
            this.redirectUri = redirectUri;
            return this;
        }

        /** Sets the scopes to request; at least one. Default {@link GoogleHealthScopes#DEFAULT}. */
        public Builder scopes(Set<String> scopes) {
            Objects.requireNonNull(scopes, "scopes");
            if (scopes.isEmpty()) {
                throw new IllegalArgumentException("scopes must not be empty");
            }
            for (String scope : scopes) {
                if (scope == null || scope.isBlank() || scope.contains(" ")) {
                    throw new IllegalArgumentException("Invalid scope '" + scope + "': a scope is a URL without spaces");
                }
            }
            this.scopes = new LinkedHashSet<>(scopes);
            return this;
        }

        /** Sets the API base URL; default {@value GoogleHealthConfig#DEFAULT_API_BASE_URL}. A missing final '/' is added. */
        public Builder apiBaseUrl(String url) {
            String checked = BaseUrls.requireSecure(url, "apiBaseUrl");
            this.apiBaseUrl = checked.endsWith("/") ? checked : checked + "/";
            return this;
        }

        /** Sets the authorization endpoint; default {@value GoogleHealthConfig#DEFAULT_AUTHORIZATION_URL}. */
        public Builder authorizationUrl(String url) {
            this.authorizationUrl = BaseUrls.requireSecure(url, "authorizationUrl");
            return this;
        }

        /** Sets the token endpoint; default {@value GoogleHealthConfig#DEFAULT_TOKEN_URL}. */
        public Builder tokenUrl(String url) {
            this.tokenUrl = BaseUrls.requireSecure(url, "tokenUrl");
            return this;
        }

        /** Sets the revocation endpoint; default {@value GoogleHealthConfig#DEFAULT_REVOKE_URL}. */
        public Builder revokeUrl(String url) {
            this.revokeUrl = BaseUrls.requireSecure(url, "revokeUrl");
            return this;
        }

        /**
         * Points every endpoint at one server, as the testkit simulator serves them: the API at
         * {@code baseUrl}, and {@code o/oauth2/v2/auth}, {@code token} and {@code revoke} under it.
         */
        public Builder allEndpointsAt(String baseUrl) {
            String base = BaseUrls.requireSecure(baseUrl, "baseUrl");
            String root = base.endsWith("/") ? base : base + "/";
            apiBaseUrl(root);
            authorizationUrl(root + "o/oauth2/v2/auth");
            tokenUrl(root + "token");
            revokeUrl(root + "revoke");
            return this;
        }

        /** Sets whether authorization URLs carry {@code prompt=consent}, which forces a new refresh token; default true. */
        public Builder promptConsent(boolean promptConsent) {
            this.promptConsent = promptConsent;
            return this;
        }

        /** Sets whether authorization URLs carry {@code include_granted_scopes=true}; default true. */
        public Builder includeGrantedScopes(boolean includeGrantedScopes) {
            this.includeGrantedScopes = includeGrantedScopes;
            return this;
        }

        /**
         * Sets the clock; default {@link Clock#systemUTC()}. The default request limiter refills
         * by this clock too, so with a clock that does not advance, such as {@link Clock#fixed},
         * set a {@link #requestBudget} on the system clock, or the limiter never refills.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the HTTP client to use. The caller keeps ownership and closes it; without one,
         * each client built from this configuration creates a default one and closes it itself.
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Sets the HTTP client library; default {@link HttpStack#OKHTTP}. {@link HttpStack#URL_CONNECTION}
         * starts faster in a fresh JVM and cannot be combined with {@link #httpClient}: {@link #build()}
         * throws {@link IllegalStateException} if both are set.
         */
        public Builder httpStack(HttpStack httpStack) {
            this.httpStack = Objects.requireNonNull(httpStack, "httpStack");
            return this;
        }

        /** Sets the connect timeout of the default HTTP client; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        /** Sets the read timeout of the default HTTP client; default 60 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = requirePositive(timeout, "readTimeout");
            return this;
        }

        /** Sets the maximum attempts per request for 429, 503, 504 and transport errors; 1 to 20, default 5. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("maxAttempts must be between 1 and 20, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Sets the backoff cap before the first retry; default 1 s. Each retry doubles it up to the maximum backoff. */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = requirePositive(backoff, "initialBackoff");
            return this;
        }

        /** Sets the largest backoff cap; default 32 s. */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = requirePositive(backoff, "maxBackoff");
            return this;
        }

        /**
         * Sets the longest {@code Retry-After} or {@code RetryInfo} wait that is honoured by waiting;
         * a longer request makes the call throw at once with the wait in
         * {@link GoogleHealthException#retryAfter()}. Default 60 s.
         */
        public Builder maxRetryAfter(Duration wait) {
            Objects.requireNonNull(wait, "maxRetryAfter");
            if (wait.isNegative()) {
                throw new IllegalArgumentException("maxRetryAfter must not be negative, got " + wait);
            }
            this.maxRetryAfter = wait;
            return this;
        }

        /** Sets how retry waits are made; default {@link Sleeper#SYSTEM}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Sets the per-connection request budget shared with other clients and the pipeline, such
         * as a {@link RequestLimiter} or {@link RequestBudget#perConnection}. Without one, each
         * client creates a {@link RequestLimiter} with this configuration's clock and sleeper,
         * which grants that client at most 300 requests per connection in any one-minute window,
         * at most 30 of them back to back. Only a {@link RequestLimiter} caps every window, because
         * {@link RequestBudget#perConnection} can allow up to about twice its requests in a first
         * period.
         */
        public Builder requestBudget(RequestBudget budget) {
            this.requestBudget = Objects.requireNonNull(budget, "requestBudget");
            return this;
        }

        /**
         * Sets the longest wait for a request permit; a request that would wait longer fails at
         * once with {@link RequestLimitExceededException}. Default 30 s; zero never waits.
         */
        public Builder maxThrottleWait(Duration wait) {
            Objects.requireNonNull(wait, "maxThrottleWait");
            if (wait.isNegative()) {
                throw new IllegalArgumentException("maxThrottleWait must not be negative, got " + wait);
            }
            this.maxThrottleWait = wait;
            return this;
        }

        /** Sets the requested page size, 1 to 10,000; default 10,000. Sleep pages are capped at 25. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 10_000) {
                throw new IllegalArgumentException("pageSize must be between 1 and 10000, got " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** Sets the maximum pages of one fetch, after which it fails; at least 1, default 1,000. */
        public Builder maxPages(int maxPages) {
            if (maxPages < 1) {
                throw new IllegalArgumentException("maxPages must be at least 1, got " + maxPages);
            }
            this.maxPages = maxPages;
            return this;
        }

        /** Sets how long sibling metrics of one fetch are kept; default 2 minutes, zero disables. */
        public Builder siblingCacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "siblingCacheTtl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("siblingCacheTtl must not be negative, got " + ttl);
            }
            this.siblingCacheTtl = ttl;
            return this;
        }

        /** Sets the event listener; default {@link GoogleHealthListener#NONE}. */
        public Builder listener(GoogleHealthListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @throws NullPointerException if the client id is not set
         * @throws IllegalStateException if an {@link #httpClient} was given with an
         *     {@link #httpStack} other than OkHttp
         */
        public GoogleHealthConfig build() {
            return new GoogleHealthConfig(this);
        }

        private static String requireText(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }

        private static Duration requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
