package io.iomt.sdk;

import io.iomt.sdk.internal.token.BoundedCache;
import io.iomt.sdk.internal.token.RefreshFailures;
import io.iomt.sdk.internal.token.RefreshedPairSaver;
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
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out valid access tokens per connection and refreshes them ahead of expiry.
 *
 * <h2>Lookup and refresh time</h2>
 * Lookup order: an in-memory cache (bounded by
 * {@linkplain Builder#cacheSize(long) the cache size}), then the {@link TokenStore}, then a refresh at the
 * provider's {@link TokenEndpoint}. A token is refreshed once the clock reaches its expiry minus
 * the {@linkplain Builder#refreshMargin(Duration) margin} (default 5 minutes) minus a random
 * {@linkplain Builder#jitter(Duration) jitter} (default up to 60 seconds), so a fleet of
 * connections does not refresh in step.
 *
 * <h2>One refresh per connection at a time</h2>
 * Inside the process, callers of the same connection share one in-flight refresh. Across
 * processes, the refreshing instance first writes a {@link RefreshLease} into the record by
 * compare-and-set; only the instance whose write wins calls the provider. Another instance that
 * finds the lease held serves the current access token while it is not expired, and otherwise
 * polls the store every {@linkplain Builder#leaseWaitStep(Duration) step} (default 50 ms, waiting
 * through the {@linkplain Builder#sleeper(Sleeper) sleeper}) until the holder has saved a new
 * pair, for at most the {@linkplain Builder#leaseWaitTimeout(Duration) wait timeout} (default 40
 * seconds, longer than the default 30-second lease, so a lease of a crashed host lapses first).
 *
 * <h2>Saving</h2>
 * The new pair is saved before it is handed out. When the save fails, it is tried again
 * {@linkplain Builder#saveAttempts(int) a few times} on the calling thread; if it still fails, the
 * pair is kept in memory, served to callers, used for the next refresh, and saved again on the
 * {@linkplain Builder#executor(Executor) executor} with growing pauses until a save succeeds. It is
 * dropped only when the stored record shows a newer pair saved by another host, or the connection
 * was disconnected.
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>{@code invalid_grant}: the store is re-read once, because another host may have refreshed
 *       with a rotated refresh token. If it contains no other pair, the connection is marked
 *       {@link ConnectionStatus#REAUTHORIZATION_REQUIRED} and {@link ReauthorizationRequiredException}
 *       is thrown.</li>
 *   <li>{@link ReauthorizationRequiredException} from the endpoint (for example a provider that
 *       was switched off): the connection is marked at once, with the exception's message as the
 *       reason, and the endpoint is not called again for it.</li>
 *   <li>Other refresh failures (provider unavailable, store unavailable, lease wait timed out)
 *       start a {@linkplain Builder#refreshBackoff(Duration, Duration) backoff} (default from 30
 *       seconds doubling up to 15 minutes, with jitter), during which the provider is not asked
 *       again for that connection.</li>
 *   <li><b>Stale-token rule:</b> while a refresh fails or waits out its backoff, the current access
 *       token is served as long as it is not expired (and the provider has not rejected it); after
 *       its expiry the failure is thrown, usually as {@link AuthorizationException}.</li>
 * </ul>
 *
 * <p>Thread-safe. Refreshes run on the calling thread; only the background saves run on the
 * executor (default {@link ForkJoinPool#commonPool()}), which the manager never shuts down. Does
 * not close the store or the endpoints.
 */
public final class TokenManager {

    private static final Logger LOG = LoggerFactory.getLogger(TokenManager.class);

    /**
     * Waits for a duration; injected so that tests with a fake clock do not sleep. Implementations
     * are thread-safe.
     */
    @FunctionalInterface
    public interface Sleeper {
        /** The sleeper that blocks the calling thread with {@link Thread#sleep(long)}. */
        Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

        /**
         * Blocks for {@code duration}.
         *
         * @throws InterruptedException if the thread was interrupted while waiting
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    private record CachedToken(TokenPair tokens, Instant refreshAt) {
    }

    private final TokenStore store;
    private final Map<ProviderId, TokenEndpoint> endpoints;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Duration maxJitter;
    private final Duration leaseDuration;
    private final Duration leaseWaitStep;
    private final Duration leaseWaitTimeout;
    private final @Nullable RandomGenerator random;
    private final Sleeper sleeper;
    private final String instanceId;
    private final List<TokenListener> listeners;
    private final BoundedCache<ConnectionId, CachedToken> cache;
    private final ConcurrentHashMap<ConnectionId, CompletableFuture<TokenPair>> inFlight = new ConcurrentHashMap<>();
    private final RefreshFailures failures;
    private final RefreshedPairSaver saver;

    private TokenManager(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "tokenStore");
        this.endpoints = Map.copyOf(builder.endpoints);
        this.clock = builder.clock;
        this.refreshMargin = builder.refreshMargin;
        this.maxJitter = builder.maxJitter;
        this.leaseDuration = builder.leaseDuration;
        this.leaseWaitStep = builder.leaseWaitStep;
        this.leaseWaitTimeout = builder.leaseWaitTimeout;
        this.random = builder.random;
        this.sleeper = builder.sleeper;
        this.instanceId = builder.instanceId;
        this.listeners = List.copyOf(builder.listeners);
        this.failures = new RefreshFailures(builder.backoffInitial, builder.backoffMax, this::randomBelow);
        this.saver = new RefreshedPairSaver(store, instanceId, builder.executor, sleeper, builder.saveAttempts,
                builder.saveRetryDelay, builder.maxSaveRetryDelay, this::notifySaveFailed);
        this.cache = BoundedCache.create(builder.cacheSize);
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
     * record of the same connection (a reconnect after re-consent) but keeping its watermarks.
     *
     * @return the stored record
     * @throws VersionConflictException if other writers won 8 attempts in a row
     */
    public ConnectionRecord connect(Connection connection, TokenPair tokens) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tokens, "tokens");
        ConnectionId id = connection.id();
        cache.invalidate(id);
        saver.forget(id);
        failures.clear(id);
        for (int attempt = 0; ; attempt++) {
            Optional<ConnectionRecord> existing = store.load(id);
            ConnectionRecord record = existing
                    .map(r -> new ConnectionRecord(connection, tokens, r.watermarks(), null, r.version()))
                    .orElseGet(() -> ConnectionRecord.newConnection(connection, tokens));
            try {
                ConnectionRecord saved = store.save(record);
                cache.put(id, cached(tokens));
                LOG.debug("Connected {}; token expires at {}", id, tokens.expiresAt());
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
     * refresh margin of its expiry. Under the stale-token rule, a token that could not be
     * refreshed is returned until it expires.
     *
     * @throws ReauthorizationRequiredException if the user must consent again
     * @throws AuthorizationException if the refresh failed and the current token is expired
     * @throws StoreException if the store failed and the current token is expired or unknown
     * @throws UnknownConnectionException if the connection is unknown
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
     * current token already differs from the rejected one, it is returned without a refresh.
     * The rejected token is never served under the stale-token rule.
     *
     * @throws ReauthorizationRequiredException if the user must consent again
     * @throws AuthorizationException if the refresh failed
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
     * must not keep using them. A pair waiting for a background save is revoked too and dropped.
     *
     * @return the stored record after the change
     * @throws UnknownConnectionException if the connection is unknown
     */
    public ConnectionRecord disconnect(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        ConnectionRecord record = store.load(connection).orElseThrow(
                () -> new UnknownConnectionException(connection, "nothing to disconnect"));
        TokenPair unsaved = saver.forget(connection);
        TokenPair tokens = unsaved != null ? unsaved : record.tokens();
        if (tokens != null) {
            revokeQuietly(connection, tokens.refreshToken());
            revokeQuietly(connection, tokens.accessToken());
        }
        cache.invalidate(connection);
        failures.clear(connection);
        String reason = "Disconnected by the host; connect the account again to resume";
        ConnectionRecord revoked = store.update(connection, r -> r.withTokens(null).withLease(null)
                .withConnection(r.connection().withStatus(ConnectionStatus.REVOKED, reason, clock.instant())));
        LOG.debug("Disconnected {}; tokens revoked and deleted", connection);
        return revoked;
    }

    /**
     * Caches the tokens of a record the caller has just loaded from this manager's store, so the
     * next {@link #accessToken} need not load it again. Does nothing when a token is cached
     * already, when the connection is not active, or when its token is due for refresh. A pair
     * waiting for its background save takes the place of the record's older pair.
     */
    void cacheLoaded(ConnectionRecord record) {
        if (!hasUsableTokens(record)) {
            return;
        }
        ConnectionId connection = record.id();
        if (cache.getIfPresent(connection) != null) {
            return;
        }
        CachedToken candidate = cached(saver.currentTokens(record));
        if (clock.instant().isBefore(candidate.refreshAt())) {
            cache.putIfAbsent(connection, candidate);
        }
    }

    /** Drops the cached token of {@code connection}, for example after the host changed the record. */
    public void invalidate(ConnectionId connection) {
        cache.invalidate(connection);
    }

    /**
     * Returns how many refreshed pairs are served from memory because saving them failed; they
     * are being saved again in the background. A value above 0 for long means the store is down.
     */
    public int pendingSaveCount() {
        return saver.pendingCount();
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

    private TokenPair singleFlight(ConnectionId connection, @Nullable String rejectedToken) {
        CompletableFuture<TokenPair> mine = new CompletableFuture<>();
        CompletableFuture<TokenPair> running = inFlight.putIfAbsent(connection, mine);
        if (running != null) {
            TokenPair shared = join(running);
            if (rejectedToken == null || !shared.accessToken().equals(rejectedToken)) {
                return shared;
            }
            // The shared result is the token the provider just rejected: look again on our own.
            return singleFlight(connection, rejectedToken);
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
        Instant deadline = clock.instant().plus(leaseWaitTimeout);
        long maxPolls = leaseWaitTimeout.toMillis() / leaseWaitStep.toMillis() + 1;
        for (long polls = 0; ; polls++) {
            ConnectionRecord record = loadUsable(connection);
            TokenPair current = saver.currentTokens(record);
            Instant now = clock.instant();
            boolean rejected = rejectedToken != null && current.accessToken().equals(rejectedToken);
            CachedToken candidate = cached(current);
            if (!rejected && now.isBefore(candidate.refreshAt())) {
                cache.put(connection, candidate);
                return current;
            }

            RefreshFailures.State failure = failures.get(connection);
            if (failure != null && now.isBefore(failure.retryAt())) {
                return serveStale(connection, current, rejected, failure.cause(), failure.retryAt());
            }

            RefreshLease lease = record.lease();
            if (lease != null && lease.isHeldAt(now) && !lease.owner().equals(instanceId)) {
                if (!rejected && !current.isExpiredAt(now)) {
                    // Another host is refreshing; the current token is still good meanwhile.
                    return current;
                }
                if (polls >= maxPolls || !now.isBefore(deadline)) {
                    IomtException timeout = new IomtException("Timed out after " + leaseWaitTimeout.toMillis()
                            + " ms waiting for instance '" + lease.owner() + "' to refresh connection " + connection
                            + "; its lease ends at " + lease.expiresAt() + ", retry after that");
                    notifyRefreshFailed(connection, timeout);
                    return serveStale(connection, current, rejected, timeout, lease.expiresAt());
                }
                pause(leaseWaitStep);
                continue;
            }

            ConnectionRecord leased;
            try {
                leased = store.save(record.withLease(new RefreshLease(instanceId, now.plus(leaseDuration))));
            } catch (VersionConflictException conflict) {
                if (polls >= maxPolls) {
                    throw conflict;
                }
                continue;
            } catch (StoreException storeDown) {
                notifyRefreshFailed(connection, storeDown);
                return serveStale(connection, current, rejected, storeDown, now.plus(leaseWaitStep));
            }
            return refreshUnderLease(leased, current, rejected);
        }
    }

    private ConnectionRecord loadUsable(ConnectionId connection) {
        ConnectionRecord record = store.load(connection).orElseThrow(
                () -> new UnknownConnectionException(connection, "connect the subject first"));
        if (!hasUsableTokens(record)) {
            String reason = record.connection().statusReason();
            throw new ReauthorizationRequiredException(connection, "Connection " + connection + " is "
                    + record.connection().status() + (reason == null ? "" : ": " + reason)
                    + "; ask the user to connect the account again");
        }
        return record;
    }

    private static boolean hasUsableTokens(ConnectionRecord record) {
        return record.connection().status() == ConnectionStatus.ACTIVE && record.tokens() != null;
    }

    private TokenPair refreshUnderLease(ConnectionRecord leased, TokenPair current, boolean rejected) {
        ConnectionId connection = leased.id();
        String refreshToken = current.refreshToken();
        if (refreshToken == null) {
            return markReauthorizationRequired(leased, consentLost("the provider issued no refresh token"));
        }
        TokenPair refreshed;
        try {
            refreshed = endpoint(connection).refresh(connection, refreshToken);
        } catch (AuthorizationException e) {
            if (e.isInvalidGrant()) {
                return onInvalidGrant(leased, current);
            }
            return onRefreshFailed(leased, current, rejected, e);
        } catch (ReauthorizationRequiredException e) {
            // The endpoint decided that no refresh can ever succeed, for example a switched-off provider.
            return markReauthorizationRequired(leased, e.getMessage());
        } catch (RuntimeException e) {
            return onRefreshFailed(leased, current, rejected, e);
        }
        failures.clear(connection);
        saver.save(leased, refreshed);
        cache.put(connection, cached(refreshed));
        LOG.debug("Refreshed connection {}; new token expires at {}", connection, refreshed.expiresAt());
        notifyRefreshed(connection, refreshed.expiresAt());
        return refreshed;
    }

    private TokenPair onRefreshFailed(ConnectionRecord leased, TokenPair current, boolean rejected, RuntimeException e) {
        ConnectionId connection = leased.id();
        releaseLease(leased);
        Instant retryAt = failures.record(connection, e, clock.instant());
        notifyRefreshFailed(connection, e);
        LOG.warn("Refresh of connection {} failed ({}{}); next attempt not before {}", connection,
                e.getClass().getSimpleName(), e instanceof AuthorizationException a ? ", " + a.error().orElse("no error code") : "",
                retryAt);
        return serveStale(connection, current, rejected, e, retryAt);
    }

    /**
     * Applies the stale-token rule: returns {@code current} while it is not expired (and was not
     * rejected), caching it until {@code recheckAt} or its expiry, whichever is first; otherwise
     * throws {@code cause}.
     */
    private TokenPair serveStale(ConnectionId connection, TokenPair current, boolean rejected, RuntimeException cause,
            Instant recheckAt) {
        Instant now = clock.instant();
        if (rejected || current.isExpiredAt(now)) {
            throw cause;
        }
        Instant until = recheckAt.isBefore(current.expiresAt()) ? recheckAt : current.expiresAt();
        cache.put(connection, new CachedToken(current, until));
        return current;
    }

    private TokenPair onInvalidGrant(ConnectionRecord leased, TokenPair current) {
        ConnectionId connection = leased.id();
        // Another host may have refreshed with a rotated refresh token just before us.
        ConnectionRecord reread = store.load(connection).orElse(leased);
        TokenPair stored = reread.tokens();
        if (stored != null && !Objects.equals(stored.refreshToken(), current.refreshToken())) {
            releaseLease(reread);
            failures.clear(connection);
            cache.put(connection, cached(stored));
            return stored;
        }
        return markReauthorizationRequired(reread, consentLost("the provider rejected the refresh token (invalid_grant)"));
    }

    private static String consentLost(String why) {
        return "Consent lost: " + why + "; ask the user to connect the account again";
    }

    private TokenPair markReauthorizationRequired(ConnectionRecord record, String reason) {
        ConnectionId connection = record.id();
        store.update(connection, r -> r.withLease(null).withConnection(
                r.connection().withStatus(ConnectionStatus.REAUTHORIZATION_REQUIRED, reason, clock.instant())));
        cache.invalidate(connection);
        failures.clear(connection);
        saver.forget(connection);
        LOG.debug("Connection {} needs reauthorization: {}", connection, reason);
        for (TokenListener listener : listeners) {
            safely(() -> listener.onReauthorizationRequired(connection, reason));
        }
        throw new ReauthorizationRequiredException(connection, "Connection " + connection + ": " + reason);
    }

    private void releaseLease(ConnectionRecord leased) {
        try {
            store.update(leased.id(), r -> {
                RefreshLease lease = r.lease();
                return lease != null && lease.owner().equals(instanceId) ? r.withLease(null) : r;
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not release the refresh lease of connection {} ({}); it lapses by itself", leased.id(),
                    e.getClass().getSimpleName());
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
        long jitterMillis = maxJitter.isZero() ? 0 : randomBelow(maxJitter.toMillis() + 1);
        Instant refreshAt = tokens.expiresAt().minus(refreshMargin).minusMillis(jitterMillis);
        return new CachedToken(tokens, refreshAt);
    }

    private long randomBelow(long bound) {
        if (random == null) {
            return ThreadLocalRandom.current().nextLong(bound);
        }
        synchronized (random) {
            return random.nextLong(bound);
        }
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
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

    private void notifySaveFailed(ConnectionId connection, Exception cause, boolean inBackground) {
        for (TokenListener listener : listeners) {
            safely(() -> listener.onSaveFailed(connection, cause, inBackground));
        }
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("A token listener threw {}; ignoring it", e.getClass().getName());
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
        private Duration leaseWaitTimeout = Duration.ofSeconds(40);
        private int saveAttempts = 3;
        private Duration saveRetryDelay = Duration.ofMillis(200);
        private Duration maxSaveRetryDelay = Duration.ofSeconds(30);
        private Duration backoffInitial = Duration.ofSeconds(30);
        private Duration backoffMax = Duration.ofMinutes(15);
        private @Nullable RandomGenerator random;
        private Executor executor = ForkJoinPool.commonPool();
        private Sleeper sleeper = Sleeper.SYSTEM;
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
            Objects.requireNonNull(wearable, "wearable");
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

        /**
         * Sets the maximum random time by which a refresh comes earlier than the margin; default 60
         * seconds, 0 for none.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder jitter(Duration jitter) {
            this.maxJitter = nonNegative(jitter, "jitter");
            return this;
        }

        /**
         * Sets the backoff after failed refreshes: the n-th consecutive failure blocks refreshes of
         * the connection for a random time between half and all of {@code initial * 2^(n-1)},
         * capped at {@code max}. Defaults: 30 seconds and 15 minutes. A success resets it.
         *
         * @throws IllegalArgumentException if either is not positive or {@code max < initial}
         */
        public Builder refreshBackoff(Duration initial, Duration max) {
            positive(initial, "initial");
            positive(max, "max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("refreshBackoff max (" + max + ") must not be below initial ("
                        + initial + ")");
            }
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /**
         * Sets the random generator for jitter and backoff, for example a seeded
         * {@link java.util.Random} in tests; it is used under a lock. Default: each thread's
         * {@link ThreadLocalRandom}.
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
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

        /**
         * Sets how long a caller whose token is expired waits for another instance's refresh
         * before the attempt fails; default 40 seconds. The number of checks is also bounded, by
         * this timeout divided by the {@linkplain #leaseWaitStep(Duration) step}, so a clock that
         * does not move cannot keep a caller waiting forever.
         */
        public Builder leaseWaitTimeout(Duration timeout) {
            this.leaseWaitTimeout = positive(timeout, "leaseWaitTimeout");
            return this;
        }

        /**
         * Sets how often a refreshed pair is saved on the calling thread before the save moves to
         * the executor; default 3.
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder saveAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("saveAttempts must be >= 1, got " + attempts);
            }
            this.saveAttempts = attempts;
            return this;
        }

        /**
         * Sets the pause before the second save attempt (default 200 ms) and the longest pause
         * between background attempts (default 30 seconds); pauses double in between.
         */
        public Builder saveRetryDelay(Duration first, Duration max) {
            positive(first, "first");
            positive(max, "max");
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("saveRetryDelay max (" + max + ") must not be below first ("
                        + first + ")");
            }
            this.saveRetryDelay = first;
            this.maxSaveRetryDelay = max;
            return this;
        }

        /**
         * Sets the executor that saves refreshed pairs in the background after the store failed;
         * default {@link ForkJoinPool#commonPool()}. The manager never shuts it down.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Sets how the manager waits between lease checks and save attempts; default {@link Sleeper#SYSTEM}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
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

        /** Adds a listener for token events. */
        public Builder listener(TokenListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the maximum number of cached tokens; default 100,000. When the cache is full, adding
         * a token evicts arbitrary other ones (not the least recently used), whose next lookup
         * reads the token store again.
         */
        public Builder cacheSize(long size) {
            if (size < 1) {
                throw new IllegalArgumentException("cacheSize must be >= 1, got " + size);
            }
            this.cacheSize = size;
            return this;
        }

        /**
         * Builds the manager.
         *
         * @throws IllegalStateException if no token store was set
         */
        public TokenManager build() {
            if (store == null) {
                throw new IllegalStateException("tokenStore is required; call tokenStore(...) on the builder");
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
