package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link TokenStore} shares: compare-and-set saves and deletes, exact
 * round-trips of every field, and paging that visits each record once. A store module tests its
 * implementation by extending this class; the in-memory store runs it in this module.
 */
public abstract class TokenStoreContract {

    /** 2026-12-04T10:00:00.123456789Z: nanoseconds check that instants round-trip exactly. */
    protected static final Instant NOW = Instant.parse("2026-12-04T10:00:00.123456789Z");

    private TokenStore store;

    /** Returns a new, empty store; called before each test. */
    protected abstract TokenStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** Returns the store under test. */
    protected TokenStore store() {
        return store;
    }

    /** Returns a new record with every field set, for subject {@code subject}. */
    protected static ConnectionRecord fullRecord(String subject) {
        ConnectionId id = ConnectionId.of(SubjectId.of(subject), ProviderId.GOOGLE_HEALTH);
        Connection connection = new Connection(id, "health-user-" + subject, Set.of("heart_rate", "sleep"),
                ConnectionStatus.ACTIVE, null, NOW);
        TokenPair tokens = new TokenPair("access-" + subject, "refresh-" + subject, NOW.plusSeconds(3600),
                Set.of("heart_rate"));
        return ConnectionRecord.newConnection(connection, tokens)
                .withWatermark(Metric.HEART_RATE, NOW.minusSeconds(60))
                .withWatermark(Metric.STEPS, NOW.minusSeconds(120))
                .withLease(new RefreshLease("host-a", NOW.plusSeconds(30)));
    }

    @Test
    void loadUnknownIsEmpty() {
        assertThat(store.load(ConnectionId.of(SubjectId.of("nobody"), ProviderId.GOOGLE_HEALTH))).isEmpty();
    }

    @Test
    void saveNewSetsVersionOne() {
        ConnectionRecord saved = store.save(fullRecord("s1"));

        assertThat(saved.version()).isEqualTo(1);
        assertThat(store.load(saved.id())).contains(saved);
    }

    @Test
    void saveRoundTripsEveryField() {
        ConnectionRecord record = fullRecord("s1");

        ConnectionRecord loaded = store.load(store.save(record).id()).orElseThrow();

        assertThat(loaded.connection()).isEqualTo(record.connection());
        assertThat(loaded.tokens()).isEqualTo(record.tokens());
        assertThat(loaded.tokens().accessToken()).isEqualTo("access-s1");
        assertThat(loaded.tokens().refreshToken()).isEqualTo("refresh-s1");
        assertThat(loaded.watermarks()).isEqualTo(record.watermarks());
        assertThat(loaded.lease()).isEqualTo(record.lease());
    }

    @Test
    void saveRoundTripsSparseRecord() {
        ConnectionId id = ConnectionId.of(SubjectId.of("sparse"), ProviderId.FITBIT_LEGACY);
        Connection connection = new Connection(id, null, Set.of(), ConnectionStatus.REAUTHORIZATION_REQUIRED,
                "The provider was switched off; connect again", NOW);
        ConnectionRecord record = new ConnectionRecord(connection, null, Map.of(), null, 0);

        ConnectionRecord loaded = store.load(store.save(record).id()).orElseThrow();

        assertThat(loaded).isEqualTo(record.withVersion(1));
    }

    @Test
    void saveRoundTripsTokensWithoutRefreshToken() {
        ConnectionRecord record = fullRecord("s1").withTokens(new TokenPair("only-access", null, NOW, Set.of()));

        ConnectionRecord loaded = store.load(store.save(record).id()).orElseThrow();

        assertThat(loaded.tokens()).isEqualTo(record.tokens());
    }

    @Test
    void saveWithCurrentVersionIncrements() {
        ConnectionRecord first = store.save(fullRecord("s1"));

        ConnectionRecord second = store.save(first.withWatermark(Metric.HEART_RATE, NOW));

        assertThat(second.version()).isEqualTo(2);
        assertThat(store.load(first.id()).orElseThrow().watermark(Metric.HEART_RATE)).contains(NOW);
    }

