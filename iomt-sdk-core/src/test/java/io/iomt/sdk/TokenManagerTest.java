package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TokenManagerTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private static final ConnectionId ID = ConnectionId.of(SubjectId.of("patient-1"), ProviderId.GOOGLE_HEALTH);

    private final TestClock clock = new TestClock(START);
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final CountingEndpoint endpoint = new CountingEndpoint();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** A token endpoint that issues numbered tokens valid for one hour and counts refreshes. */
    private final class CountingEndpoint implements TokenEndpoint {
        final AtomicInteger refreshes = new AtomicInteger();
        final List<String> revoked = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean rejectGrant;
        volatile boolean unavailable;
        volatile Duration delay = Duration.ZERO;

        @Override
        public TokenPair refresh(ConnectionId connection, String refreshToken) {
            attempts.incrementAndGet();
            if (unavailable) {
                throw new AuthorizationException("Token endpoint answered HTTP 503; retry later", null, 503, true, null);
            }
            if (rejectGrant) {
                throw new AuthorizationException("Token endpoint rejected the refresh", "invalid_grant", 400, false, null);
            }
            sleep(delay);
            int n = refreshes.incrementAndGet();
            return new TokenPair("access-" + n, refreshToken, clock.instant().plus(Duration.ofHours(1)), Set.of("s"));
        }

        @Override
        public void revoke(String token) {
            revoked.add(token);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TokenManager manager(String instance) {
        return TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint).clock(clock)
                .jitter(Duration.ZERO).leaseWaitStep(Duration.ofMillis(5)).instanceId(instance).build();
    }

    private void connect(TokenManager manager, Instant expiry) {
        manager.connect(Connection.active(ID, "user-1", Set.of("s"), START),
                new TokenPair("access-0", "refresh-0", expiry, Set.of("s")));
    }

    @Test
    void validTokenIsServedWithoutRefresh() {
        TokenManager manager = manager("a");
        connect(manager, START.plus(Duration.ofHours(1)));

        assertThat(manager.accessToken(ID)).isEqualTo("access-0");
        assertThat(endpoint.refreshes).hasValue(0);
    }

    @Test
    void fullCacheReadsEvictedTokenFromStore() {
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).cacheSize(1).build();
        ConnectionId other = ConnectionId.of(SubjectId.of("patient-2"), ProviderId.GOOGLE_HEALTH);
        Instant expiry = START.plus(Duration.ofHours(1));
        connect(manager, expiry);
        manager.connect(Connection.active(other, "user-2", Set.of("s"), START),
                new TokenPair("other-0", "other-refresh-0", expiry, Set.of("s")));

        // Changed behind the manager's back: only a store read can return the new token.
        store.update(ID, r -> r.withTokens(new TokenPair("access-stored", "refresh-0", expiry, Set.of("s"))));
        store.update(other, r -> r.withTokens(new TokenPair("other-stored", "other-refresh-0", expiry, Set.of("s"))));

        assertThat(manager.accessToken(other)).as("the newest entry stays cached").isEqualTo("other-0");
        assertThat(manager.accessToken(ID)).as("the evicted entry is read again").isEqualTo("access-stored");
        assertThat(endpoint.refreshes).hasValue(0);
    }

    @Test
    void tokenInsideMarginIsRefreshedAndSaved() {
        TokenManager manager = manager("a");
        connect(manager, START.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(54));
        assertThat(manager.accessToken(ID)).isEqualTo("access-0");

        clock.advance(Duration.ofMinutes(2));
        assertThat(manager.accessToken(ID)).isEqualTo("access-1");
        assertThat(store.load(ID).orElseThrow().tokens().accessToken()).isEqualTo("access-1");
        assertThat(store.load(ID).orElseThrow().lease()).isNull();
    }

    @Test
    void rejectedTokenIsReplacedOnce() {
        TokenManager manager = manager("a");
        connect(manager, START.plus(Duration.ofHours(1)));

        assertThat(manager.renewAfterRejection(ID, "access-0")).isEqualTo("access-1");
        assertThat(manager.renewAfterRejection(ID, "access-0")).isEqualTo("access-1");
        assertThat(endpoint.refreshes).hasValue(1);
    }

    @Test
    @Timeout(20)
    void concurrentCallersShareOneRefresh() throws Exception {
        TokenManager manager = manager("a");
        connect(manager, START.plus(Duration.ofMinutes(1)));
        endpoint.delay = Duration.ofMillis(50);

        List<Future<String>> results = runConcurrently(16, () -> manager.accessToken(ID));

        for (Future<String> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("access-1");
        }
        assertThat(endpoint.refreshes).hasValue(1);
    }

    @Test
    @Timeout(20)
    void twoInstancesOnOneStoreRefreshOnce() throws Exception {
        TokenManager first = manager("host-a");
        TokenManager second = manager("host-b");
        // Expired, so host-b cannot serve the current token while host-a refreshes.
        connect(first, START);
        endpoint.delay = Duration.ofMillis(100);

        List<Future<String>> results = new ArrayList<>();
        results.addAll(runConcurrently(4, () -> first.accessToken(ID)));
        results.addAll(runConcurrently(4, () -> second.accessToken(ID)));

        for (Future<String> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("access-1");
        }
        assertThat(endpoint.refreshes).hasValue(1);
    }

    @Test
    void invalidGrantMarksReauthorizationRequired() {
        List<String> events = new ArrayList<>();
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO)
                .listener(new TokenListener() {
                    @Override
                    public void onReauthorizationRequired(ConnectionId connection, String reason) {
                        events.add(connection.key());
                    }
                })
                .build();
        connect(manager, START.plus(Duration.ofMinutes(1)));
        endpoint.rejectGrant = true;

        assertThatThrownBy(() -> manager.accessToken(ID))
                .isInstanceOf(ReauthorizationRequiredException.class)
                .hasMessageNotContaining("refresh-0");
        assertThat(store.load(ID).orElseThrow().connection().status())
                .isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(events).containsExactly(ID.key());
    }

    @Test
    void invalidGrantUsesPairStoredByAnotherHost() {
        TokenManager manager = manager("a");
        connect(manager, START.plus(Duration.ofMinutes(1)));
        TokenEndpoint racing = new TokenEndpoint() {
            @Override
            public TokenPair refresh(ConnectionId connection, String refreshToken) {
                // Another host rotated the refresh token just before this call.
                store.update(ID, r -> r.withTokens(new TokenPair("access-other", "refresh-other",
                        clock.instant().plus(Duration.ofHours(1)), Set.of("s"))));
                throw new AuthorizationException("Token endpoint rejected the refresh", "invalid_grant", 400, false, null);
            }

            @Override
            public void revoke(String token) {
            }
        };
        TokenManager raced = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, racing)
                .clock(clock).jitter(Duration.ZERO).build();

        assertThat(raced.accessToken(ID)).isEqualTo("access-other");
        assertThat(store.load(ID).orElseThrow().connection().status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void endpointReauthorizationMarksOnce() {
        AtomicInteger calls = new AtomicInteger();
        TokenEndpoint switchedOff = new TokenEndpoint() {
            @Override
            public TokenPair refresh(ConnectionId connection, String refreshToken) {
                calls.incrementAndGet();
                throw new ReauthorizationRequiredException(connection, "Provider switched off; ask the user to consent "
                        + "through its successor");
            }

            @Override
            public void revoke(String token) {
            }
        };
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, switchedOff)
                .clock(clock).jitter(Duration.ZERO).build();
        connect(manager, START);

        assertThatThrownBy(() -> manager.accessToken(ID))
                .isInstanceOf(ReauthorizationRequiredException.class)
                .hasMessageContaining("successor");
        assertThat(store.load(ID).orElseThrow().connection().status())
                .isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(store.load(ID).orElseThrow().connection().statusReason()).contains("switched off");
        assertThat(store.load(ID).orElseThrow().lease()).isNull();

        assertThatThrownBy(() -> manager.accessToken(ID)).isInstanceOf(ReauthorizationRequiredException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void disconnectRevokesAndDeletesTokens() {
        TokenManager manager = manager("a");
        connect(manager, START.plus(Duration.ofHours(1)));

        ConnectionRecord record = manager.disconnect(ID);

        assertThat(endpoint.revoked).containsExactly("refresh-0", "access-0");
        assertThat(record.tokens()).isNull();
        assertThat(record.connection().status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThatThrownBy(() -> manager.accessToken(ID)).isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void unknownConnectionIsRejected() {
        TokenManager manager = manager("a");

        assertThatThrownBy(() -> manager.accessToken(ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown connection");
    }

    @Test
    void tokenPairToStringHidesTokens() {
        TokenPair pair = new TokenPair("secret-access", "secret-refresh", START, Set.of());

        assertThat(pair.toString()).doesNotContain("secret-access").doesNotContain("secret-refresh");
    }

    // ---- margin and jitter ----

    /** A few seeds of the shared property seeds; replay one with -Dprops.seed. */
    static java.util.stream.LongStream seeds() {
        return PropertySeeds.seeds().limit(8);
    }

    @Test
    void refreshWaitsForMarginWithoutJitter() {
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).refreshMargin(Duration.ofMinutes(10)).jitter(Duration.ZERO).build();
        connect(manager, START.plus(Duration.ofHours(1)));

        clock.set(START.plus(Duration.ofMinutes(50)).minusMillis(1));
        assertThat(manager.accessToken(ID)).isEqualTo("access-0");
        assertThat(endpoint.refreshes).hasValue(0);

        clock.set(START.plus(Duration.ofMinutes(50)));
        assertThat(manager.accessToken(ID)).isEqualTo("access-1");
        assertThat(endpoint.refreshes).hasValue(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void jitterRefreshesWithinWindowAndSpreads(long seed) {
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).refreshMargin(Duration.ofMinutes(5)).jitter(Duration.ofSeconds(60))
                .random(new Random(seed)).build();
        Instant expiry = START.plus(Duration.ofHours(1));
        List<ConnectionId> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ConnectionId id = ConnectionId.of(SubjectId.of("patient-" + i), ProviderId.GOOGLE_HEALTH);
            manager.connect(Connection.active(id, "user-" + i, Set.of("s"), START),
                    new TokenPair("access-0", "refresh-" + i, expiry, Set.of("s")));
            ids.add(id);
        }

        Instant windowStart = expiry.minus(Duration.ofMinutes(6));
        Instant windowEnd = expiry.minus(Duration.ofMinutes(5));
        java.util.Map<ConnectionId, Instant> refreshedAt = new java.util.HashMap<>();
        for (Instant t = windowStart.minusSeconds(5); !t.isAfter(windowEnd); t = t.plusSeconds(1)) {
            clock.set(t);
            for (ConnectionId id : ids) {
                if (!manager.accessToken(id).equals("access-0")) {
                    refreshedAt.putIfAbsent(id, t);
                }
            }
        }

        assertThat(refreshedAt).as("seed %d", seed).hasSize(ids.size());
        assertThat(refreshedAt.values()).as("seed %d", seed)
                .allSatisfy(t -> assertThat(t).isBetween(windowStart, windowEnd));
        assertThat(new java.util.HashSet<>(refreshedAt.values())).as("distinct refresh times, seed %d", seed)
                .hasSizeGreaterThan(5);
    }

    // ---- backoff and the stale-token rule ----

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void backoffBlocksProviderAfterFailure(long seed) {
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).refreshBackoff(Duration.ofSeconds(40), Duration.ofMinutes(10))
                .random(new Random(seed)).build();
        connect(manager, START.plus(Duration.ofHours(1)));
        endpoint.unavailable = true;
        clock.set(START.plus(Duration.ofMinutes(55)));

        assertThat(manager.accessToken(ID)).as("stale token served").isEqualTo("access-0");
        assertThat(endpoint.attempts).hasValue(1);

        clock.advance(Duration.ofSeconds(19));
        assertThat(manager.accessToken(ID)).isEqualTo("access-0");
        assertThat(endpoint.attempts).as("no call inside the first half of the backoff").hasValue(1);

        clock.advance(Duration.ofSeconds(21));
        assertThat(manager.accessToken(ID)).isEqualTo("access-0");
        assertThat(endpoint.attempts).as("called again once the backoff ceiling passed, seed %d", seed).hasValue(2);

        clock.advance(Duration.ofSeconds(39));
        assertThat(manager.accessToken(ID)).isEqualTo("access-0");
        assertThat(endpoint.attempts).as("second backoff is at least 40 s, seed %d", seed).hasValue(2);

        endpoint.unavailable = false;
        clock.advance(Duration.ofSeconds(42));
        assertThat(manager.accessToken(ID)).isEqualTo("access-1");
        assertThat(endpoint.attempts).hasValue(3);
    }

    @Test
    void backoffResetsAfterSuccess() {
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).refreshBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10))
                .build();
        connect(manager, START.plus(Duration.ofHours(1)));
        endpoint.unavailable = true;
        clock.set(START.plus(Duration.ofMinutes(56)));
        manager.accessToken(ID);
        endpoint.unavailable = false;
        clock.advance(Duration.ofSeconds(11));

        assertThat(manager.accessToken(ID)).isEqualTo("access-1");

        endpoint.unavailable = true;
        clock.advance(Duration.ofMinutes(56));
        assertThat(manager.accessToken(ID)).isEqualTo("access-1");
        assertThat(endpoint.attempts).as("a new failure after a success is attempted at once").hasValue(3);
    }

    @Test
    void staleTokenServedUntilExpiryThenFails() {
        List<String> failures = new ArrayList<>();
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).refreshBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
                .listener(new TokenListener() {
                    @Override
                    public void onRefreshFailed(ConnectionId connection, Exception cause) {
                        failures.add(connection.key());
                    }
                })
                .build();
        connect(manager, START.plus(Duration.ofHours(1)));
        endpoint.unavailable = true;

        clock.set(START.plus(Duration.ofMinutes(59)).plusSeconds(59));
        assertThat(manager.accessToken(ID)).isEqualTo("access-0");

        clock.set(START.plus(Duration.ofHours(1)));
        assertThatThrownBy(() -> manager.accessToken(ID))
                .isInstanceOf(AuthorizationException.class)
                .hasMessageNotContaining("refresh-0")
                .hasMessageNotContaining("access-0");
        assertThat(failures).containsOnly(ID.key());
        assertThat(store.load(ID).orElseThrow().connection().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(store.load(ID).orElseThrow().lease()).as("lease released after the failure").isNull();
    }

    @Test
    void rejectedTokenIsNeverServedStale() {
        TokenManager manager = manager("a");
        connect(manager, START.plus(Duration.ofHours(1)));
        endpoint.unavailable = true;

        assertThatThrownBy(() -> manager.renewAfterRejection(ID, "access-0"))
                .isInstanceOf(AuthorizationException.class);
    }

    // ---- waiting for another host's lease ----

    @Test
    void currentTokenServedWhileOtherHostRefreshes() {
        TokenManager manager = manager("host-b");
        connect(manager, START.plus(Duration.ofMinutes(2)));
        store.update(ID, r -> r.withLease(new RefreshLease("host-a", START.plus(Duration.ofSeconds(30)))));
        manager.invalidate(ID);

        assertThat(manager.accessToken(ID)).isEqualTo("access-0");
        assertThat(endpoint.refreshes).hasValue(0);
    }

    @Test
    void expiredTokenWaitsForOtherHostsPair() {
        AtomicInteger sleeps = new AtomicInteger();
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).instanceId("host-b").leaseWaitStep(Duration.ofMillis(100))
                .sleeper(duration -> {
                    clock.advance(duration);
                    if (sleeps.incrementAndGet() == 3) {
                        // host-a finishes its refresh.
                        store.update(ID, r -> r.withLease(null).withTokens(new TokenPair("access-a", "refresh-0",
                                clock.instant().plus(Duration.ofHours(1)), Set.of("s"))));
                    }
                })
                .build();
        connect(manager, START);
        store.update(ID, r -> r.withLease(new RefreshLease("host-a", START.plus(Duration.ofSeconds(30)))));
        manager.invalidate(ID);

        assertThat(manager.accessToken(ID)).isEqualTo("access-a");
        assertThat(sleeps).hasValue(3);
        assertThat(endpoint.refreshes).hasValue(0);
    }

    @Test
    void leaseWaitIsBoundedWithFrozenClock() {
        AtomicInteger sleeps = new AtomicInteger();
        TokenManager manager = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).instanceId("host-b").leaseWaitStep(Duration.ofMillis(100))
                .leaseWaitTimeout(Duration.ofSeconds(1)).sleeper(duration -> sleeps.incrementAndGet()).build();
        connect(manager, START);
        store.update(ID, r -> r.withLease(new RefreshLease("host-a", START.plus(Duration.ofSeconds(30)))));
        manager.invalidate(ID);

        assertThatThrownBy(() -> manager.accessToken(ID))
                .isInstanceOf(IomtException.class)
                .hasMessageContaining("host-a")
                .hasMessageContaining("Timed out");
        assertThat(sleeps).hasValue(11);
        assertThat(endpoint.refreshes).hasValue(0);
    }

    @Test
    void lapsedLeaseIsTakenOver() {
        TokenManager manager = manager("host-b");
        connect(manager, START);
        store.update(ID, r -> r.withLease(new RefreshLease("host-a", START.minusSeconds(1))));
        manager.invalidate(ID);

        assertThat(manager.accessToken(ID)).isEqualTo("access-1");
        assertThat(store.load(ID).orElseThrow().lease()).isNull();
    }

    // ---- saving the new pair ----

    @Test
    void failedSaveKeepsPairAndRetriesInBackground() {
        FlakyStore flaky = new FlakyStore(store);
        ManualExecutor background = new ManualExecutor();
        List<Boolean> saveFailures = new ArrayList<>();
        TokenManager manager = TokenManager.builder().tokenStore(flaky).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).executor(background).sleeper(duration -> { })
                .listener(new TokenListener() {
                    @Override
                    public void onSaveFailed(ConnectionId connection, Exception cause, boolean inBackground) {
                        saveFailures.add(inBackground);
                    }
                })
                .build();
        connect(manager, START);
        flaky.failTokenWrites = true;

        assertThat(manager.accessToken(ID)).isEqualTo("access-1");
        assertThat(store.load(ID).orElseThrow().tokens().accessToken()).isEqualTo("access-0");
        assertThat(manager.pendingSaveCount()).isEqualTo(1);
        assertThat(saveFailures).containsExactly(false, false, true);
        assertThat(background.tasks).hasSize(1);

        manager.invalidate(ID);
        assertThat(manager.accessToken(ID)).as("unsaved pair still served").isEqualTo("access-1");
        assertThat(endpoint.refreshes).hasValue(1);

        flaky.failTokenWrites = false;
        background.runAll();

        assertThat(store.load(ID).orElseThrow().tokens().accessToken()).isEqualTo("access-1");
        assertThat(store.load(ID).orElseThrow().lease()).isNull();
        assertThat(manager.pendingSaveCount()).isZero();
    }

    @Test
    void rotatedPairSurvivesFailedSaveAndRestart() {
        RotatingEndpoint rotating = new RotatingEndpoint();
        FlakyStore flaky = new FlakyStore(store);
        ManualExecutor background = new ManualExecutor();
        TokenManager first = TokenManager.builder().tokenStore(flaky).endpoint(ProviderId.GOOGLE_HEALTH, rotating)
                .clock(clock).jitter(Duration.ZERO).executor(background).sleeper(duration -> { })
                .instanceId("before-crash").build();
        first.connect(Connection.active(ID, "user-1", Set.of("s"), START),
                new TokenPair("access-0", rotating.issue(), START, Set.of("s")));
        flaky.failTokenWrites = true;

        String served = first.accessToken(ID);

        // The next refresh, still before the store recovers, uses the rotated refresh token from memory.
        clock.advance(Duration.ofHours(1));
        String servedAgain = first.accessToken(ID);
        assertThat(servedAgain).isNotEqualTo(served);
        assertThat(rotating.invalidGrants).hasValue(0);

        flaky.failTokenWrites = false;
        background.runAll();

        clock.advance(Duration.ofHours(1));
        TokenManager restarted = TokenManager.builder().tokenStore(store).endpoint(ProviderId.GOOGLE_HEALTH, rotating)
                .clock(clock).jitter(Duration.ZERO).instanceId("after-restart").build();
        assertThat(restarted.accessToken(ID)).isNotEqualTo(servedAgain);
        assertThat(rotating.invalidGrants).hasValue(0);
        assertThat(store.load(ID).orElseThrow().connection().status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void unsavedPairDroppedWhenStoreHasNewer() {
        FlakyStore flaky = new FlakyStore(store);
        ManualExecutor background = new ManualExecutor();
        TokenManager manager = TokenManager.builder().tokenStore(flaky).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).executor(background).sleeper(duration -> { }).build();
        connect(manager, START);
        flaky.failTokenWrites = true;
        manager.accessToken(ID);
        flaky.failTokenWrites = false;

        store.update(ID, r -> r.withTokens(new TokenPair("access-other", "refresh-other",
                START.plus(Duration.ofHours(1)), Set.of("s"))));
        background.runAll();

        assertThat(store.load(ID).orElseThrow().tokens().accessToken()).isEqualTo("access-other");
        assertThat(manager.pendingSaveCount()).isZero();
    }

    @Test
    void disconnectDuringPendingSaveRevokesUnsavedPair() {
        FlakyStore flaky = new FlakyStore(store);
        ManualExecutor background = new ManualExecutor();
        TokenManager manager = TokenManager.builder().tokenStore(flaky).endpoint(ProviderId.GOOGLE_HEALTH, endpoint)
                .clock(clock).jitter(Duration.ZERO).executor(background).sleeper(duration -> { }).build();
        connect(manager, START);
        flaky.failTokenWrites = true;
        manager.accessToken(ID);
        flaky.failTokenWrites = false;

        manager.disconnect(ID);
        background.runAll();

        assertThat(endpoint.revoked).containsExactly("refresh-0", "access-1");
        assertThat(store.load(ID).orElseThrow().tokens()).isNull();
        assertThat(store.load(ID).orElseThrow().connection().status()).isEqualTo(ConnectionStatus.REVOKED);
    }

    @Test
    void builderRejectsInvalidSettings() {
        assertThatThrownBy(() -> TokenManager.builder().refreshMargin(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshMargin");
        assertThatThrownBy(() -> TokenManager.builder().refreshBackoff(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> TokenManager.builder().saveAttempts(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("saveAttempts");
        assertThatThrownBy(() -> TokenManager.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tokenStore");
    }

    /** A token store whose writes of new tokens fail while {@link #failTokenWrites} is set; lease writes pass. */
    private static final class FlakyStore implements TokenStore {
        private final TokenStore delegate;
        volatile boolean failTokenWrites;

        FlakyStore(TokenStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public java.util.Optional<ConnectionRecord> load(ConnectionId id) {
            return delegate.load(id);
        }

        @Override
        public ConnectionRecord save(ConnectionRecord record) {
            TokenPair stored = delegate.load(record.id()).map(ConnectionRecord::tokens).orElse(null);
            boolean tokenWrite = stored != null && record.tokens() != null
                    && !stored.accessToken().equals(record.tokens().accessToken());
            if (failTokenWrites && tokenWrite) {
                throw new StoreException("Simulated store outage", true, null);
            }
            return delegate.save(record);
        }

        @Override
        public boolean delete(ConnectionId id, long expectedVersion) {
            return delegate.delete(id, expectedVersion);
        }

        @Override
        public ConnectionPage list(@org.jspecify.annotations.Nullable String pageToken, int limit) {
            return delegate.list(pageToken, limit);
        }
    }

    /** An executor that queues tasks until the test runs them. */
    private static final class ManualExecutor implements java.util.concurrent.Executor {
        final List<Runnable> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            List<Runnable> queued = new ArrayList<>(tasks);
            tasks.clear();
            queued.forEach(Runnable::run);
        }
    }

    /** A token endpoint whose refresh tokens work once, like legacy Fitbit's. */
    private final class RotatingEndpoint implements TokenEndpoint {
        final java.util.Set<String> valid = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicInteger invalidGrants = new AtomicInteger();
        final AtomicInteger issued = new AtomicInteger();

        String issue() {
            String token = "rotating-" + issued.incrementAndGet();
            valid.add(token);
            return token;
        }

        @Override
        public TokenPair refresh(ConnectionId connection, String refreshToken) {
            if (!valid.remove(refreshToken)) {
                invalidGrants.incrementAndGet();
                throw new AuthorizationException("Token endpoint rejected the refresh", "invalid_grant", 400, false, null);
            }
            String next = issue();
            return new TokenPair("access-" + next, next, clock.instant().plus(Duration.ofHours(1)), Set.of("s"));
        }

        @Override
        public void revoke(String token) {
        }
    }

    private <T> List<Future<T>> runConcurrently(int threads, java.util.concurrent.Callable<T> call) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        return futures;
    }
}
