package io.iomt.sdk;

import static io.iomt.sdk.SyncFakes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.SyncFakes.FakeTokenEndpoint;
import io.iomt.sdk.SyncFakes.FakeWearable;
import io.iomt.sdk.SyncFakes.HoldingExecutor;
import io.iomt.sdk.SyncFakes.ManualClock;
import io.iomt.sdk.SyncFakes.ManualExecutor;
import io.iomt.sdk.SyncFakes.RecordingSyncListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The refresh scheduler on a manual clock and executor: no sleeps, every step driven by the test. */
@Timeout(20)
class RefreshSchedulerTest {

    private static final SubjectId SUBJECT = new SubjectId("subject-1");
    private static final ConnectionId CONNECTION = ConnectionId.of(SUBJECT, SyncFakes.PROVIDER);
    private static final ProviderException UNAVAILABLE =
            new ProviderException("unavailable", 503, "UNAVAILABLE", null, "GET /heart-rate", true, null, null);

    private final ManualClock clock = new ManualClock(T0);
    private final ManualExecutor executor = new ManualExecutor(clock);
    private final FakeTokenEndpoint endpoint = new FakeTokenEndpoint(clock);
    private final FakeWearable wearable = new FakeWearable(endpoint, Metric.HEART_RATE);
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();
    private final InMemorySampleStore samples = new InMemorySampleStore();
    private final RecordingSyncListener syncEvents = new RecordingSyncListener();
    private final RecordingSchedulerListener schedulerEvents = new RecordingSchedulerListener();
    private MonitoringPipeline pipeline;

    @BeforeEach
    void setUp() {
        wearable.addSource(SUBJECT, SyncFakes.perMinute(Metric.HEART_RATE,
                TimeRange.of(T0.minus(Duration.ofDays(31)), T0.plus(Duration.ofDays(3)))));
        pipeline = pipeline(builder -> builder);
        connect(SUBJECT);
    }

    private MonitoringPipeline pipeline(UnaryOperator<MonitoringPipeline.Builder> settings) {
        TokenManager tokenManager = TokenManager.builder().tokenStore(tokens).endpoint(wearable).clock(clock)
                .jitter(Duration.ZERO).build();
        return settings.apply(MonitoringPipeline.builder()
                .wearable(wearable)
                .tokenStore(tokens)
                .sampleStore(samples)
                .tokenManager(tokenManager)
                .clock(clock)
                .backfill(Duration.ofDays(1))
                .maxChunksPerSync(100)
                .syncListener(syncEvents)).build();
    }

    private void connect(SubjectId subject) {
        pipeline.connect(subject, SyncFakes.PROVIDER, "user-" + subject.value(), endpoint.issue());
    }

    private RefreshScheduler.Builder schedulerBuilder() {
        return RefreshScheduler.builder(pipeline)
                .executor(executor)
                .intervalJitter(0)
                .random(new SplittableRandom(42))
                .listener(schedulerEvents);
    }

    private RefreshScheduler.ConnectionSchedule schedule(RefreshScheduler scheduler) {
        return scheduler.schedule(CONNECTION).orElseThrow();
    }

    private List<SyncEvent.Started> starts() {
        return syncEvents.of(SyncEvent.Started.class);
    }

