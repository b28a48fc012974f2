package io.iomt.sdk;

import static io.iomt.sdk.SyncFakes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.SyncFakes.FakeTokenEndpoint;
import io.iomt.sdk.SyncFakes.FakeWearable;
import io.iomt.sdk.SyncFakes.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every incremental sync case again with chunks stored on a store executor, and the order in which
 * a sync with a store executor fetches and stores.
 */
@Timeout(60)
class IncrementalSyncStoreBehindTest extends IncrementalSyncTest {

    private static final ExecutorService STORES = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stopStores() throws InterruptedException {
        STORES.shutdownNow();
        assertThat(STORES.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    MonitoringPipeline.Builder pipelineBuilder() {
        return super.pipelineBuilder().storeExecutor(STORES);
    }

    @Test
    void storeOverlapsNextFetch() {
        List<Runnable> held = new ArrayList<>();
        Fixture fixture = new Fixture(held::add);

        SyncReport report = fixture.pipeline.syncIncremental(Fixture.CONNECTION);

        assertThat(report.failures()).isEmpty();
        assertThat(report.results()).allSatisfy(result -> assertThat(result.chunks()).isEqualTo(3));
        // A chunk's store waits until the next chunk of its metric is fetched, and the last one
        // until the sync ends. The sync thread then runs it, because the executor runs nothing.
        assertThat(fixture.log).containsExactly(
                "fetch heart-rate", "fetch heart-rate", "store heart-rate", "fetch heart-rate", "store heart-rate",
                "fetch steps", "fetch steps", "store steps", "fetch steps", "store steps",
                "store heart-rate", "store steps");
        assertThat(held).hasSize(6);
        held.forEach(Runnable::run);
        assertThat(fixture.log).hasSize(12);
        assertThat(fixture.tokens.load(Fixture.CONNECTION).orElseThrow().watermark(Metric.STEPS)).contains(T0);
    }

    @Test
    void rejectedStoreRunsOnSyncThread() {
        Fixture fixture = new Fixture(task -> {
            throw new RejectedExecutionException("full");
        });

        SyncReport report = fixture.pipeline.syncIncremental(Fixture.CONNECTION);

        assertThat(report.failures()).isEmpty();
        assertThat(fixture.log).containsExactly(
                "fetch heart-rate", "store heart-rate", "fetch heart-rate", "store heart-rate", "fetch heart-rate",
                "store heart-rate", "fetch steps", "store steps", "fetch steps", "store steps", "fetch steps",
                "store steps");
    }

    @Test
    void parseOverlapsNextFetch() {
        List<Runnable> held = new ArrayList<>();
        Fixture fixture = new Fixture(held::add);
        fixture.wearable.deferral = (request, series) -> () -> {
            fixture.log.add("parse " + series.metric().id());
            return series;
        };

        SyncReport report = fixture.pipeline.syncIncremental(Fixture.CONNECTION);

        assertThat(report.failures()).isEmpty();
        // The sync thread only receives. Each chunk is parsed right before its store.
        assertThat(fixture.log).containsExactly(
                "fetch heart-rate", "fetch heart-rate", "parse heart-rate", "store heart-rate", "fetch heart-rate",
                "parse heart-rate", "store heart-rate", "fetch steps", "fetch steps", "parse steps", "store steps",
                "fetch steps", "parse steps", "store steps", "parse heart-rate", "store heart-rate", "parse steps",
                "store steps");
        assertThat(report.results()).allSatisfy(result -> assertThat(result.fetched()).isEqualTo(3 * 24 * 60));
    }

    @Test
    void withoutExecutorFetchesAndParses() {
        Fixture fixture = new Fixture(null);
        fixture.wearable.deferral = (request, series) -> {
            throw new AssertionError("receive was called without a store executor");
        };

        SyncReport report = fixture.pipeline.syncIncremental(Fixture.CONNECTION);

        assertThat(report.failures()).isEmpty();
        assertThat(report.results()).allSatisfy(result -> assertThat(result.chunks()).isEqualTo(3));
    }

    @Test
    void unreadableChunkStopsMetric() {
        List<Runnable> held = new ArrayList<>();
        Fixture fixture = new Fixture(held::add);
        ProviderException unreadable = new ProviderException("unreadable page", 0, null, null, "GET /heart-rate", false,
                null, null);
        TimeRange secondDay = TimeRange.of(T0.minus(Duration.ofDays(2)), T0.minus(Duration.ofDays(1)));
        fixture.wearable.deferral = (request, series) -> request.metric() == Metric.HEART_RATE
                && request.range().equals(secondDay) ? () -> {
                    throw unreadable;
                } : ReceivedSeries.parsed(series);

        SyncReport report = fixture.pipeline.syncIncremental(Fixture.CONNECTION);

        MetricSyncResult heartRate = report.results().stream().filter(r -> r.metric() == Metric.HEART_RATE).findFirst()
                .orElseThrow();
        assertThat(heartRate.failure()).isSameAs(unreadable);
        assertThat(heartRate.chunks()).isEqualTo(1);
        assertThat(heartRate.fetched()).isEqualTo(24 * 60);
        assertThat(heartRate.remaining()).isEqualTo(TimeRange.of(secondDay.start(), T0));
        assertThat(fixture.log.stream().filter("store heart-rate"::equals)).hasSize(1);
        ConnectionRecord record = fixture.tokens.load(Fixture.CONNECTION).orElseThrow();
        assertThat(record.watermark(Metric.HEART_RATE)).contains(secondDay.start());
        assertThat(record.watermark(Metric.STEPS)).contains(T0);
    }

    @Test
    void deniedAccessOutranksUnreadableChunk() {
        List<Runnable> held = new ArrayList<>();
        Fixture fixture = new Fixture(held::add);
        ProviderException unreadable = new ProviderException("unreadable page", 0, null, null, "GET /heart-rate", false,
                null, null);
        TimeRange secondDay = TimeRange.of(T0.minus(Duration.ofDays(2)), T0.minus(Duration.ofDays(1)));
        TimeRange thirdDay = TimeRange.of(secondDay.end(), T0);
        fixture.wearable.deferral = (request, series) -> request.range().equals(secondDay) ? () -> {
            throw unreadable;
        } : ReceivedSeries.parsed(series);
        ReauthorizationRequiredException denied = new ReauthorizationRequiredException(Fixture.CONNECTION, "denied");
        // The third day's request is denied while the second day's unreadable chunk waits for its parse.
        fixture.wearable.failWhen = request -> {
            fixture.log.add("fetch " + request.metric().id());
            return request.range().equals(thirdDay) ? denied : null;
        };

        SyncReport report = fixture.pipeline.syncIncremental(Fixture.CONNECTION);

        assertThat(report.isReauthorizationRequired()).isTrue();
        ConnectionRecord record = fixture.tokens.load(Fixture.CONNECTION).orElseThrow();
        assertThat(record.connection().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        MetricSyncResult heartRate = report.results().stream().filter(r -> r.metric() == Metric.HEART_RATE)
                .findFirst().orElseThrow();
        assertThat(heartRate.failure()).isSameAs(denied);
        assertThat(denied.getSuppressed()).containsExactly(unreadable);
        assertThat(heartRate.chunks()).isEqualTo(1);
        assertThat(heartRate.remaining()).isEqualTo(TimeRange.of(secondDay.start(), T0));
        assertThat(record.watermark(Metric.HEART_RATE)).contains(secondDay.start());
        assertThat(fixture.log).doesNotContain("fetch steps");
    }

    @Test
    void concurrentStoresSaveWatermarksInTurn() {
        // A 3-day backfill stopped after one chunk per metric: neither chunk is its metric's last,
        // so each store saves its own watermark. Both write at once, then both save.
        CyclicBarrier writes = new CyclicBarrier(2);
        SlowSavingTokenStore tokens = new SlowSavingTokenStore();
        Fixture fixture = new Fixture(STORES, tokens, Duration.ofDays(3), 1, () -> await(writes));
        tokens.log.clear();

        SyncReport report = fixture.pipeline.syncIncremental(Fixture.CONNECTION);

        assertThat(report.failures()).isEmpty();
        assertThat(report.results()).allSatisfy(result -> assertThat(result.chunks()).isEqualTo(1));
        assertThat(tokens.conflicts).as("version conflicts of watermark saves").hasValue(0);
        // The sync's own load, then one load and save per metric.
        assertThat(tokens.log).as("loads and saves of the record").containsExactly("load", "load", "save", "load", "save");
        ConnectionRecord record = tokens.load(Fixture.CONNECTION).orElseThrow();
        assertThat(record.watermark(Metric.HEART_RATE)).contains(T0.minus(Duration.ofDays(2)));
        assertThat(record.watermark(Metric.STEPS)).contains(T0.minus(Duration.ofDays(2)));
    }

    @Test
    void lastChunksShareOneSave() {
        for (ExecutorService stores : java.util.Arrays.asList(STORES, null)) {
            SlowSavingTokenStore tokens = new SlowSavingTokenStore();
            Fixture fixture = new Fixture(stores, tokens, Duration.ofDays(1), 7, () -> { });
            tokens.log.clear();

            SyncReport report = fixture.pipeline.syncIncremental(Fixture.CONNECTION);

            String mode = stores == null ? "without store executor" : "with store executor";
            assertThat(report.failures()).as(mode).isEmpty();
            assertThat(report.results()).as(mode).allSatisfy(result -> {
                assertThat(result.chunks()).isEqualTo(1);
                assertThat(result.watermark()).isEqualTo(T0);
            });
            // The sync's own load, then one load and one save for both metrics.
            assertThat(tokens.log).as("loads and saves of the record %s", mode).containsExactly("load", "load", "save");
            ConnectionRecord record = tokens.load(Fixture.CONNECTION).orElseThrow();
            assertThat(record.watermark(Metric.HEART_RATE)).as(mode).contains(T0);
            assertThat(record.watermark(Metric.STEPS)).as(mode).contains(T0);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("The other metric's store did not write", e);
        }
    }

    /**
     * An in-memory token store that logs loads and saves, and delays each save by 50 ms, so that a concurrent save of the same record would load the old
     * version meanwhile and fail its version check.
     */
    private static final class SlowSavingTokenStore implements TokenStore {
        final InMemoryTokenStore delegate = new InMemoryTokenStore();
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicInteger conflicts = new AtomicInteger();

        @Override
        public Optional<ConnectionRecord> load(ConnectionId id) {
            log.add("load");
            return delegate.load(id);
        }

        @Override
        public ConnectionRecord save(ConnectionRecord record) {
            log.add("save");
            try {
                Thread.sleep(50);
                return delegate.save(record);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (VersionConflictException conflict) {
                conflicts.incrementAndGet();
                throw conflict;
            }
        }

        @Override
        public boolean delete(ConnectionId id, long expectedVersion) {
            return delegate.delete(id, expectedVersion);
        }

        @Override
        public ConnectionPage list(@Nullable String pageToken, int limit) {
            return delegate.list(pageToken, limit);
        }
    }

    /** A pipeline over a 3-day backfill of two metrics that logs fetches and stores in order. */
    private static final class Fixture {
        static final SubjectId SUBJECT = new SubjectId("subject-behind");
        static final ConnectionId CONNECTION = ConnectionId.of(SUBJECT, SyncFakes.PROVIDER);

        final List<String> log = new CopyOnWriteArrayList<>();
        final TokenStore tokens;
        final FakeWearable wearable;
        final MonitoringPipeline pipeline;

        /** Creates the fixture; with {@code stores} null, the pipeline has no store executor. */
        Fixture(java.util.concurrent.@Nullable Executor stores) {
            this(stores, new InMemoryTokenStore(), Duration.ofDays(3), 7, () -> { });
        }

        /** Creates the fixture with {@code beforeWrite} run before each chunk is written. */
        Fixture(java.util.concurrent.@Nullable Executor stores, TokenStore tokens, Duration backfill, int maxChunksPerSync,
                Runnable beforeWrite) {
            this.tokens = tokens;
            ManualClock clock = new ManualClock(T0);
            FakeTokenEndpoint endpoint = new FakeTokenEndpoint(clock);
            wearable = new FakeWearable(endpoint, Metric.HEART_RATE, Metric.STEPS);
            wearable.failWhen = request -> {
                log.add("fetch " + request.metric().id());
                return null;
            };
            TimeRange history = TimeRange.of(T0.minus(Duration.ofDays(5)), T0);
            wearable.addSource(SUBJECT, SyncFakes.perMinute(Metric.HEART_RATE, history));
            wearable.addSource(SUBJECT, SyncFakes.perMinute(Metric.STEPS, history));
            SampleStore samples = new LoggingSampleStore(new InMemorySampleStore(), log, beforeWrite);
            MonitoringPipeline.Builder builder = MonitoringPipeline.builder()
                    .wearable(wearable)
                    .tokenStore(tokens)
                    .sampleStore(samples)
                    .tokenManager(TokenManager.builder().tokenStore(tokens).endpoint(wearable).clock(clock)
                            .jitter(Duration.ZERO).build())
                    .clock(clock)
                    .metrics(Set.of(Metric.HEART_RATE, Metric.STEPS))
                    .backfill(backfill)
                    .maxChunksPerSync(maxChunksPerSync);
            if (stores != null) {
                builder.storeExecutor(stores);
            }
            pipeline = builder.build();
            pipeline.connect(SUBJECT, SyncFakes.PROVIDER, "user-behind", endpoint.issue());
        }
    }

    private static final class LoggingSampleStore implements SampleStore {
        private final SampleStore delegate;
        private final List<String> log;
        private final Runnable beforeWrite;

        LoggingSampleStore(SampleStore delegate, List<String> log, Runnable beforeWrite) {
            this.delegate = delegate;
            this.log = log;
            this.beforeWrite = beforeWrite;
        }

        @Override
        public WriteResult write(SubjectId subject, Series series) {
            log.add("store " + series.metric().id());
            beforeWrite.run();
            return delegate.write(subject, series);
        }

        @Override
        public Series read(SubjectId subject, Metric metric, TimeRange range) {
            return delegate.read(subject, metric, range);
        }

        @Override
        public long delete(SubjectId subject, Metric metric, TimeRange range) {
            return delegate.delete(subject, metric, range);
        }
    }
}
