package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        volatile boolean rejectGrant;
        volatile Duration delay = Duration.ZERO;

        @Override
        public TokenPair refresh(ConnectionId connection, String refreshToken) {
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
        connect(first, START.plus(Duration.ofMinutes(1)));
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