    @Test
    void periodicSyncEverySixHours() {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();

            assertThat(starts()).hasSize(1);
            assertThat(starts().get(0).trigger()).isEqualTo(SyncEvent.Trigger.SCHEDULED);
            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(T0.plus(Duration.ofHours(6)));

            executor.advance(Duration.ofHours(6).minusSeconds(1));
            assertThat(starts()).hasSize(1);

            executor.advance(Duration.ofSeconds(1));
            assertThat(starts()).hasSize(2);
            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(T0.plus(Duration.ofHours(12)));
            assertThat(tokens.load(CONNECTION).orElseThrow().watermark(Metric.HEART_RATE))
                    .contains(T0.plus(Duration.ofHours(6)));
        }
    }

    @Test
    void perConnectionInterval() {
        try (RefreshScheduler scheduler = schedulerBuilder().syncInterval(CONNECTION, Duration.ofHours(1)).build()) {
            scheduler.start();
            executor.runDue();
            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(T0.plus(Duration.ofHours(1)));

            scheduler.syncInterval(CONNECTION, Duration.ofHours(2));
            executor.advance(Duration.ofHours(1));

            assertThat(starts()).hasSize(2);
            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(T0.plus(Duration.ofHours(3)));
            assertThat(schedule(scheduler).interval()).isEqualTo(Duration.ofHours(2));
        }
    }

    @Test
    void intervalJitterBringsSyncForward() {
        try (RefreshScheduler scheduler = schedulerBuilder().intervalJitter(0.1).build()) {
            scheduler.start();
            executor.runDue();

            assertThat(schedule(scheduler).nextSyncAt())
                    .isBetween(T0.plus(Duration.ofHours(6)).minus(Duration.ofMinutes(36)), T0.plus(Duration.ofHours(6)));
        }
    }

    @Test
    void tokenRefreshedAheadOfExpiry() {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();
            Instant expiry = T0.plus(Duration.ofHours(1));
            assertThat(schedule(scheduler).nextTokenRefreshAt()).isEqualTo(expiry.minus(Duration.ofMinutes(4)));
            assertThat(endpoint.refreshes.get()).isZero();

            executor.advance(Duration.ofMinutes(56));

            assertThat(endpoint.refreshes.get()).isEqualTo(1);
            Instant newExpiry = T0.plus(Duration.ofMinutes(56)).plus(Duration.ofHours(1));
            assertThat(tokens.load(CONNECTION).orElseThrow().tokens().expiresAt()).isEqualTo(newExpiry);
            assertThat(schedule(scheduler).nextTokenRefreshAt()).isEqualTo(newExpiry.minus(Duration.ofMinutes(4)));
            assertThat(schedulerEvents.refreshed).containsExactly(newExpiry);

            executor.advance(Duration.ofHours(5));

            assertThat(endpoint.refreshes.get()).isEqualTo(6);
        }
    }

    @Test
    void refreshLeadBeyondMarginRetriesLater() {
        try (RefreshScheduler scheduler = schedulerBuilder().tokenRefreshLead(Duration.ofMinutes(10)).build()) {
            scheduler.start();
            executor.runDue();

            executor.advance(Duration.ofMinutes(50));

            assertThat(endpoint.refreshes.get()).isZero();
            assertThat(schedule(scheduler).nextTokenRefreshAt()).isEqualTo(T0.plus(Duration.ofMinutes(51)));

            executor.advance(Duration.ofMinutes(5));

            assertThat(endpoint.refreshes.get()).isEqualTo(1);
        }
    }

    @Test
    void refreshFailureBacksOff() {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();
            endpoint.failure = new AuthorizationException("token endpoint unavailable", null, 503, true, null);

            executor.advance(Duration.ofMinutes(56));

            // The token manager serves the still-valid token, so the scheduler tries again a minute later.
            assertThat(schedulerEvents.refreshFailures).isEmpty();
            assertThat(schedule(scheduler).nextTokenRefreshAt()).isEqualTo(T0.plus(Duration.ofMinutes(57)));

            executor.advance(Duration.ofMinutes(4));

            assertThat(schedulerEvents.refreshFailures).containsExactly(1);
            Instant retry = schedule(scheduler).nextTokenRefreshAt();
            assertThat(retry).isBetween(clock.instant().plusSeconds(30), clock.instant().plusSeconds(60));
        }
    }

    @Test
    void backoffGrowsExponentially() {
        wearable.failWhen = request -> UNAVAILABLE;
        try (RefreshScheduler scheduler = schedulerBuilder().backoff(Duration.ofMinutes(1), Duration.ofMinutes(30)).build()) {
            scheduler.start();
            executor.runDue();

            for (int failures = 1; failures <= 8; failures++) {
                RefreshScheduler.ConnectionSchedule planned = schedule(scheduler);
                long ceiling = Math.min(60_000L << (failures - 1), Duration.ofMinutes(30).toMillis());
                Duration delay = Duration.between(clock.instant(), planned.nextSyncAt());
                assertThat(planned.failures()).as("failures").isEqualTo(failures);
                assertThat(delay.toMillis()).as("delay after %d failures", failures).isBetween(ceiling / 2, ceiling);
                executor.advanceTo(planned.nextSyncAt());
            }

            assertThat(schedulerEvents.backoffFailures).startsWith(1, 2, 3, 4, 5, 6, 7, 8);
            wearable.failWhen = null;
            executor.advanceTo(schedule(scheduler).nextSyncAt());

            assertThat(schedule(scheduler).failures()).isZero();
            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(clock.instant().plus(Duration.ofHours(6)));
        }
    }

    @Test
    void retryAfterSetsMinimumBackoff() {
        wearable.failNext(new ProviderException("quota", 429, "RESOURCE_EXHAUSTED", null, "GET /heart-rate", true,
                Duration.ofMinutes(10), null));
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();

            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        }
    }

    @Test
    void reauthorizationPausesUntilReconnected() throws Exception {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();
            wearable.failNext(new ReauthorizationRequiredException(CONNECTION, "access denied"));

            executor.advance(Duration.ofHours(6));

            assertThat(schedule(scheduler).paused()).isTrue();
            assertThat(schedule(scheduler).nextSyncAt()).isNull();
            assertThat(schedule(scheduler).nextTokenRefreshAt()).isNull();
            assertThat(tokens.load(CONNECTION).orElseThrow().connection().status())
                    .isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
            assertThat(schedulerEvents.paused).containsExactly(CONNECTION);
            int fetches = wearable.fetches.size();
            int refreshes = endpoint.refreshes.get();

            executor.advance(Duration.ofHours(24));

            assertThat(wearable.fetches).hasSize(fetches);
            assertThat(endpoint.refreshes.get()).isEqualTo(refreshes);
            CompletableFuture<SyncReport> rejected = scheduler.syncNow(CONNECTION);
            assertThat(rejected).isCompletedExceptionally();
            assertThatThrownBy(rejected::get).hasCauseInstanceOf(ReauthorizationRequiredException.class);

            connect(SUBJECT);
            executor.advance(Duration.ofMinutes(10));

            assertThat(schedulerEvents.resumed).containsExactly(CONNECTION);
            assertThat(schedule(scheduler).paused()).isFalse();
            assertThat(wearable.fetches.size()).isGreaterThan(fetches);
            assertThat(tokens.load(CONNECTION).orElseThrow().watermark(Metric.HEART_RATE)).contains(clock.instant());
        }
    }

    @Test
    void trackResumesAtOnce() {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();
            wearable.failNext(new ReauthorizationRequiredException(CONNECTION, "access denied"));
            executor.advance(Duration.ofHours(6));
            assertThat(schedule(scheduler).paused()).isTrue();

            connect(SUBJECT);
            scheduler.track(CONNECTION);
            executor.runDue();

            assertThat(schedule(scheduler).paused()).isFalse();
            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(clock.instant().plus(Duration.ofHours(6)));
        }
    }

    @Test
    void invalidGrantOnRefreshPauses() {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();
            endpoint.failure = new AuthorizationException("revoked", AuthorizationException.INVALID_GRANT, 400, false, null);

            executor.advance(Duration.ofMinutes(56));

            assertThat(schedule(scheduler).paused()).isTrue();
            assertThat(schedulerEvents.paused).containsExactly(CONNECTION);
        }
    }

    @Test
    void requestSyncFetchesRange() throws Exception {
        TimeRange range = TimeRange.of(T0.minus(Duration.ofHours(3)), T0.minus(Duration.ofHours(2)));
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            CompletableFuture<SyncReport> result = scheduler.requestSync(CONNECTION, Set.of(Metric.HEART_RATE), range);
            assertThat(result).isNotDone();

            executor.runDue();

            SyncReport report = result.get();
            assertThat(report.isComplete()).isTrue();
            assertThat(report.fetched()).isEqualTo(60);
            assertThat(wearable.fetchedRanges(Metric.HEART_RATE)).containsExactly(range);
            assertThat(starts().get(0).trigger()).isEqualTo(SyncEvent.Trigger.REQUESTED);
            assertThat(starts().get(0).range()).isEqualTo(range);
            assertThat(schedule(scheduler).nextSyncAt()).as("no periodic sync before start()").isNull();
        }
    }

    @Test
    void requestReplaceDeletesThenSyncs() throws Exception {
        TimeRange range = TimeRange.of(T0.minus(Duration.ofHours(3)), T0.minus(Duration.ofHours(2)));
        TimeRange removed = TimeRange.starting(range.start(), Duration.ofMinutes(20));
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.requestSync(CONNECTION, Set.of(Metric.HEART_RATE), range);
            executor.runDue();
            wearable.removeSource(SUBJECT, Metric.HEART_RATE, removed);

            CompletableFuture<SyncReport> result = scheduler.requestReplace(CONNECTION, Set.of(Metric.HEART_RATE),
                    range);
            assertThat(result).isNotDone();
            assertThat(samples.read(SUBJECT, Metric.HEART_RATE, range).size()).as("queued, not run").isEqualTo(60);
            executor.runDue();

            assertThat(result.get().isComplete()).isTrue();
            assertThat(samples.read(SUBJECT, Metric.HEART_RATE, range).size()).isEqualTo(40);
            assertThat(samples.read(SUBJECT, Metric.HEART_RATE, removed).size()).isZero();
            assertThat(starts().get(1).trigger()).isEqualTo(SyncEvent.Trigger.REQUESTED);
        }
    }

    @Test
    void requestReplaceOnPausedConnectionDeletes() throws Exception {
        TimeRange range = TimeRange.of(T0.minus(Duration.ofHours(3)), T0.minus(Duration.ofHours(2)));
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.requestSync(CONNECTION, Set.of(Metric.HEART_RATE), range);
            executor.runDue();
            wearable.failNext(new ReauthorizationRequiredException(CONNECTION, "access denied"));
            scheduler.syncNow(CONNECTION);
            executor.runDue();
            assertThat(schedule(scheduler).paused()).isTrue();
            int fetches = wearable.fetches.size();

            CompletableFuture<SyncReport> result = scheduler.requestReplace(CONNECTION, Set.of(Metric.HEART_RATE),
                    range);

            assertThat(result).isDone();
            assertThat(result.get().isReauthorizationRequired()).isTrue();
            assertThat(samples.read(SUBJECT, Metric.HEART_RATE, range).size()).isZero();
            assertThat(wearable.fetches).hasSize(fetches);
        }
    }

    @Test
    void failedRequestRetriedAfterBackoff() throws Exception {
        TimeRange range = TimeRange.of(T0.minus(Duration.ofHours(3)), T0.minus(Duration.ofHours(2)));
        wearable.failNext(UNAVAILABLE);
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            CompletableFuture<SyncReport> result = scheduler.requestSync(CONNECTION, Set.of(Metric.HEART_RATE), range);
            executor.runDue();

            assertThat(result.get().failures()).hasSize(1);
            assertThat(schedule(scheduler).pendingRequests()).isEqualTo(1);

            Instant retryAt = scheduler.schedule(CONNECTION).orElseThrow().nextSyncAt();
            assertThat(retryAt).isBetween(T0.plusSeconds(30), T0.plusSeconds(60));
            executor.advanceTo(retryAt);

            assertThat(wearable.fetchedRanges(Metric.HEART_RATE)).containsExactly(range, range,
                    TimeRange.of(retryAt.minus(Duration.ofDays(1)), retryAt));
            assertThat(samples.read(SUBJECT, Metric.HEART_RATE, range).size()).isEqualTo(60);
            assertThat(schedule(scheduler).failures()).isZero();
        }
    }

    @Test
    void syncNowRunsIncrementalSync() throws Exception {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            CompletableFuture<SyncReport> result = scheduler.syncNow(CONNECTION);
            executor.runDue();

            assertThat(result.get().isComplete()).isTrue();
            assertThat(tokens.load(CONNECTION).orElseThrow().watermark(Metric.HEART_RATE)).contains(T0);
            assertThat(starts().get(0).trigger()).isEqualTo(SyncEvent.Trigger.REQUESTED);
        }
    }

    @Test
    void backfillContinuesUntilCaughtUp() {
        pipeline = pipeline(builder -> builder.backfill(Duration.ofDays(30)).maxChunksPerSync(7));
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();

            assertThat(starts()).hasSize(5);
            assertThat(tokens.load(CONNECTION).orElseThrow().watermark(Metric.HEART_RATE)).contains(T0);
            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(T0.plus(Duration.ofHours(6)));
            TimeRange backfilled = TimeRange.of(T0.minus(Duration.ofDays(30)), T0);
            assertThat(samples.read(SUBJECT, Metric.HEART_RATE, backfilled).size())
                    .isEqualTo(wearable.source(SUBJECT, Metric.HEART_RATE).slice(backfilled).size());
        }
    }

    @Test
    void budgetPostponesContinuation() {
        RequestBudget budget = RequestBudget.perConnection(3, Duration.ofMinutes(1), clock);
        wearable.budget = budget;
        pipeline = pipeline(builder -> builder.backfill(Duration.ofDays(30)).requestBudget(budget));
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();

            assertThat(wearable.fetches).hasSize(3);
            assertThat(schedule(scheduler).nextSyncAt()).isEqualTo(T0.plus(Duration.ofSeconds(20)));

            executor.advance(Duration.ofSeconds(20));
            assertThat(wearable.fetches).hasSize(4);

            executor.advance(Duration.ofMinutes(9));
            assertThat(tokens.load(CONNECTION).orElseThrow().watermark(Metric.HEART_RATE)).contains(clock.instant());
            assertThat(schedule(scheduler).failures()).isZero();
        }
    }

    @Test
    void concurrencyStaysBounded() {
        for (int i = 2; i <= 6; i++) {
            connect(new SubjectId("subject-" + i));
        }
        HoldingExecutor workers = new HoldingExecutor();
        try (RefreshScheduler scheduler = schedulerBuilder().workers(workers).maxConcurrentSyncs(2).build()) {
            scheduler.start();
            executor.runDue();

            assertThat(scheduler.trackedConnections()).isEqualTo(6);
            assertThat(workers.size()).isEqualTo(2);
            assertThat(scheduler.runningSyncs()).isEqualTo(2);

            for (int run = 0; run < 6; run++) {
                assertThat(scheduler.runningSyncs()).as("running before run %d", run).isLessThanOrEqualTo(2);
                workers.runOne();
            }

            assertThat(workers.size()).isZero();
            assertThat(starts()).hasSize(6);
        }
    }

    @Test
    void oneSyncPerConnectionAtATime() throws Exception {
        HoldingExecutor workers = new HoldingExecutor();
        TimeRange range = TimeRange.of(T0.minus(Duration.ofHours(3)), T0.minus(Duration.ofHours(2)));
        try (RefreshScheduler scheduler = schedulerBuilder().workers(workers).maxConcurrentSyncs(4).build()) {
            CompletableFuture<SyncReport> first = scheduler.requestSync(CONNECTION, range);
            CompletableFuture<SyncReport> second = scheduler.requestSync(CONNECTION, range);

            assertThat(workers.size()).isEqualTo(1);
            assertThat(schedule(scheduler).pendingRequests()).isEqualTo(1);

            workers.runOne();
            assertThat(first.get().isComplete()).isTrue();
            assertThat(second).isNotDone();
            assertThat(workers.size()).isEqualTo(1);

            workers.runOne();
            assertThat(second.get().isComplete()).isTrue();
        }
    }

    @Test
    void discoveryPagesAndForgetsDeleted() {
        for (int i = 2; i <= 7; i++) {
            connect(new SubjectId("subject-" + i));
        }
        try (RefreshScheduler scheduler = schedulerBuilder().discoveryPageSize(2).build()) {
            scheduler.start();
            executor.runDue();
            assertThat(scheduler.trackedConnections()).isEqualTo(7);

            ConnectionId deleted = ConnectionId.of(new SubjectId("subject-4"), SyncFakes.PROVIDER);
            tokens.delete(deleted, tokens.load(deleted).orElseThrow().version());
            executor.advance(Duration.ofMinutes(10));

            assertThat(scheduler.trackedConnections()).isEqualTo(6);
            assertThat(scheduler.schedule(deleted)).isEmpty();
        }
    }

    @Test
    void deletedConnectionForgotten() {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            CompletableFuture<SyncReport> result = scheduler.syncNow(CONNECTION);
            tokens.delete(CONNECTION, tokens.load(CONNECTION).orElseThrow().version());

            executor.runDue();

            assertThatThrownBy(result::get).hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Unknown connection");
            assertThat(scheduler.schedule(CONNECTION)).isEmpty();
            assertThat(schedulerEvents.backoffFailures).isEmpty();
        }
    }

    @Test
    void connectionsOfOtherProvidersIgnored() {
        ConnectionId foreign = ConnectionId.of(SUBJECT, new ProviderId("other"));
        tokens.save(ConnectionRecord.newConnection(Connection.active(foreign, null, Set.of(), T0), endpoint.issue()));
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            scheduler.start();
            executor.runDue();

            assertThat(scheduler.trackedConnections()).isEqualTo(1);
            assertThat(scheduler.schedule(foreign)).isEmpty();
        }
    }

    @Test
    void closeCancelsQueuedWork() throws Exception {
        connect(new SubjectId("subject-2"));
        HoldingExecutor workers = new HoldingExecutor();
        RefreshScheduler scheduler = schedulerBuilder().workers(workers).maxConcurrentSyncs(1)
                .closeTimeout(Duration.ZERO).build();
        CompletableFuture<SyncReport> running = scheduler.syncNow(CONNECTION);
        CompletableFuture<SyncReport> queued = scheduler.syncNow(ConnectionId.of(new SubjectId("subject-2"),
                SyncFakes.PROVIDER));

        scheduler.close();

        assertThatThrownBy(queued::get).isInstanceOf(CancellationException.class);
        workers.runOne();
        assertThat(running.get().isComplete()).isTrue();
        assertThat(scheduler.runningSyncs()).isZero();
        assertThat(scheduler.syncNow(CONNECTION)).isCompletedExceptionally();
        assertThatThrownBy(scheduler::start).isInstanceOf(IllegalStateException.class);
        scheduler.close();
        assertThat(executor.isShutdown()).as("a caller's executor is never shut down").isFalse();
        executor.runDue();
        assertThat(workers.size()).isZero();
    }

    @Test
    void closeWaitsForRunningSync() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> fetchThreads = new CopyOnWriteArrayList<>();
        wearable.onFetch = () -> {
            fetchThreads.add(Thread.currentThread());
            entered.countDown();
            awaitQuietly(release);
        };
        RefreshScheduler scheduler = RefreshScheduler.builder(pipeline).closeTimeout(Duration.ofSeconds(10)).build();
        CompletableFuture<SyncReport> result = scheduler.syncNow(CONNECTION);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(scheduler::close, "closer");
        closer.start();
        awaitState(closer, Thread.State.TIMED_WAITING);
        assertThat(result).isNotDone();

        release.countDown();
        closer.join(5_000);

        assertThat(closer.isAlive()).isFalse();
        assertThat(result).isCompleted();
        assertThat(result.get().isComplete()).isTrue();
        Thread worker = fetchThreads.get(0);
        assertThat(worker.getName()).startsWith("iomt-scheduler-");
        assertThat(worker.isDaemon()).isTrue();
    }

    @Test
    void closeTimeoutBoundsWait() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        wearable.onFetch = () -> {
            entered.countDown();
            awaitQuietly(release);
        };
        RefreshScheduler scheduler = RefreshScheduler.builder(pipeline).closeTimeout(Duration.ofMillis(100)).build();
        CompletableFuture<SyncReport> result = scheduler.syncNow(CONNECTION);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        scheduler.close();

        // After the timeout, close shuts down its own pool, which interrupts the blocked fetch.
        SyncReport report = result.get(5, TimeUnit.SECONDS);
        release.countDown();
        assertThat(report.isComplete()).isFalse();
        assertThat(report.failures()).hasSize(1);
    }

    @Test
    void requestsValidated() throws Exception {
        try (RefreshScheduler scheduler = schedulerBuilder().build()) {
            TimeRange range = TimeRange.of(T0.minus(Duration.ofHours(1)), T0);
            ConnectionId foreign = ConnectionId.of(SUBJECT, new ProviderId("other"));
            ConnectionId unknown = ConnectionId.of(new SubjectId("nobody"), SyncFakes.PROVIDER);

            assertThatThrownBy(() -> scheduler.requestReplace(CONNECTION, Set.of(), range))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> scheduler.requestSync(CONNECTION, Set.of(), range))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics must not be empty");
            assertThatThrownBy(() -> scheduler.syncNow(foreign))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No wearable registered");
            CompletableFuture<SyncReport> missing = scheduler.syncNow(unknown);
            assertThatThrownBy(missing::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown connection");
        }
    }

    @Test
    void builderRejectsBadSettings() {
        RefreshScheduler.Builder builder = RefreshScheduler.builder(pipeline);

        assertThatThrownBy(() -> builder.maxConcurrentSyncs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrentSyncs");
        assertThatThrownBy(() -> builder.intervalJitter(0.6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intervalJitter");
        assertThatThrownBy(() -> builder.backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be below base");
        assertThatThrownBy(() -> builder.discoveryPageSize(1001)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("discoveryPageSize");
        assertThatThrownBy(() -> builder.syncInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syncInterval");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void awaitState(Thread thread, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != state) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " did not reach " + state + "; it is " + thread.getState());
            }
            Thread.onSpinWait();
        }
    }

    private static final class RecordingSchedulerListener implements SchedulerListener {
        final List<ConnectionId> paused = new CopyOnWriteArrayList<>();
        final List<ConnectionId> resumed = new CopyOnWriteArrayList<>();
        final List<Integer> backoffFailures = new CopyOnWriteArrayList<>();
        final List<Instant> refreshed = new CopyOnWriteArrayList<>();
        final List<Integer> refreshFailures = new CopyOnWriteArrayList<>();

        @Override
        public void onPaused(ConnectionId connection, ConnectionStatus status) {
            paused.add(connection);
        }

        @Override
        public void onResumed(ConnectionId connection) {
            resumed.add(connection);
        }

        @Override
        public void onBackoff(ConnectionId connection, int failures, Duration delay, Throwable cause) {
            backoffFailures.add(failures);
        }

        @Override
        public void onTokenRefreshed(ConnectionId connection, Instant newExpiry) {
            refreshed.add(newExpiry);
        }

        @Override
        public void onTokenRefreshFailed(ConnectionId connection, int failures, Duration delay, Throwable cause) {
            refreshFailures.add(failures);
        }
    }
}
