package io.iomt.sdk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out valid access tokens per connection and refreshes them ahead of expiry.
 *
 * <p>Lookup order: an in-memory cache (Caffeine), then the {@link TokenStore}, then a refresh at
 * the provider's {@link TokenEndpoint}. A token is refreshed once it is within
 * {@linkplain Builder#refreshMargin(Duration) the margin} (default 5 minutes) plus a random
 * jitter (default up to 60 seconds) of its expiry, so a fleet of connections does not refresh in
 * step. At most one refresh per connection runs at a time: inside the process, callers of the same
 * connection share one in-flight refresh; across processes, the refreshing instance first takes a
 * {@link RefreshLease} in the store by compare-and-set, and other instances wait for its result.
 *
 * <p>The new token pair is saved before it is handed out. On {@code invalid_grant}, the store
 * is re-read once, because another host may have refreshed with a rotated refresh token; only
 * then is the connection marked {@link ConnectionStatus#REAUTHORIZATION_REQUIRED}.
 *
 * <p>Thread-safe. Owns no threads; refreshes run on the calling thread. Does not close the store.
 */
public final class TokenManager {

    private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);

    private record CachedToken(TokenPair tokens, Instant refreshAt) {
    }

    private final TokenStore store;
    private final Map<ProviderId, TokenEndpoint> endpoints;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Duration maxJitter;
    private final Duration leaseDuration;
    private final Duration leaseWaitStep;
    private final String instanceId;
    private final List<TokenListener> listeners;
    private final Cache<ConnectionId, CachedToken> cache;
    private final ConcurrentHashMap<ConnectionId, CompletableFuture<TokenPair>> inFlight = new ConcurrentHashMap<>();

    private TokenManager(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "tokenStore");
        this.endpoints = Map.copyOf(builder.endpoints);
        this.clock = builder.clock;
        this.refreshMargin = builder.refreshMargin;
        this.maxJitter = builder.maxJitter;
        this.leaseDuration = builder.leaseDuration;
        this.leaseWaitStep = builder.leaseWaitStep;
        this.instanceId = builder.instanceId;
        this.listeners = List.copyOf(builder.listeners);
        this.cache = Caffeine.newBuilder().maximumSize(builder.cacheSize).build();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the id this instance writes into the refresh leases it takes. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Stores a newly authorized connection with its first token pair, replacing any earlier
     * record of the same connection (a reconnect after re-consent).
     *
     * @return the stored record
     */
    public ConnectionRecord connect(Connection connection, TokenPair tokens) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tokens, "tokens");
        cache.invalidate(connection.id());
        for (int attempt = 0; ; attempt++) {
            Optional<ConnectionRecord> existing = store.load(connection.id());
            ConnectionRecord record = existing
                    .map(r -> new ConnectionRecord(connection, tokens, r.watermarks(), null, r.version()))
                    .orElseGet(() -> ConnectionRecord.newConnection(connection, tokens));
            try {
                ConnectionRecord saved = store.save(record);
                cache.put(connection.id(), cached(tokens));
                return saved;
            } catch (VersionConflictException conflict) {
                if (attempt >= 8) {
                    throw conflict;
                }
            }
        }
    }

    /** Returns an {@link AccessTokenSource} bound to {@code connection}. */
    public AccessTokenSource tokenSource(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        return new AccessTokenSource() {
            @Override
            public String accessToken() {
                return TokenManager.this.accessToken(connection);
            }

            @Override
            public String renewAfterRejection(String rejectedToken) {
                return TokenManager.this.renewAfterRejection(connection, rejectedToken);
            }

            @Override
            public String toString() {
                return "AccessTokenSource[" + connection + "]";
            }
        };
    }

    /**
     * Returns a valid access token for {@code connection}, refreshing it first if it is within the
     * refresh margin of its expiry.
     *
     * @throws ReauthorizationRequiredException if the user must consent again
     * @throws AuthorizationException if the refresh failed and the current token is expired
     * @throws IllegalArgumentException if the connection is unknown
     */
    public String accessToken(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        CachedToken cachedToken = cache.getIfPresent(connection);
        if (cachedToken != null && clock.instant().isBefore(cachedToken.refreshAt())) {
            return cachedToken.tokens().accessToken();
        }
        return singleFlight(connection, null).accessToken();
    }

    /**
     * Returns a new access token after the provider rejected {@code rejectedToken}. When the
     * stored token already differs from the rejected one, it is returned without a refresh.
     *
     * @throws ReauthorizationRequiredException if the user must consent again
     */
    public String renewAfterRejection(ConnectionId connection, String rejectedToken) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(rejectedToken, "rejectedToken");
        CachedToken cachedToken = cache.getIfPresent(connection);
        if (cachedToken != null && !cachedToken.tokens().accessToken().equals(rejectedToken)
                && clock.instant().isBefore(cachedToken.refreshAt())) {
            return cachedToken.tokens().accessToken();
        }
        cache.invalidate(connection);
        return singleFlight(connection, rejectedToken).accessToken();
    }

    /**
     * Disconnects a subject's account: revokes its tokens at the provider, deletes them from the
     * store and marks the connection {@link ConnectionStatus#REVOKED}. The record, with its sync
     * watermarks, stays so the host can reconnect later; stored samples are not touched.
     *
     * <p>Revocation is attempted for the refresh token (which also ends its access tokens at
     * Google) and then the access token. A revocation failure is reported to the listeners and
     * logged, but the tokens are deleted all the same, because a host that asked to disconnect
     * must not keep using them.
     *
     * @return the stored record after the change
     * @throws IllegalArgumentException if the connection is unknown
     */
    public ConnectionRecord disconnect(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        ConnectionRecord record = store.load(connection).orElseThrow(
                () -> new IllegalArgumentException("Unknown connection " + connection + "; nothing to disconnect"));
        TokenPair tokens = record.tokens();
        if (tokens != null) {
            revokeQuietly(connection, tokens.refreshToken());
            revokeQuietly(connection, tokens.accessToken());
        }
        cache.invalidate(connection);
        String reason = "Disconnected by the host; connect the account again to resume";
        return store.update(connection, r -> r.withTokens(null).withLease(null)
                .withConnection(r.connection().withStatus(ConnectionStatus.REVOKED, reason, clock.instant())));
    }

    private void revokeQuietly(ConnectionId connection, @Nullable String token) {
        if (token == null) {
            return;
        }
        try {
            endpoint(connection).revoke(token);
        } catch (RuntimeException e) {
            LOG.warn("Revoking a token of connection {} failed ({}); deleting it anyway", connection,
                    e.getClass().getSimpleName());
            notifyRefreshFailed(connection, e);
        }
    }

    /** Drops the cached token of {@code connection}, for example after the host changed the record. */
    public void invalidate(ConnectionId connection) {
        cache.invalidate(connection);
    }

    private TokenPair singleFlight(ConnectionId connection, @Nullable String rejectedToken) {
        CompletableFuture<TokenPair> mine = new CompletableFuture<>();
        CompletableFuture<TokenPair> running = inFlight.putIfAbsent(connection, mine);
        if (running != null) {
            return join(running);
        }
        try {
            TokenPair tokens = obtain(connection, rejectedToken);
            mine.complete(tokens);
            return tokens;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(connection, mine);
        }
    }

    private static TokenPair join(CompletableFuture<TokenPair> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IomtException("Interrupted while waiting for a token refresh", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IomtException("Token refresh failed", e.getCause());
        }
    }

    /** Loads, and if needed refreshes, the tokens of a connection; runs once per connection at a time. */
    private TokenPair obtain(ConnectionId connection, @Nullable String rejectedToken) {
        Instant deadline = clock.instant().plus(leaseDuration.multipliedBy(3));
        while (true) {
            ConnectionRecord record = loadUsable(connection);
            TokenPair current = Objects.requireNonNull(record.tokens());
            Instant now = clock.instant();
            boolean rejected = rejectedToken != null && current.accessToken().equals(rejectedToken);
            CachedToken candidate = cached(current);
            if (!rejected && now.isBefore(candidate.refreshAt())) {
                cache.put(connection, candidate);
                return current;
            }
            RefreshLease lease = record.lease();
            if (lease != null && lease.isHeldAt(now) && !lease.owner().equals(instanceId)) {
                if (now.isAfter(deadline)) {
                    throw new IomtException("Timed out waiting for another instance (" + lease.owner()
                            + ") to refresh connection " + connection + "; retry later");
                }
                pause();
                continue;
            }
            ConnectionRecord leased;
            try {
                leased = store.save(record.withLease(new RefreshLease(instanceId, now.plus(leaseDuration))));
            } catch (VersionConflictException conflict) {
                continue;
            }
            return refreshUnderLease(leased, current);
        }
    }

    private ConnectionRecord loadUsable(ConnectionId connection) {
        ConnectionRecord record = store.load(connection).orElseThrow(
                () -> new IllegalArgumentException("Unknown connection " + connection + "; connect the subject first"));
        if (record.connection().status() != ConnectionStatus.ACTIVE || record.tokens() == null) {
            String reason = record.connection().statusReason();
            throw new ReauthorizationRequiredException(connection, "Connection " + connection + " is "
                    + record.connection().status() + (reason == null ? "" : ": " + reason)
                    + "; ask the user to connect the account again");
        }
        return record;
    }

    private TokenPair refreshUnderLease(ConnectionRecord leased, TokenPair current) {
        ConnectionId connection = leased.id();
        String refreshToken = current.refreshToken();
        if (refreshToken == null) {
            return markReauthorizationRequired(leased, "the provider issued no refresh token");
        }
        TokenPair refreshed;
        try {
            refreshed = endpoint(connection).refresh(connection, refreshToken);
        } catch (AuthorizationException e) {
            return onRefreshRejected(leased, current, e);
        } catch (RuntimeException e) {
            releaseLease(leased);
            notifyRefreshFailed(connection, e);
            throw e;
        }
        saveRefreshed(leased, refreshed);
        cache.put(connection, cached(refreshed));
        notifyRefreshed(connection, refreshed.expiresAt());
        return refreshed;
    }

    private TokenPair onRefreshRejected(ConnectionRecord leased, TokenPair current, AuthorizationException e) {
        ConnectionId connection = leased.id();
        if (!e.isInvalidGrant()) {
            releaseLease(leased);
            notifyRefreshFailed(connection, e);
            if (!current.isExpiredAt(clock.instant())) {
                LOG.warn("Refresh of connection {} failed ({}); serving the current token until it expires",
                        connection, e.error().orElse("no error code"));
                return current;
            }
            throw e;
        }
        // Another host may have refreshed with a rotated refresh token just before us.
        ConnectionRecord reread = store.load(connection).orElse(leased);
        TokenPair stored = reread.tokens();
        if (stored != null && !Objects.equals(stored.refreshToken(), current.refreshToken())) {
            releaseLease(reread);
            cache.put(connection, cached(stored));
            return stored;
        }
        return markReauthorizationRequired(reread, "the provider rejected the refresh token (invalid_grant)");
    }

    private TokenPair markReauthorizationRequired(ConnectionRecord record, String why) {
        ConnectionId connection = record.id();
        String reason = "Consent lost: " + why + "; ask the user to connect the account again";
        store.update(connection, r -> r.withLease(null).withConnection(
                r.connection().withStatus(ConnectionStatus.REAUTHORIZATION_REQUIRED, reason, clock.instant())));
        cache.invalidate(connection);
        for (TokenListener listener : listeners) {
            safely(() -> listener.onReauthorizationRequired(connection, reason));
        }
        throw new ReauthorizationRequiredException(connection, "Connection " + connection + ": " + reason);
    }

    /** Saves the refreshed pair, retrying store failures, because losing it may lose the consent. */
    private void saveRefreshed(ConnectionRecord leased, TokenPair refreshed) {
        ConnectionId connection = leased.id();
        RuntimeException last = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            try {
                store.update(connection, r -> r.withTokens(refreshed).withLease(null));
                return;
            } catch (StoreException | VersionConflictException e) {
                last = e;
                LOG.warn("Saving refreshed tokens of connection {} failed (attempt {}); retrying", connection, attempt + 1);
                pause();
            }
        }
        // NOTE: the pair stays in the cache so this process keeps working, but other hosts cannot see it.
        LOG.error("Could not save refreshed tokens of connection {} after 6 attempts", connection, last);
        notifyRefreshFailed(connection, Objects.requireNonNull(last));
    }

    private void releaseLease(ConnectionRecord leased) {
        try {
            store.update(leased.id(), r -> instanceId.equals(r.lease() == null ? null : r.lease().owner()) ? r.withLease(null) : r);
        } catch (RuntimeException e) {
            LOG.warn("Could not release the refresh lease of connection {}; it lapses by itself", leased.id(), e);
        }
    }

    private TokenEndpoint endpoint(ConnectionId connection) {
        TokenEndpoint endpoint = endpoints.get(connection.provider());
        if (endpoint == null) {
            throw new IllegalStateException("No token endpoint registered for provider " + connection.provider()
                    + "; add one with TokenManager.builder().endpoint(provider, endpoint)");
        }
        return endpoint;
    }

    private CachedToken cached(TokenPair tokens) {
        long jitterMillis = maxJitter.isZero() ? 0 : ThreadLocalRandom.current().nextLong(maxJitter.toMillis() + 1);
        Instant refreshAt = tokens.expiresAt().minus(refreshMargin).minusMillis(jitterMillis);
        return new CachedToken(tokens, refreshAt);
    }

    private void pause() {
        try {
            Thread.sleep(leaseWaitStep.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IomtException("Interrupted while waiting for a token refresh", e);
        }
    }

    private void notifyRefreshed(ConnectionId connection, Instant expiry) {
        for (TokenListener listener : listeners) {
            safely(() -> listener.onRefreshed(connection, expiry));
        }
    }

    private void notifyRefreshFailed(ConnectionId connection, Exception cause) {
        for (TokenListener listener : listeners) {
            safely(() -> listener.onRefreshFailed(connection, cause));
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A token listener threw; ignoring it", e);
        }
    }

    /** Configures a {@link TokenManager}. Not thread-safe; build once and share the manager. */
    public static final class Builder {
        private @Nullable TokenStore store;
        private final Map<ProviderId, TokenEndpoint> endpoints = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private Duration refreshMargin = Duration.ofMinutes(5);
        private Duration maxJitter = Duration.ofSeconds(60);
        private Duration leaseDuration = Duration.ofSeconds(30);
        private Duration leaseWaitStep = Duration.ofMillis(50);
        private String instanceId = UUID.randomUUID().toString();
        private final List<TokenListener> listeners = new ArrayList<>();
        private long cacheSize = 100_000;

        private Builder() {
        }

        /** Sets the store of connections and tokens (required). */
        public Builder tokenStore(TokenStore tokenStore) {
            this.store = Objects.requireNonNull(tokenStore, "tokenStore");
            return this;
        }

        /** Registers the token endpoint of {@code provider}. */
        public Builder endpoint(ProviderId provider, TokenEndpoint endpoint) {
            endpoints.put(Objects.requireNonNull(provider, "provider"), Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** Registers the token endpoint of {@code wearable}'s provider. */
        public Builder endpoint(Wearable wearable) {
            return endpoint(wearable.provider(), wearable.tokenEndpoint());
        }

        /** Sets the clock; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets how long before expiry a token is refreshed; default 5 minutes, which suits Google's
         * 1-hour tokens.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder refreshMargin(Duration margin) {
            this.refreshMargin = nonNegative(margin, "refreshMargin");
            return this;
        }

        /** Sets the maximum random jitter added to the margin; default 60 seconds, 0 for none. */
        public Builder jitter(Duration jitter) {
            this.maxJitter = nonNegative(jitter, "jitter");
            return this;
        }

        /** Sets how long a refresh lease holds if its owner dies; default 30 seconds. */
        public Builder leaseDuration(Duration duration) {
            this.leaseDuration = positive(duration, "leaseDuration");
            return this;
        }

        /** Sets how long to wait between checks while another instance holds the lease; default 50 ms. */
        public Builder leaseWaitStep(Duration step) {
            this.leaseWaitStep = positive(step, "leaseWaitStep");
            return this;
        }

        /** Sets the id written into leases; default a random UUID. Use a host or pod name to ease debugging. */
        public Builder instanceId(String id) {
            Objects.requireNonNull(id, "instanceId");
            if (id.isBlank()) {
                throw new IllegalArgumentException("instanceId must not be blank");
            }
            this.instanceId = id;
            return this;
        }

        /** Adds a listener for refresh events. */
        public Builder listener(TokenListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Sets the maximum number of cached tokens; default 100,000. */
        public Builder cacheSize(long size) {
            if (size < 1) {
                throw new IllegalArgumentException("cacheSize must be >= 1, got " + size);
            }
            this.cacheSize = size;
            return this;
        }

        /** Builds the manager. */
        public TokenManager build() {
            if (store == null) {
                throw new IllegalStateException("tokenStore is required");
            }
            return new TokenManager(this);
        }

        private static Duration nonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
            return value;
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