    @Test
    void saveStaleVersionConflicts() {
        ConnectionRecord first = store.save(fullRecord("s1"));
        ConnectionRecord second = store.save(first.withLease(null));

        assertThatThrownBy(() -> store.save(first.withTokens(null)))
                .isInstanceOfSatisfying(VersionConflictException.class, conflict -> {
                    assertThat(conflict.connection()).isEqualTo(first.id());
                    assertThat(conflict.expectedVersion()).isEqualTo(1);
                });
        assertThat(store.load(first.id())).contains(second);
    }

    @Test
    void saveNewOverExistingConflicts() {
        ConnectionRecord stored = store.save(fullRecord("s1"));

        assertThatThrownBy(() -> store.save(fullRecord("s1"))).isInstanceOf(VersionConflictException.class);
        assertThat(store.load(stored.id())).contains(stored);
    }

    @Test
    void saveVersionOfMissingRecordConflicts() {
        ConnectionRecord neverStored = fullRecord("s1").withVersion(3);

        assertThatThrownBy(() -> store.save(neverStored)).isInstanceOf(VersionConflictException.class);
        assertThat(store.load(neverStored.id())).isEmpty();
    }

    @Test
    @Timeout(60)
    void concurrentSavesFromOneVersionHaveOneWinner() throws Exception {
        ConnectionRecord base = store.save(fullRecord("s1"));
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger conflicts = new AtomicInteger();
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String owner = "host-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.save(base.withLease(new RefreshLease(owner, NOW.plusSeconds(60))));
                    } catch (VersionConflictException expected) {
                        conflicts.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(conflicts.get()).isEqualTo(writers - 1);
        assertThat(store.load(base.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void updateAppliesChange() {
        ConnectionRecord stored = store.save(fullRecord("s1"));

        ConnectionRecord updated = store.update(stored.id(), record -> record.withWatermark(Metric.SLEEP_STAGE, NOW));

        assertThat(updated.version()).isEqualTo(2);
        assertThat(store.load(stored.id()).orElseThrow().watermark(Metric.SLEEP_STAGE)).contains(NOW);
    }

    @Test
    void deleteWithCurrentVersion() {
        ConnectionRecord stored = store.save(fullRecord("s1"));

        assertThat(store.delete(stored.id(), 1)).isTrue();
        assertThat(store.load(stored.id())).isEmpty();
    }

    @Test
    void deleteStaleVersionConflicts() {
        ConnectionRecord stored = store.save(store.save(fullRecord("s1")).withLease(null));

        assertThatThrownBy(() -> store.delete(stored.id(), 1)).isInstanceOf(VersionConflictException.class);
        assertThat(store.load(stored.id())).contains(stored);
    }

    @Test
    void deleteUnknownReturnsFalse() {
        assertThat(store.delete(ConnectionId.of(SubjectId.of("nobody"), ProviderId.GOOGLE_HEALTH), 1)).isFalse();
    }

    @Test
    void saveAfterDeleteStartsAgain() {
        ConnectionRecord stored = store.save(fullRecord("s1"));
        store.delete(stored.id(), stored.version());

        assertThat(store.save(fullRecord("s1")).version()).isEqualTo(1);
    }

    @Test
    void listEmptyStore() {
        ConnectionPage page = store.list(null, 10);

        assertThat(page.records()).isEmpty();
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void listPagesVisitEveryRecordOnce() {
        Set<ConnectionId> saved = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            saved.add(store.save(fullRecord("subject-" + i)).id());
        }

        List<ConnectionId> visited = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ConnectionPage page = store.list(token, 5);
            assertThat(page.records()).hasSizeLessThanOrEqualTo(5);
            page.records().forEach(record -> visited.add(record.id()));
            token = page.nextPageToken();
            pages++;
        } while (token != null && pages < 100);

        assertThat(visited).doesNotHaveDuplicates();
        assertThat(new HashSet<>(visited)).isEqualTo(saved);
        assertThat(pages).isBetween(5, 6);
    }

    @Test
    void listReturnsFullRecords() {
        ConnectionRecord stored = store.save(fullRecord("s1"));

        assertThat(store.list(null, 1000).records()).containsExactly(stored);
    }

    @Test
    void listRejectsLimitOutsideRange() {
        assertThatThrownBy(() -> store.list(null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list(null, 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordToStringHidesTokens() {
        ConnectionRecord loaded = store.load(store.save(fullRecord("s1")).id()).orElseThrow();

        assertThat(loaded.toString()).doesNotContain("access-s1").doesNotContain("refresh-s1");
    }
}
