package io.iomt.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring pipeline of a host: connect subjects, sync their wearable data into a
 * {@link SampleStore}, and assess stress from the stored data.
 *
 * <h2>Sync and watermarks</h2>
 * A sync reads each metric of a connection in chunks (default one day), writes every chunk to the
 * sample store, and only then advances the connection's watermark for that metric, so a
 * watermark never runs ahead of stored data. Writes are idempotent upserts, so repeating a sync is
 * always safe. A failed chunk stops that metric and is reported in the {@link SyncReport}; other
 * metrics go on. With a {@linkplain Builder#storeExecutor(Executor) store executor}, a chunk is
 * parsed and stored while the sync fetches the next one, under the same rules. When the provider
 * denies access, the connection is marked
 * {@link ConnectionStatus#REAUTHORIZATION_REQUIRED} and skipped until the host reconnects it.
 *
 * <p>{@link #syncIncremental(ConnectionId)} reads each metric from its watermark minus an
 * {@linkplain Builder#overlap(Duration) overlap} up to now; the overlap re-reads points that a
 * device uploaded after the previous sync but timestamped before it. A metric without a
 * watermark is backfilled from {@linkplain Builder#backfill(Duration) the backfill history}
 * (default 30 days). One incremental sync stores at most
 * {@linkplain Builder#maxChunksPerSync(int) a number of chunks} per metric (default 7) and stops
 * early when the {@linkplain Builder#requestBudget(RequestBudget) request budget} asks to wait;
 * the next sync resumes at the watermark of the last stored chunk.
 *
 * <p>A sync of an explicit range ({@link #sync(SubjectId, TimeRange)},
 * {@link #sync(ConnectionId, Set, TimeRange)}) advances a watermark only while its chunks are
 * contiguous with it: a chunk that starts after the watermark (or, without a watermark, after the
 * backfill start) leaves it alone, so a targeted sync of a recent hour never hides an older gap.
 *
 * <h2>Events and alerts</h2>
 * {@link SyncListener}s receive a started event and a finished or failed event for every
 * connection synced. With a {@link StressAlertMonitor}, {@link #assess} feeds every assessment
 * into it.
 *
 * <p>Thread-safe: different connections may be synced concurrently; run at most one sync of the
 * same connection at a time (the {@link RefreshScheduler} does), or chunks may be fetched twice,
 * which is safe but wasteful. Does not own the stores, the wearables, the token manager or the
 * alert monitor, and closes none of them.
 */
public final class MonitoringPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringPipeline.class);
    private static final int WATERMARK_ATTEMPTS = 16;

    private final Map<ProviderId, Wearable> wearables;
    private final TokenStore tokenStore;
    private final SampleStore sampleStore;
    private final StressAnalyzer analyzer;
    private final TokenManager tokenManager;
    private final Clock clock;
    private final Duration chunk;
    private final Duration assessmentWindow;
    private final @Nullable Set<Metric> metrics;
    private final boolean storeScores;
    private final @Nullable Set<Metric> assessedInputs;
    private final Duration overlap;
    private final Map<Metric, Duration> metricOverlaps;
    private final Duration backfill;
    private final int maxChunksPerSync;
    private final RequestBudget requestBudget;
    private final List<SyncListener> syncListeners;
    private final @Nullable StressAlertMonitor alertMonitor;
    private final @Nullable Executor storeExecutor;

    private MonitoringPipeline(Builder builder) {
        this.wearables = Map.copyOf(builder.wearables);
        this.tokenStore = Objects.requireNonNull(builder.tokenStore, "tokenStore");
        this.sampleStore = Objects.requireNonNull(builder.sampleStore, "sampleStore");
        this.analyzer = builder.analyzer;
        this.clock = builder.clock;
        this.chunk = builder.chunk;
        this.assessmentWindow = builder.assessmentWindow;
        this.metrics = builder.metrics == null ? null : Set.copyOf(builder.metrics);
        this.storeScores = builder.storeScores;
        this.assessedInputs = builder.assessedInputs == null ? null : Set.copyOf(builder.assessedInputs);
        this.overlap = builder.overlap;
        this.metricOverlaps = Collections.unmodifiableMap(new EnumMap<>(builder.metricOverlaps));
        this.backfill = builder.backfill;
        this.maxChunksPerSync = builder.maxChunksPerSync;
        this.requestBudget = builder.requestBudget;
        this.syncListeners = List.copyOf(builder.syncListeners);
        this.alertMonitor = builder.alertMonitor;
        this.storeExecutor = builder.storeExecutor;
        this.tokenManager = builder.tokenManager != null ? builder.tokenManager : defaultTokenManager(builder);
    }

    private static TokenManager defaultTokenManager(Builder builder) {
        TokenManager.Builder tokens = TokenManager.builder().tokenStore(builder.tokenStore).clock(builder.clock);
        builder.wearables.values().forEach(tokens::endpoint);
        return tokens.build();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the token manager the pipeline uses. */
    public TokenManager tokenManager() {
        return tokenManager;
    }

    /** Returns the sample store the pipeline writes to. */
    public SampleStore sampleStore() {
        return sampleStore;
    }

    /** Returns the token store the pipeline reads connections from. */
    public TokenStore tokenStore() {
        return tokenStore;
    }

    /** Returns the stress analyzer. */
    public StressAnalyzer analyzer() {
        return analyzer;
    }

    /** Returns the clock the pipeline stamps watermarks and events with. */
    public Clock clock() {
        return clock;
    }

    /** Returns the request budget the pipeline checks before each chunk. */
    public RequestBudget requestBudget() {
        return requestBudget;
    }

    /** Returns the stress alert monitor that {@link #assess} feeds, if one is configured. */
    public Optional<StressAlertMonitor> alertMonitor() {
        return Optional.ofNullable(alertMonitor);
    }

    /** Returns whether a wearable of {@code provider} is registered. */
    public boolean supports(ProviderId provider) {
        return wearables.containsKey(Objects.requireNonNull(provider, "provider"));
    }

    /**
     * Returns the metrics a sync of {@code connection} reads: those its provider's wearable
     * supports, limited to the {@linkplain Builder#metrics(Set) configured metrics}.
     *
     * @throws IllegalArgumentException if no wearable of the connection's provider is registered
     */
    public Set<Metric> metricsOf(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        return selectedMetrics(wearable(connection.provider()));
    }

    /**
     * Stores a newly authorized connection, typically right after the OAuth code exchange.
     *
     * @param providerUserId the user's id at the provider, or {@code null} if not yet known
     * @return the stored record
     * @throws IllegalArgumentException if no wearable of {@code provider} is registered
     */
    public ConnectionRecord connect(SubjectId subject, ProviderId provider, @Nullable String providerUserId,
            TokenPair tokens) {
        Objects.requireNonNull(subject, "subject");
        wearable(provider);
        Connection connection = Connection.active(ConnectionId.of(subject, provider), providerUserId, tokens.scopes(),
                clock.instant());
        return tokenManager.connect(connection, tokens);
    }

    /**
     * Syncs every metric of every connection of {@code subject} over {@code range}.
     *
     * @return what was fetched and stored, with any failures
     * @throws StoreException if the token store failed while loading a connection
     */
    public SyncReport sync(SubjectId subject, TimeRange range) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(range, "range");
        List<MetricSyncResult> results = new ArrayList<>();
        Duration budgetDelay = Duration.ZERO;
        for (Wearable wearable : wearables.values()) {
            ConnectionId id = ConnectionId.of(subject, wearable.provider());
            if (tokenStore.load(id).isEmpty()) {
                continue;
            }
            SyncReport report = run(id, selectedMetrics(wearable), range, SyncEvent.Trigger.DIRECT);
            results.addAll(report.results());
            budgetDelay = max(budgetDelay, report.budgetDelay());
        }
        return new SyncReport(subject, range, results, budgetDelay);
    }

    /**
     * Syncs the given metrics of one connection over {@code range}. Used by schedulers and
     * webhook handlers that target one connection and metric.
     *
     * @throws UnknownConnectionException if the connection is unknown
     * @throws IllegalArgumentException if its provider has no wearable
     */
    public List<MetricSyncResult> sync(ConnectionId connection, Set<Metric> requested, TimeRange range) {
        return syncRange(connection, requested, range, SyncEvent.Trigger.DIRECT).results();
    }

    /**
     * Makes the stored data of the given metrics of one connection over {@code range} match what
     * the provider stores now: deletes the stored points of those metrics in the range, then syncs
     * the range again, which stores whatever the provider still has there. Use it for a webhook's
     * {@code DELETE} notification, which names intervals where the user or the provider removed
     * data.
     *
     * <p>Stored {@link Metric#STRESS_SCORE stress scores} of the subject whose windows (of the
     * configured {@linkplain Builder#assessmentWindow(Duration) assessment length}) overlap the
     * range are deleted too, because removed data went into them; {@linkplain #assess assess} the
     * range again to score what remains.
     *
     * <p>The deletion happens even when the connection is paused for re-authorization, because
     * the provider no longer has the data. A {@code DELETE} can also mean the user revoked
     * access. The sync after it then reports the pause. Repeating the call is safe.
     *
     * <p>A sync of the same connection running at the same time may store points it fetched before
     * the deletion. With a {@link RefreshScheduler}, use its
     * {@link RefreshScheduler#requestReplace requestReplace}, which runs in order with the
     * connection's other syncs.
     *
     * @return the report of the sync after the deletion
     * @throws UnknownConnectionException if the connection is unknown
     * @throws IllegalArgumentException if its provider has no wearable
     * @throws StoreException if the sample store failed while deleting; nothing was synced then
     */
    public SyncReport replace(ConnectionId connection, Set<Metric> requested, TimeRange range) {
        return replace(connection, requested, range, SyncEvent.Trigger.DIRECT);
    }

    SyncReport replace(ConnectionId connection, Set<Metric> requested, TimeRange range, SyncEvent.Trigger trigger) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(range, "range");
        wearable(connection.provider());
        if (tokenStore.load(connection).isEmpty()) {
            throw new UnknownConnectionException(connection, "connect the subject first");
        }

        SubjectId subject = connection.subject();
        long deleted = 0;
        for (Metric metric : requested) {
            deleted += sampleStore.delete(subject, metric, range);
        }
        if (!requested.isEmpty()) {
            Instant scoresFrom = range.start().minus(assessmentWindow).plusMillis(1);
            sampleStore.delete(subject, Metric.STRESS_SCORE, TimeRange.of(scoresFrom, range.end()));
        }
        LOG.debug("Deleted {} stored points of {} over {} before syncing it again", deleted, connection, range);

        return syncRange(connection, requested, range, trigger);
    }

    /**
     * Syncs every metric of {@code connection} from its watermark (minus the overlap) up to now,
     * or, for a metric without a watermark, backfills it from the backfill start. Stops a metric
     * after the chunk limit or when the request budget returns a delay, and the next call resumes
     * there.
     *
     * @return the report; {@link SyncReport#hasRemaining()} returns whether another sync should follow
     * @throws UnknownConnectionException if the connection is unknown
     * @throws IllegalArgumentException if its provider has no wearable
     */
    public SyncReport syncIncremental(ConnectionId connection) {
        return syncIncremental(connection, SyncEvent.Trigger.DIRECT);
    }

    /**
     * Syncs incrementally, one after another on the calling thread, every active connection with a
     * registered wearable that is due: a metric has no watermark yet or its watermark is older
     * than {@code interval}. Suits hosts without an in-process scheduler, such as a function run
     * every few hours. Connections that fail are reported, not thrown.
     *
     * @return one report per synced connection
     * @throws IllegalArgumentException if {@code interval} is negative
     */
    public List<SyncReport> syncDue(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, got " + interval);
        }
        Instant dueBefore = clock.instant().minus(interval);
        List<SyncReport> reports = new ArrayList<>();
        String pageToken = null;
        do {
            ConnectionPage page = tokenStore.list(pageToken, 500);
            for (ConnectionRecord record : page.records()) {
                if (isDue(record, dueBefore)) {
                    reports.add(syncIncremental(record.id()));
                }
            }
            pageToken = page.nextPageToken();
        } while (pageToken != null);
        return reports;
    }

    private boolean isDue(ConnectionRecord record, Instant dueBefore) {
        Wearable wearable = wearables.get(record.id().provider());
        if (wearable == null || record.connection().status() != ConnectionStatus.ACTIVE) {
            return false;
        }
        for (Metric metric : selectedMetrics(wearable)) {
            Optional<Instant> watermark = record.watermark(metric);
            if (watermark.isEmpty() || !watermark.get().isAfter(dueBefore)) {
                return true;
            }
        }
        return false;
    }

    SyncReport syncIncremental(ConnectionId connection, SyncEvent.Trigger trigger) {
        Objects.requireNonNull(connection, "connection");
        return run(connection, selectedMetrics(wearable(connection.provider())), null, trigger);
    }

    SyncReport syncRange(ConnectionId connection, Set<Metric> requested, TimeRange range, SyncEvent.Trigger trigger) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(range, "range");
        wearable(connection.provider());
        return run(connection, requested, range, trigger);
    }

    /** Runs one sync of one connection with its events; {@code range} null means incremental. */
    private SyncReport run(ConnectionId id, Set<Metric> selected, @Nullable TimeRange range,
            SyncEvent.Trigger trigger) {
        Wearable wearable = wearable(id.provider());
        Instant startedAt = clock.instant();
        notifyStarted(new SyncEvent.Started(id, trigger, selected, range, startedAt));

        SyncReport report;
        try {
            ConnectionRecord record = tokenStore.load(id).orElseThrow(
                    () -> new UnknownConnectionException(id, "connect the subject first"));
            report = syncMetrics(wearable, record, selected, range, startedAt);
        } catch (RuntimeException e) {
            notifyFailed(new SyncEvent.Failed(id, trigger, startedAt, elapsedSince(startedAt), List.of(), e));
            throw e;
        }

        Duration duration = elapsedSince(startedAt);
        Optional<RuntimeException> failure = report.firstFailure();
        if (failure.isPresent()) {
            notifyFailed(new SyncEvent.Failed(id, trigger, startedAt, duration, report.results(), failure.get()));
        } else {
            notifyFinished(new SyncEvent.Finished(id, trigger, startedAt, duration, report.results()));
        }
        return report;
    }

    private SyncReport syncMetrics(Wearable wearable, ConnectionRecord record, Set<Metric> selected,
            @Nullable TimeRange range, Instant now) {
        ConnectionId id = record.id();
        if (record.connection().status() != ConnectionStatus.ACTIVE) {
            return pausedReport(record, selected, range, now);
        }

        // The record was loaded just now, so its tokens spare the token manager a load.
        tokenManager.cacheLoaded(record);
        AccessTokenSource tokens = tokenManager.tokenSource(id);
        // The metrics' stores save their watermarks one at a time, because concurrent saves of
        // the one record would fail their version checks and cost a reload and a retry each.
        Lock watermarkSaves = new ReentrantLock();
        List<MetricRun> runs = new ArrayList<>();
        try {
            for (Metric metric : selected) {
                TimeRange metricRange = range != null ? range : incrementalRange(record, metric, now);
                int chunkLimit = range != null ? Integer.MAX_VALUE : maxChunksPerSync;
                MetricRun run = new MetricRun(wearable, record.connection(), tokens, metric, metricRange, now,
                        record.watermark(metric).orElse(null), watermarkSaves);
                runs.add(run);
                run.fetchAll(chunkLimit);
                if (run.failure instanceof ReauthorizationRequiredException) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // Keep the watermarks of the last chunks already stored, as a chunk's own save would.
            try {
                runs.forEach(MetricRun::settle);
                saveDeferredWatermarks(id, runs, now);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            // Every store of this sync has finished before the sync returns or throws.
            runs.forEach(MetricRun::settleQuietly);
        }
        runs.forEach(MetricRun::settle);
        saveDeferredWatermarks(id, runs, now);

        List<MetricSyncResult> results = new ArrayList<>();
        Duration budgetDelay = Duration.ZERO;
        for (MetricRun run : runs) {
            results.add(run.finish());
            budgetDelay = max(budgetDelay, run.budgetDelay);
        }
        for (MetricSyncResult result : results) {
            if (result.failure() instanceof ReauthorizationRequiredException reauthorization) {
                markReauthorizationRequired(id, reauthorization);
                break;
            }
        }
        return new SyncReport(id.subject(), span(results, range, now), results, budgetDelay);
    }

    private SyncReport pausedReport(ConnectionRecord record, Set<Metric> selected, @Nullable TimeRange range,
            Instant now) {
        ConnectionId id = record.id();
        ReauthorizationRequiredException paused = new ReauthorizationRequiredException(id, "Connection " + id
                + " is " + record.connection().status() + "; reconnect the subject to resume syncing");
        TimeRange reported = range != null ? range : TimeRange.of(now, now);
        List<MetricSyncResult> results = new ArrayList<>();
        for (Metric metric : selected) {
            results.add(new MetricSyncResult(id, metric, reported, 0, WriteResult.EMPTY, paused, 0, reported,
                    record.watermark(metric).orElse(null)));
        }
        return new SyncReport(id.subject(), reported, results);
    }

    /**
     * Returns the range an incremental sync of {@code metric} reads: from the watermark minus the
     * overlap, or the backfill start, to now. NOTE: a resumed backfill re-reads the overlap too,
     * although data that old is rarely late; for daily metrics that costs 2 of each sync's chunks.
     */
    private TimeRange incrementalRange(ConnectionRecord record, Metric metric, Instant now) {
        Instant start = record.watermark(metric)
                .map(watermark -> watermark.minus(overlapOf(metric)))
                .orElse(now.minus(backfill));
        return start.isBefore(now) ? TimeRange.of(start, now) : TimeRange.of(now, now);
    }

    private Duration overlapOf(Metric metric) {
        Duration configured = metricOverlaps.get(metric);
        if (configured != null) {
            return configured;
        }
        return metric.kind() == MetricKind.DAILY ? Builder.DEFAULT_DAILY_OVERLAP : overlap;
    }

    private static TimeRange span(List<MetricSyncResult> results, @Nullable TimeRange range, Instant now) {
        if (range != null) {
            return range;
        }
        Instant start = now;
        Instant end = now;
        for (MetricSyncResult result : results) {
            start = result.range().start().isBefore(start) ? result.range().start() : start;
            end = result.range().end().isAfter(end) ? result.range().end() : end;
        }
        return TimeRange.of(start, end);
    }

    /**
     * The chunk loop of one metric: fetch, store, then advance the watermark, chunk by chunk. With
     * a store executor, a chunk's store runs while the sync fetches the next chunk or metric. The
     * store of the previous chunk of the same metric has succeeded before the next one starts.
     * Used by the sync thread only; the store tasks hand their outcome back through
     * {@link ChunkStore}.
     */
    private final class MetricRun {
        private final Wearable wearable;
        private final Connection connection;
        private final AccessTokenSource tokens;
        private final Metric metric;
        private final TimeRange range;
        private final Instant now;
        private final Lock watermarkSaves;
        private Duration budgetDelay = Duration.ZERO;
        private @Nullable Instant watermark;
        private int fetched;
        private int chunks;
        private int started;
        private WriteResult written = WriteResult.EMPTY;
        private @Nullable RuntimeException failure;
        private @Nullable TimeRange remaining;
        private @Nullable ChunkStore pending;
        private @Nullable ChunkStore deferred;

        MetricRun(Wearable wearable, Connection connection, AccessTokenSource tokens, Metric metric, TimeRange range,
                Instant now, @Nullable Instant watermark, Lock watermarkSaves) {
            this.wearable = wearable;
            this.connection = connection;
            this.tokens = tokens;
            this.metric = metric;
            this.range = range;
            this.now = now;
            this.watermark = watermark;
            this.watermarkSaves = watermarkSaves;
        }

        /** Fetches every chunk and starts its store, until the range, the chunk limit, the budget or a failure stops it. */
        void fetchAll(int chunkLimit) {
            ConnectionId id = connection.id();
            for (TimeRange piece : range.split(chunk)) {
                TimeRange rest = TimeRange.of(piece.start(), range.end());
                if (started >= chunkLimit) {
                    remaining = rest;
                    return;
                }
                Duration wait = requestBudget.delayBeforeNext(id);
                if (!wait.isZero() && !wait.isNegative()) {
                    budgetDelay = wait;
                    LOG.debug("Request budget of connection {} asks to wait {}; {} stops at {}", id, wait,
                            metric.id(), piece.start());
                    remaining = rest;
                    return;
                }
                ReceivedSeries received;
                try {
                    received = receive(new FetchRequest(connection, metric, piece, tokens));
                } catch (RuntimeException e) {
                    failure = e;
                    remaining = rest;
                    return;
                }
                if (!settle()) {
                    return;
                }
                // The last chunk leaves its watermark to the sync's one save for all metrics.
                boolean last = piece.end().equals(range.end());
                ChunkStore store = new ChunkStore(id, metric, received, piece, now, watermarkSaves, last);
                pending = store;
                started++;
                if (storeExecutor == null || !submit(store)) {
                    if (!settle()) {
                        return;
                    }
                }
            }
        }

        /**
         * Receives a chunk for a store thread to parse, or fetches and parses it here when there
         * is no store executor, because then the sync thread would parse it anyway.
         */
        private ReceivedSeries receive(FetchRequest request) {
            return storeExecutor != null ? wearable.receive(request) : ReceivedSeries.parsed(wearable.fetch(request));
        }

        /**
         * Waits for the pending store and takes its outcome; returns false if it failed (see
         * {@link #fail}). A last chunk stored without its watermark is counted once the sync has
         * saved the watermarks.
         */
        boolean settle() {
            ChunkStore store = pending;
            if (store == null) {
                return true;
            }
            pending = null;
            store.await();
            fetched += store.points;
            if (store.failure != null) {
                fail(store, store.failure);
                return false;
            }
            if (store.deferWatermark) {
                deferred = store;
                return true;
            }
            written = written.plus(store.written);
            chunks++;
            watermark = store.watermark;
            return true;
        }

        /**
         * Records the failure of {@code store}'s chunk. It replaces any later failure or stop,
         * because it is the earliest unstored chunk, except a denial of access, which keeps it as
         * suppressed so that the sync still marks the connection for a new consent.
         */
        private void fail(ChunkStore store, RuntimeException cause) {
            if (failure instanceof ReauthorizationRequiredException denied) {
                denied.addSuppressed(cause);
            } else {
                failure = cause;
            }
            remaining = TimeRange.of(store.piece.start(), range.end());
        }

        boolean hasDeferredWatermark() {
            return deferred != null;
        }

        TimeRange deferredPiece() {
            return Objects.requireNonNull(deferred).piece;
        }

        /** Counts the last chunk as stored, now that its watermark is saved. */
        void completeDeferred(@Nullable Instant saved) {
            ChunkStore store = Objects.requireNonNull(deferred);
            deferred = null;
            written = written.plus(store.written);
            chunks++;
            watermark = saved;
        }

        /** Fails the last chunk, whose points are stored but whose watermark could not be saved. */
        void failDeferred(RuntimeException cause) {
            ChunkStore store = Objects.requireNonNull(deferred);
            deferred = null;
            fail(store, cause);
        }

        /** Waits for the pending store without taking its outcome; for a sync that ends with an exception. */
        void settleQuietly() {
            ChunkStore store = pending;
            if (store != null) {
                store.await();
            }
        }

        MetricSyncResult finish() {
            settle();
            if (failure != null) {
                LOG.warn("Sync of {} for connection {} failed in chunk starting {}: {}", metric.id(), connection.id(),
                        remaining == null ? range.start() : remaining.start(), LoggedFailure.describe(failure));
            }
            return new MetricSyncResult(connection.id(), metric, range, fetched, written, failure, chunks, remaining,
                    watermark);
        }
    }

    /** Hands a chunk's store to the store executor; returns false if the executor refused it. */
    private boolean submit(ChunkStore store) {
        try {
            Objects.requireNonNull(storeExecutor).execute(store);
            return true;
        } catch (RejectedExecutionException rejected) {
            return false;
        }
    }

    /**
     * Parses one received chunk, stores it and then advances the metric's watermark, unless it is
     * the metric's last chunk, whose watermark the sync saves with the other metrics'. It runs
     * once, on the store executor or on the sync thread that waits for it, whichever claims it
     * first, so a sync never waits for a store that no thread will run. A chunk whose parse fails
     * is not stored, like a chunk whose fetch failed.
     */
    private final class ChunkStore implements Runnable {
        private final ConnectionId id;
        private final Metric metric;
        private @Nullable ReceivedSeries received;
        final TimeRange piece;
        private final Instant now;
        private final Lock watermarkSaves;
        final boolean deferWatermark;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);
        int points;
        WriteResult written = WriteResult.EMPTY;
        @Nullable Instant watermark;
        @Nullable RuntimeException failure;
        private @Nullable Error error;

        ChunkStore(ConnectionId id, Metric metric, ReceivedSeries received, TimeRange piece, Instant now,
                Lock watermarkSaves, boolean deferWatermark) {
            this.id = id;
            this.metric = metric;
            this.received = received;
            this.piece = piece;
            this.now = now;
            this.watermarkSaves = watermarkSaves;
            this.deferWatermark = deferWatermark;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                Series series = Objects.requireNonNull(received).parse();
                received = null;
                points = series.size();
                written = sampleStore.write(id.subject(), series);
                if (deferWatermark) {
                    return;
                }
                watermarkSaves.lock();
                try {
                    watermark = advanceWatermark(id, metric, piece, now);
                } finally {
                    watermarkSaves.unlock();
                }
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                error = e;
            } finally {
                done.countDown();
            }
        }

        /** Runs the store here unless a store thread has claimed it, then waits for it to finish. */
        void await() {
            run();
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (error != null) {
                throw error;
            }
        }
    }

    /**
     * Moves the watermark of {@code metric} to the end of {@code stored} (capped at {@code now}) if
     * the chunk is contiguous with it; never moves it back.
     *
     * @return the watermark after the change, or {@code null} if the metric still has none
     */
    private @Nullable Instant advanceWatermark(ConnectionId id, Metric metric, TimeRange stored, Instant now) {
        ConnectionRecord saved = updateIfChanged(id, record -> advanced(record, metric, stored, now));
        return saved.watermark(metric).orElse(null);
    }

    /** Returns {@code record} with the watermark of {@code metric} moved as {@link #advanceWatermark} describes. */
    private ConnectionRecord advanced(ConnectionRecord record, Metric metric, TimeRange stored, Instant now) {
        Instant target = stored.end().isAfter(now) ? now : stored.end();
        Instant current = record.watermark(metric).orElse(null);
        Instant reached = current != null ? current : now.minus(backfill);
        if (stored.start().isAfter(reached) || !target.isAfter(reached)) {
            return record;
        }
        return record.withWatermark(metric, target);
    }

    /**
     * Advances, in one save of the record, the watermarks of the runs whose last chunk was stored
     * without its watermark. One save for every metric spares a load and a write of the record
     * per metric, which is most of a short sync's store round trips. If the save fails, each of
     * those runs fails at its last chunk with that one exception, and the next sync reads those
     * chunks again.
     */
    private void saveDeferredWatermarks(ConnectionId id, List<MetricRun> runs, Instant now) {
        List<MetricRun> deferred = runs.stream().filter(MetricRun::hasDeferredWatermark).toList();
        if (deferred.isEmpty()) {
            return;
        }

        ConnectionRecord saved;
        try {
            saved = updateIfChanged(id, record -> {
                ConnectionRecord changed = record;
                for (MetricRun run : deferred) {
                    changed = advanced(changed, run.metric, run.deferredPiece(), now);
                }
                return changed;
            });
        } catch (RuntimeException e) {
            deferred.forEach(run -> run.failDeferred(e));
            return;
        }
        deferred.forEach(run -> run.completeDeferred(saved.watermark(run.metric).orElse(null)));
    }

    /**
     * Like {@link TokenStore#update}, but writes nothing when {@code change} returns its argument.
     * Each attempt loads the record first. Saving the record loaded when the sync started would
     * spare that load, but it is unsafe. A connection deleted and connected again meanwhile starts
     * over at version 1, so the version check could pass and the old tokens replace the new ones.
     */
    private ConnectionRecord updateIfChanged(ConnectionId id, UnaryOperator<ConnectionRecord> change) {
        VersionConflictException last = null;
        for (int attempt = 0; attempt < WATERMARK_ATTEMPTS; attempt++) {
            ConnectionRecord current = tokenStore.load(id).orElseThrow(
                    () -> new UnknownConnectionException(id, "it was deleted during the sync"));
            ConnectionRecord changed = change.apply(current);
            if (changed == current) {
                return current;
            }
            try {
                return tokenStore.save(changed.withVersion(current.version()));
            } catch (VersionConflictException conflict) {
                last = conflict;
            }
        }
        throw Objects.requireNonNull(last);
    }

    private void markReauthorizationRequired(ConnectionId id, ReauthorizationRequiredException cause) {
        tokenStore.update(id, record -> record.connection().status() == ConnectionStatus.ACTIVE
                ? record.withConnection(record.connection().withStatus(
                        ConnectionStatus.REAUTHORIZATION_REQUIRED, cause.getMessage(), clock.instant()))
                : record);
        tokenManager.invalidate(id);
    }

    /**
     * Assesses stress over {@code range} in windows of the configured length (default one hour)
     * from stored data, and stores the scores as {@link Metric#STRESS_SCORE} unless disabled.
     * With an alert monitor, the assessment is fed into it, which may notify its listeners.
     */
    public StressAssessment assess(SubjectId subject, TimeRange range) {
        return assess(subject, range, assessmentWindow);
    }

    /** Assesses stress over {@code range} in windows of {@code window}; see {@link #assess(SubjectId, TimeRange)}. */
    public StressAssessment assess(SubjectId subject, TimeRange range, Duration window) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(range, "range");
        TimeRange withHistory = TimeRange.of(range.start().minus(analyzer.baselineHistory()), range.end());
        StressAssessment assessment = analyzer.assess(subject, range, window,
                AnalyzerInput.of(readInputs(subject, withHistory)));
        if (storeScores) {
            sampleStore.write(subject, scores(assessment));
        }
        if (alertMonitor != null) {
            alertMonitor.accept(assessment);
        }
        return assessment;
    }

    /**
     * Reads the analyzer's assessed inputs over {@code range}. With a store executor, the reads
     * after the first go to the executor while this thread reads the first, and a read that the
     * executor has not started when its result is needed runs on this thread.
     */
    private Map<Metric, Series> readInputs(SubjectId subject, TimeRange range) {
        List<Metric> metrics = new ArrayList<>();
        for (Metric metric : analyzer.inputs()) {
            if (assessedInputs == null || assessedInputs.contains(metric)) {
                metrics.add(metric);
            }
        }

        Map<Metric, FutureTask<Series>> reads = new EnumMap<>(Metric.class);
        for (Metric metric : metrics.subList(Math.min(1, metrics.size()), metrics.size())) {
            FutureTask<Series> read = new FutureTask<>(() -> sampleStore.read(subject, metric, range));
            reads.put(metric, read);
            if (storeExecutor != null) {
                try {
                    storeExecutor.execute(read);
                } catch (RejectedExecutionException rejected) {
                    // Runs below, on this thread.
                }
            }
        }

        Map<Metric, Series> input = new EnumMap<>(Metric.class);
        try {
            if (!metrics.isEmpty()) {
                input.put(metrics.get(0), sampleStore.read(subject, metrics.get(0), range));
            }
            for (Map.Entry<Metric, FutureTask<Series>> read : reads.entrySet()) {
                input.put(read.getKey(), outcome(read.getValue()));
            }
        } finally {
            // Reads change nothing, so after a failure the others need not finish.
            reads.values().forEach(read -> read.cancel(true));
        }
        return input;
    }

    /**
     * Runs {@code read} here unless a thread has started it, then returns its result or throws its
     * failure.
     *
     * @throws StoreException if the thread is interrupted while it waits; the interrupt flag is set again
     */
    private static Series outcome(FutureTask<Series> read) {
        read.run();
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while reading the assessment's inputs", true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Reading an assessment input failed", cause);
        }
    }

    private static Series scores(StressAssessment assessment) {
        Series.Builder builder = Series.builder(Metric.STRESS_SCORE, assessment.windows().size());
        for (StressWindow window : assessment.windows()) {
            if (window.isScored()) {
                builder.add(window.window().startMillis(), window.score(), Series.NO_OFFSET,
                        window.window().duration().toMillis());
            }
        }
        return builder.build();
    }

    private Set<Metric> selectedMetrics(Wearable wearable) {
        Set<Metric> selected = EnumSet.noneOf(Metric.class);
        selected.addAll(wearable.supportedMetrics());
        if (metrics != null) {
            selected.retainAll(metrics);
        }
        return selected;
    }

    private Wearable wearable(ProviderId provider) {
        Wearable wearable = wearables.get(Objects.requireNonNull(provider, "provider"));
        if (wearable == null) {
            throw new IllegalArgumentException("No wearable registered for provider " + provider
                    + "; add one with MonitoringPipeline.builder().wearable(...)");
        }
        return wearable;
    }

    private Duration elapsedSince(Instant start) {
        Duration elapsed = Duration.between(start, clock.instant());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void notifyStarted(SyncEvent.Started event) {
        for (SyncListener listener : syncListeners) {
            try {
                listener.onSyncStarted(event);
            } catch (RuntimeException e) {
                LOG.warn("A sync listener threw on the start of connection {}; ignoring it", event.connection(), e);
            }
        }
    }

    private void notifyFinished(SyncEvent.Finished event) {
        for (SyncListener listener : syncListeners) {
            try {
                listener.onSyncFinished(event);
            } catch (RuntimeException e) {
                LOG.warn("A sync listener threw on the end of connection {}; ignoring it", event.connection(), e);
            }
        }
    }

    private void notifyFailed(SyncEvent.Failed event) {
        for (SyncListener listener : syncListeners) {
            try {
                listener.onSyncFailed(event);
            } catch (RuntimeException e) {
                LOG.warn("A sync listener threw on the failure of connection {}; ignoring it", event.connection(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "MonitoringPipeline[wearables=" + wearables.keySet() + ", analyzer=" + analyzer.modelVersion() + "]";
    }

    /** Configures a {@link MonitoringPipeline}. Not thread-safe; build once and share the pipeline. */
    public static final class Builder {

        /**
         * The default overlap of sampled and interval metrics. The overlap rides in the same
         * request as the new data, so it costs points, not requests. NOTE: 15 minutes is an
         * estimate of how late a phone usually uploads a tracker's recent minutes, not a figure
         * measured from provider data. Points that arrive later are caught by webhook-triggered
         * syncs of the changed interval.
         */
        static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(15);

        /** The default overlap of daily metrics: a day's value is computed after the night and revised on later uploads. */
        static final Duration DEFAULT_DAILY_OVERLAP = Duration.ofDays(2);

        /** The default overlap of sleep metrics: a night's stages appear only after waking, hours after they started (an estimate). */
        static final Duration DEFAULT_SLEEP_OVERLAP = Duration.ofHours(24);

        private final Map<ProviderId, Wearable> wearables = new LinkedHashMap<>();
        private @Nullable TokenStore tokenStore;
        private @Nullable SampleStore sampleStore;
        private StressAnalyzer analyzer = PersonalBaselineStressAnalyzer.create();
        private @Nullable TokenManager tokenManager;
        private Clock clock = Clock.systemUTC();
        private Duration chunk = Duration.ofDays(1);
        private Duration assessmentWindow = Duration.ofHours(1);
        private @Nullable Set<Metric> metrics;
        private boolean storeScores = true;
        private @Nullable Set<Metric> assessedInputs;
        private Duration overlap = DEFAULT_OVERLAP;
        private final Map<Metric, Duration> metricOverlaps = new EnumMap<>(Map.of(
                Metric.SLEEP_STAGE, DEFAULT_SLEEP_OVERLAP,
                Metric.SLEEP_SESSION, DEFAULT_SLEEP_OVERLAP));
        private Duration backfill = Duration.ofDays(30);
        private int maxChunksPerSync = 7;
        private RequestBudget requestBudget = RequestBudget.unlimited();
        private final List<SyncListener> syncListeners = new ArrayList<>();
        private @Nullable StressAlertMonitor alertMonitor;
        private @Nullable Executor storeExecutor;

        private Builder() {
        }

        /** Adds a wearable; one per provider. */
        public Builder wearable(Wearable wearable) {
            Objects.requireNonNull(wearable, "wearable");
            if (wearables.putIfAbsent(wearable.provider(), wearable) != null) {
                throw new IllegalArgumentException("A wearable for provider " + wearable.provider() + " is already registered");
            }
            return this;
        }

        /** Sets the token store (required). */
        public Builder tokenStore(TokenStore store) {
            this.tokenStore = Objects.requireNonNull(store, "tokenStore");
            return this;
        }

        /** Sets the sample store (required). */
        public Builder sampleStore(SampleStore store) {
            this.sampleStore = Objects.requireNonNull(store, "sampleStore");
            return this;
        }

        /** Sets the stress analyzer; default {@link PersonalBaselineStressAnalyzer#create()}, the validated model. */
        public Builder analyzer(StressAnalyzer analyzer) {
            this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
            return this;
        }

        /**
         * Sets the token manager; by default one is built on the token store with the wearables'
         * token endpoints. Share one manager per process for in-process single flight.
         */
        public Builder tokenManager(TokenManager manager) {
            this.tokenManager = Objects.requireNonNull(manager, "tokenManager");
            return this;
        }

        /** Sets the clock; default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the length of the chunks a sync fetches and stores one at a time; each stored chunk
         * advances the watermark. Default 1 day.
         */
        public Builder syncChunk(Duration length) {
            this.chunk = positive(length, "syncChunk");
            return this;
        }

        /** Sets the stress assessment window; default 1 hour. */
        public Builder assessmentWindow(Duration length) {
            this.assessmentWindow = positive(length, "assessmentWindow");
            return this;
        }

        /** Limits syncs to these metrics; by default every metric the wearables support. */
        public Builder metrics(Set<Metric> selected) {
            Objects.requireNonNull(selected, "metrics");
            if (selected.isEmpty()) {
                throw new IllegalArgumentException("metrics must not be empty");
            }
            this.metrics = EnumSet.copyOf(selected);
            return this;
        }

        /**
         * Limits the metrics that {@link #assess} reads from the sample store to the analyzer's
         * inputs that are also in {@code inputs}. The other inputs reach the analyzer as empty
         * series, as if nothing were stored, and cost no read. Use it when the store never has
         * some inputs, such as RR intervals in a deployment that syncs only heart rate and steps,
         * to save one store read per left-out input and assessment. Default: every input of the
         * analyzer.
         *
         * @throws IllegalArgumentException if {@code inputs} is empty
         */
        public Builder assessedInputs(Set<Metric> inputs) {
            Objects.requireNonNull(inputs, "inputs");
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("assessedInputs must not be empty: the analyzer would read no data "
                        + "and score no window");
            }
            this.assessedInputs = EnumSet.copyOf(inputs);
            return this;
        }

        /** Sets whether {@link #assess} stores scores as {@link Metric#STRESS_SCORE}; default true. */
        public Builder storeScores(boolean store) {
            this.storeScores = store;
            return this;
        }

        /**
         * Sets how far before the watermark an incremental sync starts reading, for sampled and
         * interval metrics; default 15 minutes. Daily metrics default to 2 days and sleep stages and
         * sessions to 24 hours, unless set with {@link #overlap(Metric, Duration)}.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder overlap(Duration length) {
            this.overlap = nonNegative(length, "overlap");
            return this;
        }

        /**
         * Sets the overlap of one metric, replacing its default.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder overlap(Metric metric, Duration length) {
            Objects.requireNonNull(metric, "metric");
            metricOverlaps.put(metric, nonNegative(length, "overlap"));
            return this;
        }

        /** Sets how much history the first incremental sync of a metric reads; default 30 days. */
        public Builder backfill(Duration history) {
            this.backfill = positive(history, "backfill");
            return this;
        }

        /**
         * Sets the maximum number of chunks one incremental sync stores per metric, so that a long
         * backfill is spread over several syncs and other connections get their turn. Default 7.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxChunksPerSync(int chunks) {
            if (chunks < 1) {
                throw new IllegalArgumentException("maxChunksPerSync must be >= 1, got " + chunks);
            }
            this.maxChunksPerSync = chunks;
            return this;
        }

        /**
         * Sets the per-connection request budget checked before each chunk; share it with the HTTP
         * client. Default {@link RequestBudget#unlimited()}.
         */
        public Builder requestBudget(RequestBudget budget) {
            this.requestBudget = Objects.requireNonNull(budget, "requestBudget");
            return this;
        }

        /** Adds a listener for sync events. */
        public Builder syncListener(SyncListener listener) {
            syncListeners.add(Objects.requireNonNull(listener, "syncListener"));
            return this;
        }

        /** Sets the stress alert monitor that {@link #assess} feeds; default none. */
        public Builder alertMonitor(StressAlertMonitor monitor) {
            this.alertMonitor = Objects.requireNonNull(monitor, "alertMonitor");
            return this;
        }

        /**
         * Lets a sync parse and store each received chunk (and then advance its watermark, except
         * for each metric's last chunk, whose watermark the sync thread saves) on {@code executor}
         * while it fetches the next chunk or metric, so parsing and the store's round trips
         * overlap the provider's latency. The sync receives chunks with
         * {@link Wearable#receive}. A wearable that parses there gains only the overlap of the
         * store. By default the sync thread parses and stores each chunk before it fetches the
         * next.
         *
         * <p>A sync still sends one provider request at a time and runs at most one store per
         * metric at once. It stores a metric's chunks in order (the next store starts only after
         * the previous one succeeded), advances a watermark only after its chunk is stored, and
         * returns only after all of its stores finished. A store that the executor has not started
         * when the sync needs its outcome runs on the sync thread, so the executor may be the
         * scheduler's worker pool. The pipeline never shuts the executor down.
         *
         * <p>{@link #assess} uses the executor too: it reads the analyzer's inputs in parallel,
         * the first on the calling thread, and runs a read that the executor has not started on
         * the calling thread as well.
         */
        public Builder storeExecutor(Executor executor) {
            this.storeExecutor = Objects.requireNonNull(executor, "storeExecutor");
            return this;
        }

        /**
         * Builds the pipeline.
         *
         * @throws IllegalStateException if a required setting or every wearable is missing
         */
        public MonitoringPipeline build() {
            if (wearables.isEmpty()) {
                throw new IllegalStateException("Add at least one wearable");
            }
            if (tokenStore == null || sampleStore == null) {
                throw new IllegalStateException("tokenStore and sampleStore are required");
            }
            if (assessedInputs != null && Collections.disjoint(assessedInputs, analyzer.inputs())) {
                throw new IllegalArgumentException("assessedInputs " + assessedInputs + " contain none of the analyzer's "
                        + "inputs " + analyzer.inputs() + ", so assess would score no window; add at least one of them");
            }
            return new MonitoringPipeline(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private static Duration nonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
            return value;
        }
    }
}
