package io.iomt.sdk.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.iomt.sdk.IomtException;
import io.iomt.sdk.testkit.internal.FaultQueue;
import io.iomt.sdk.testkit.internal.OAuthServer;
import io.iomt.sdk.testkit.internal.ServerKeyStore;
import io.iomt.sdk.testkit.internal.SimulatorHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An offline Google Health API v4 simulator: Google's OAuth 2.0 endpoints and the data API, served
 * on 127.0.0.1 by WireMock from recorded data, with injectable faults and the per-user quota.
 * Host applications point their client's base URLs at {@link #baseUrl()} and the OAuth URLs
 * returned here; everything happens over real HTTP, or HTTPS with {@link Builder#https}.
 *
 * <p>What it serves is described in the {@linkplain io.iomt.sdk.testkit package documentation}.
 *
 * <p>Thread-safe: any number of clients may call it at once, and faults, users and clock can be
 * changed while it runs. The simulator owns its server thread pool and port; {@link #close()}
 * stops them and is idempotent. It never closes the clock or data given to it.
 */
public final class GoogleHealthSimulator implements AutoCloseable {

    /** The default OAuth client id. */
    public static final String DEFAULT_CLIENT_ID = "iomt-sim-client.apps.googleusercontent.com";

    /** The default OAuth client secret; a fixed test value, not a real secret. */
    public static final String DEFAULT_CLIENT_SECRET = "iomt-sim-secret";

    /** The default registered redirect URI. */
    public static final String DEFAULT_REDIRECT_URI = "http://127.0.0.1/oauth2/callback";

    /** Every read scope that covers the data types the simulator serves, space-separated. */
    public static final String ALL_READ_SCOPES = "https://www.googleapis.com/auth/googlehealth.activity_and_fitness.readonly "
            + "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly "
            + "https://www.googleapis.com/auth/googlehealth.sleep.readonly";

    private final WireMockServer server;
    private final SimulatorHandler handler;
    private final OAuthServer oauth;
    private final FaultQueue faults;
    private final String clientId;
    private final String clientSecret;
    private final List<String> redirectUris;
    private final URI baseUrl;
    private final HttpClient consentClient;
    private boolean closed;

    private GoogleHealthSimulator(Builder builder) {
        this.clientId = builder.clientId;
        this.clientSecret = builder.clientSecret;
        this.redirectUris = List.copyOf(builder.redirectUris);
        this.faults = new FaultQueue();
        SimulatorHandler[] handlerRef = new SimulatorHandler[1];
        this.oauth = new OAuthServer(clientId, clientSecret, redirectUris, builder.accessTokenLifetime, builder.refreshTokenMode,
                builder.rotationGracePeriod, builder.clock, id -> handlerRef[0].hasUser(id));
        this.handler = new SimulatorHandler(oauth, faults, builder.requestsPerMinutePerUser, builder.clock);
        handlerRef[0] = handler;
        for (SimulatedUser user : builder.users) {
            handler.addUser(user);
        }

        this.server = new WireMockServer(serverOptions(builder.containerThreads, builder.httpsKeyStore, handler));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(SimulatorHandler.NAME)));
        ServerKeyStore keyStore = builder.httpsKeyStore;
        this.baseUrl = keyStore == null ? URI.create("http://127.0.0.1:" + server.port() + "/")
                : URI.create("https://" + keyStore.host() + ":" + server.httpsPort() + "/");
        HttpClient.Builder consentClientBuilder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
        if (keyStore != null) {
            consentClientBuilder.sslContext(keyStore.trustingContext());
        }
        this.consentClient = consentClientBuilder.build();
    }

    private static WireMockConfiguration serverOptions(int containerThreads, @Nullable ServerKeyStore keyStore,
            SimulatorHandler handler) {
        WireMockConfiguration options = options()
                .bindAddress("127.0.0.1")
                .jettyAcceptors(1)
                .containerThreads(containerThreads)
                .disableRequestJournal()
                // The handler compresses bodies itself and keeps the compressed form of pages that
                // every user is served, instead of Jetty compressing each response again.
                .gzipDisabled(true)
                .notifier(new Slf4jNotifier(false))
                .extensions(handler);
        if (keyStore == null) {
            return options.dynamicPort();
        }
        return options.httpDisabled(true)
                .dynamicHttpsPort()
                .keystorePath(keyStore.file().toString())
                .keystoreType(keyStore.type())
                .keystorePassword(keyStore.password())
                .keyManagerPassword(keyStore.password());
    }

    /** Returns a builder with Google's defaults: 1-hour access tokens, reusable refresh tokens, 300 requests per minute per user. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a started simulator serving the bundled recording
     * ({@link FitabaseRecording#bundled()}) for one user with the given health user id.
     */
    public static GoogleHealthSimulator startWithBundledData(String healthUserId) {
        return builder().user(SimulatedUser.of(healthUserId, FitabaseRecording.bundled())).start();
    }

    /**
     * Returns the root URL, such as {@code http://127.0.0.1:PORT/}, or with {@link Builder#https}
     * {@code https://127.0.0.1:PORT/} or {@code https://localhost:PORT/}; the data API is under
     * {@code v4/}.
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Returns the port the simulator listens on. */
    public int port() {
        return baseUrl.getPort();
    }

    /** Returns the authorization endpoint, the counterpart of {@code https://accounts.google.com/o/oauth2/v2/auth}. */
    public URI authorizationUrl() {
        return baseUrl.resolve("o/oauth2/v2/auth");
    }

    /** Returns the token endpoint, the counterpart of {@code https://oauth2.googleapis.com/token}. */
    public URI tokenUrl() {
        return baseUrl.resolve("token");
    }

    /** Returns the revocation endpoint, the counterpart of {@code https://oauth2.googleapis.com/revoke}. */
    public URI revokeUrl() {
        return baseUrl.resolve("revoke");
    }

    /** Returns the OAuth client id the simulator accepts. */
    public String clientId() {
        return clientId;
    }

    /** Returns the OAuth client secret the simulator accepts. */
    public String clientSecret() {
        return clientSecret;
    }

    /** Returns the first registered redirect URI. */
    public String redirectUri() {
        return redirectUris.get(0);
    }

    /** Returns every registered redirect URI. */
    public List<String> redirectUris() {
        return redirectUris;
    }

    /**
     * Registers a user while the simulator runs.
     *
     * @throws IllegalArgumentException if a user with the same health user id exists
     */
    public GoogleHealthSimulator addUser(SimulatedUser user) {
        handler.addUser(Objects.requireNonNull(user, "user"));
        return this;
    }

    /** Registers a user with the given health user id who is served {@code data}. */
    public GoogleHealthSimulator addUser(String healthUserId, RecordedData data) {
        return addUser(SimulatedUser.of(healthUserId, data));
    }

    /**
     * Replaces what a registered user's data endpoints serve, as when a device uploads late or
     * the provider revises data. Page tokens issued before the change may skip or repeat points.
     *
     * @throws IllegalArgumentException if no user has that id
     */
    public GoogleHealthSimulator replaceData(String healthUserId, RecordedData data) {
        handler.replaceData(Objects.requireNonNull(healthUserId, "healthUserId"), Objects.requireNonNull(data, "data"));
        return this;
    }

    /**
     * Acts as the user's browser: sends the authorization request (a URL on this simulator built
     * by the client under test) and returns the redirect target, which carries {@code code} and
     * {@code state}, or {@code error}. The simulator consents at once for the user named by
     * {@code login_hint}, or else for the first registered user.
     *
     * @throws IllegalArgumentException if the URL does not point at this simulator
     * @throws IomtException if the simulator rejects the request without redirecting
     */
    public URI approve(URI authorizationRequest) {
        Objects.requireNonNull(authorizationRequest, "authorizationRequest");
        if (authorizationRequest.getPort() != port() || !"/o/oauth2/v2/auth".equals(authorizationRequest.getPath())) {
            throw new IllegalArgumentException("Authorization request " + authorizationRequest.getScheme() + "://"
                    + authorizationRequest.getAuthority() + authorizationRequest.getPath() + " does not point at " + authorizationUrl());
        }
        try {
            HttpResponse<String> response = consentClient.send(HttpRequest.newBuilder(authorizationRequest).GET()
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 302) {
                throw new IomtException("The simulator rejected the authorization request with HTTP " + response.statusCode()
                        + ": " + response.body());
            }
            return URI.create(response.headers().firstValue("Location").orElseThrow());
        } catch (IOException e) {
            throw new IomtException("Failed to send the authorization request to the simulator: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IomtException("Interrupted while sending the authorization request to the simulator", e);
        }
    }

    /**
     * Issues tokens for a registered user without the OAuth flow, with {@link #ALL_READ_SCOPES}
     * and a refresh token.
     *
     * @throws IllegalArgumentException if no user has that id
     */
    public SimulatedTokens issueTokens(String healthUserId) {
        return issueTokens(healthUserId, ALL_READ_SCOPES, true);
    }

    /**
     * Issues tokens for a registered user without the OAuth flow.
     *
     * @param scopes granted scopes, space-separated
     * @param offline whether a refresh token is issued too
     * @throws IllegalArgumentException if no user has that id
     */
    public SimulatedTokens issueTokens(String healthUserId, String scopes, boolean offline) {
        Objects.requireNonNull(healthUserId, "healthUserId");
        Objects.requireNonNull(scopes, "scopes");
        if (!handler.hasUser(healthUserId)) {
            throw new IllegalArgumentException("No simulated user has healthUserId " + healthUserId + "; register it with addUser first");
        }
        return oauth.issue(healthUserId, scopes, offline);
    }

    /** Makes every access token issued so far expired, so the next data request with one gets 401. */
    public void expireAccessTokens() {
        oauth.expireAccessTokens();
    }

    /** Queues a fault; see {@link SimulatedFault} for matching and order. */
    public GoogleHealthSimulator inject(SimulatedFault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
        return this;
    }

    /** Drops every queued fault. */
    public void clearFaults() {
        faults.clear();
    }

    /** Returns how many responses queued faults will still affect. */
    public int pendingFaults() {
        return faults.remaining();
    }

    /** Returns the number of requests the simulator received at {@code endpoint}, faulted ones included. */
    public long requestCount(SimulatorEndpoint endpoint) {
        return handler.count(Objects.requireNonNull(endpoint, "endpoint"));
    }

    /** Returns the number of {@code refresh_token} grant requests that passed client authentication. */
    public long refreshRequestCount() {
        return oauth.refreshRequests();
    }

    /** Returns the number of {@code authorization_code} grant requests that passed client authentication. */
    public long codeExchangeCount() {
        return oauth.codeExchanges();
    }

    /** Returns the number of token requests rejected with {@code invalid_grant}. */
    public long invalidGrantCount() {
        return oauth.invalidGrants();
    }

    /** Sets the per-endpoint request counts to zero; the OAuth counts are kept. */
    public void resetRequestCounts() {
        handler.resetCounts();
    }

    /** Stops the server; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop();
    }

    @Override
    public String toString() {
        return "GoogleHealthSimulator[" + baseUrl + "]";
    }

    /**
     * Configures a simulator. Each setter validates its argument; {@link #start()} builds and
     * starts one. Not thread-safe.
     */
    public static final class Builder {
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private final Set<String> redirectUris = new LinkedHashSet<>();
        private Duration accessTokenLifetime = Duration.ofHours(1);
        private RefreshTokenMode refreshTokenMode = RefreshTokenMode.REUSABLE;
        private Duration rotationGracePeriod = Duration.ofSeconds(30);
        private int requestsPerMinutePerUser = 300;
        private Clock clock = Clock.systemUTC();
        private int containerThreads = 16;
        private final List<SimulatedUser> users = new ArrayList<>();
        private @Nullable ServerKeyStore httpsKeyStore;

        private Builder() {
        }

        /** Sets the OAuth client id; default {@value GoogleHealthSimulator#DEFAULT_CLIENT_ID}. */
        public Builder clientId(String clientId) {
            this.clientId = nonBlank(clientId, "clientId");
            return this;
        }

        /** Sets the OAuth client secret; default {@value GoogleHealthSimulator#DEFAULT_CLIENT_SECRET}. */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = nonBlank(clientSecret, "clientSecret");
            return this;
        }

        /**
         * Registers a redirect URI; the first one registered is {@link GoogleHealthSimulator#redirectUri()}.
         * Without any, {@value GoogleHealthSimulator#DEFAULT_REDIRECT_URI} is registered.
         *
         * @throws IllegalArgumentException if the URI is not absolute or has a fragment
         */
        public Builder redirectUri(String redirectUri) {
            Objects.requireNonNull(redirectUri, "redirectUri");
            URI uri;
            try {
                uri = URI.create(redirectUri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid redirectUri '" + redirectUri + "': " + e.getMessage(), e);
            }
            if (!uri.isAbsolute() || uri.getFragment() != null) {
                throw new IllegalArgumentException("Invalid redirectUri '" + redirectUri + "': use an absolute URI without a fragment");
            }
            redirectUris.add(redirectUri);
            return this;
        }

        /**
         * Sets the access token lifetime; default 1 hour, as Google's.
         *
         * @throws IllegalArgumentException if the lifetime is under 1 second
         */
        public Builder accessTokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("accessTokenLifetime must be at least 1 second, got " + lifetime);
            }
            this.accessTokenLifetime = lifetime;
            return this;
        }

        /** Sets how refresh tokens behave after use; default {@link RefreshTokenMode#REUSABLE}. */
        public Builder refreshTokenMode(RefreshTokenMode mode) {
            this.refreshTokenMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the grace period of {@link RefreshTokenMode#ROTATING_WITH_GRACE}; default 30 seconds.
         *
         * @throws IllegalArgumentException if the period is negative
         */
        public Builder rotationGracePeriod(Duration gracePeriod) {
            Objects.requireNonNull(gracePeriod, "gracePeriod");
            if (gracePeriod.isNegative()) {
                throw new IllegalArgumentException("rotationGracePeriod must not be negative, got " + gracePeriod);
            }
            this.rotationGracePeriod = gracePeriod;
            return this;
        }

        /**
         * Sets the quota of data requests per user in any rolling minute, beyond which the
         * simulator returns 429 {@code RESOURCE_EXHAUSTED}; default 300, as Google's. 0 disables
         * the quota.
         *
         * @throws IllegalArgumentException if the quota is negative
         */
        public Builder requestsPerMinutePerUser(int requests) {
            if (requests < 0) {
                throw new IllegalArgumentException("requestsPerMinutePerUser must not be negative, got " + requests);
            }
            this.requestsPerMinutePerUser = requests;
            return this;
        }

        /** Sets the clock for token expiry, code expiry, grace periods and the quota; default the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the number of server threads; default 16. Raise it for many concurrent clients,
         * since each request with added latency occupies a thread while it waits.
         *
         * @throws IllegalArgumentException if the count is under 8 or over 1,000
         */
        public Builder containerThreads(int threads) {
            if (threads < 8 || threads > 1_000) {
                throw new IllegalArgumentException("containerThreads must be between 8 and 1000, got " + threads);
            }
            this.containerThreads = threads;
            return this;
        }

        /**
         * Serves HTTPS in place of plain HTTP, with the certificate of the private key entry in
         * {@code keyStore}. {@link GoogleHealthSimulator#baseUrl()} then names {@code 127.0.0.1} if
         * the certificate's subject alternative names contain that IP address, or else
         * {@code localhost}. Clients must trust the certificate or its issuer, for example through
         * the JVM's {@code javax.net.ssl.trustStore} system property; {@link GoogleHealthSimulator#approve}
         * trusts the certificates of the key entry. Default: plain HTTP.
         *
         * @param keyStore a PKCS12 or JKS file with one private key entry
         * @param password the password of the file and of the key entry
         * @throws IllegalArgumentException if the file is missing or unreadable with {@code password},
         *     contains no private key entry, or its certificate names neither {@code 127.0.0.1} nor
         *     {@code localhost}
         */
        public Builder https(Path keyStore, String password) {
            this.httpsKeyStore = ServerKeyStore.load(keyStore, password);
            return this;
        }

        /** Registers a user; the first one registered consents to authorization requests without {@code login_hint}. */
        public Builder user(SimulatedUser user) {
            users.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /** Registers a user with the given health user id who is served {@code data}. */
        public Builder user(String healthUserId, RecordedData data) {
            return user(SimulatedUser.of(healthUserId, data));
        }

        /**
         * Builds and starts a simulator on a free port of 127.0.0.1.
         *
         * @throws IllegalArgumentException if two users share a health user id
         */
        public GoogleHealthSimulator start() {
            if (redirectUris.isEmpty()) {
                redirectUris.add(DEFAULT_REDIRECT_URI);
            }
            return new GoogleHealthSimulator(this);
        }

        private static String nonBlank(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
