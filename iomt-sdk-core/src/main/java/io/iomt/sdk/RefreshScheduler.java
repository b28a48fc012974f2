package io.iomt.sdk;

import io.iomt.sdk.internal.scheduler.Backoff;
import io.iomt.sdk.internal.scheduler.ConnectionState;
import io.iomt.sdk.internal.scheduler.SchedulerThreadFactory;
import io.iomt.sdk.internal.scheduler.SyncRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every connection of a {@link TokenStore} synced and its token fresh, inside the host's
 * process.
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li><b>Discovery.</b> After {@link #start()}, it pages through {@link TokenStore#list} every
 *       {@linkplain Builder#discoveryInterval discovery interval} (default 10 minutes) and tracks
 *       each connection whose provider has a wearable in the pipeline. Connections deleted from the
 *       store are dropped; {@link #track(ConnectionId)} picks up a change at once.</li>
 *   <li><b>Periodic sync.</b> Each connection is synced incrementally
 *       ({@link MonitoringPipeline#syncIncremental(ConnectionId)}) when first seen and then every
 *       {@linkplain Builder#syncInterval(Duration) interval} (default 6 hours, minus up to 10%
 *       jitter so connections drift apart), or per connection with
 *       {@link #syncInterval(ConnectionId, Duration)}. A sync that stopped early (backfill chunk
 *       limit or request budget) is continued as soon as the budget allows.</li>
 *   <li><b>On demand.</b> {@link #requestSync(ConnectionId, Set, TimeRange)} (for webhook
 *       notifications) and {@link #syncNow(ConnectionId)} queue a sync of one connection.</li>
 *   <li><b>Token refresh ahead of expiry.</b> From the expiry stored with each connection's
 *       tokens, it calls {@link TokenManager#accessToken(ConnectionId)} a
 *       {@linkplain Builder#tokenRefreshLead lead} (default 4 minutes) before expiry, so hosts and
 *       webhook syncs find a fresh token. The lead must not exceed the token manager's refresh
 *       margin (default 5 minutes), or the manager returns its cached token without refreshing
 *       and the scheduler tries again a minute later.</li>
 *   <li><b>Bounded concurrency.</b> At most {@linkplain Builder#maxConcurrentSyncs N} syncs run at
 *       once (default 4), and at most one per connection; work waits in a first-in, first-out
 *       queue.</li>
 *   <li><b>Quota.</b> The per-user quota is the pipeline's {@link RequestBudget}, shared with the
 *       HTTP client: the client reserves a permit per request, the pipeline stops a sync before a
 *       chunk the budget cannot pay for, and the scheduler resumes it after the delay the budget
 *       names. No worker thread waits for quota.</li>
 *   <li><b>Backoff.</b> After a failed sync the connection's next attempt waits
 *       {@linkplain Builder#backoff exponentially longer} (default from 1 minute doubling up to 1
 *       hour, with jitter, and at least the provider's Retry-After). On-demand requests for it
 *       wait too. A failed on-demand range is retried in the background up to 5 times.</li>
 *   <li><b>Pause.</b> A connection whose status is not {@link ConnectionStatus#ACTIVE}, or whose
 *       sync or refresh needed a new consent, is paused: no syncs, no refreshes, and its waiting
 *       requests fail with {@link ReauthorizationRequiredException}. It resumes, with a sync at
 *       once, when discovery or {@link #track(ConnectionId)} reads an active status again.</li>
 * </ul>
 *
 * <h2>Threads and time</h2>
 * Times come from the {@linkplain Builder#clock clock} (default the pipeline's) and delays are
 * handed to the {@linkplain Builder#executor timer executor}. By default the scheduler owns a
 * {@link ScheduledThreadPoolExecutor} of {@code maxConcurrentSyncs + 1} daemon threads named
 * {@code iomt-scheduler-N} that runs both timers and syncs; an executor passed by the caller is
 * used and never shut down.
 *
 * <h2>Closing</h2>
 * {@link #close()} stops taking work, cancels timers and queued work (their futures fail with
 * {@link CancellationException}), waits up to {@linkplain Builder#closeTimeout the close
 * timeout} (default 30 seconds) for running syncs, and shuts down the executors it owns. It is
 * idempotent. A sync cut short by close is safe, because watermarks only cover stored chunks.
 *
 * <p>Thread-safe. Does not own the pipeline or its stores and closes neither.
 */
public final class RefreshScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshScheduler.class);

    /** The shortest wait between two ahead-of-expiry refreshes of one connection. */
    private static final Duration MIN_REFRESH_GAP = Duration.ofMinutes(1);
    /** How many times a failed on-demand range sync is attempted in all. */
    private static final int MAX_REQUEST_ATTEMPTS = 5;

    private final MonitoringPipeline pipeline;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Executor workers;
    private final @Nullable ScheduledExecutorService owned;
    private final int maxConcurrentSyncs;
    private final Duration defaultInterval;
    private final double intervalJitter;
    private final Duration tokenRefreshLead;
    private final boolean refreshTokens;
    private final Duration discoveryInterval;
    private final int discoveryPageSize;
    private final Backoff backoff;
    private final Duration closeTimeout;
    private final List<SchedulerListener> listeners;
    private final RandomGenerator random;

    private final Object lock = new Object();
    private final Map<ConnectionId, ConnectionState> states = new HashMap<>();
    private final Map<ConnectionId, Duration> intervals = new HashMap<>();
    private final ArrayDeque<ConnectionState> ready = new ArrayDeque<>();
    private int running;
    private boolean started;
    private boolean closed;
    private @Nullable ScheduledFuture<?> discoveryTimer;

    private RefreshScheduler(Builder builder) {
        this.pipeline = builder.pipeline;
        this.clock = builder.clock != null ? builder.clock : builder.pipeline.clock();
        this.maxConcurrentSyncs = builder.maxConcurrentSyncs;
        if (builder.timer != null) {
            this.owned = null;
            this.timer = builder.timer;
        } else {
            int threads = builder.workers != null ? 1 : builder.maxConcurrentSyncs + 1;
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, new SchedulerThreadFactory());
            pool.setRemoveOnCancelPolicy(true);
            pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            this.owned = pool;
            this.timer = pool;
        }
        this.workers = builder.workers != null ? builder.workers : timer;
        this.defaultInterval = builder.interval;
        this.intervalJitter = builder.intervalJitter;
        this.tokenRefreshLead = builder.tokenRefreshLead;
        this.refreshTokens = builder.refreshTokens;
        this.discoveryInterval = builder.discoveryInterval;
        this.discoveryPageSize = builder.discoveryPageSize;
        this.random = builder.random != null ? builder.random : new Random();
        this.backoff = new Backoff(builder.backoffBase, builder.backoffMax, random);
        this.closeTimeout = builder.closeTimeout;
        this.listeners = List.copyOf(builder.listeners);
        this.intervals.putAll(builder.intervals);
    }

    /** Returns a builder for a scheduler that syncs through {@code pipeline}. */
    public static Builder builder(MonitoringPipeline pipeline) {
        return new Builder(pipeline);
    }

    /** Returns the pipeline the scheduler syncs through. */
    public MonitoringPipeline pipeline() {
        return pipeline;
    }

    /**
     * Starts discovery, periodic syncs and ahead-of-expiry token refreshes; the first discovery
     * runs at once on a scheduler thread. Without it, the scheduler runs only on-demand syncs,
     * their background retries and the continuations of backfills they started. Calling it again
     * does nothing.
     *
     * @throws IllegalStateException if the scheduler is closed
     */
    public void start() {
        synchronized (lock) {
            ensureOpen();
            if (started) {
                return;
            }
            started = true;
            discoveryTimer = timer.schedule(this::discover, 0, TimeUnit.MILLISECONDS);
        }
        LOG.debug("Refresh scheduler started: {}", this);
    }

    /**
     * Queues an incremental sync of {@code connection} (backfill or catch-up from the watermarks)
     * ahead of its periodic one, and tracks the connection if it was not tracked yet. The future
     * completes with the report of that sync. A sync that stops early because of the chunk limit or
     * the budget completes it too, and the rest follows in the background. For one-shot use, such as a
     * demo, {@link #start()} is not needed.
     *
     * @return the report, or a future failed with {@link ReauthorizationRequiredException} if the
     *     connection is paused, {@link IllegalArgumentException} if it is unknown, or
     *     {@link CancellationException} if the scheduler closes first
     * @throws IllegalArgumentException if no wearable of the connection's provider is registered
     */
    public CompletableFuture<SyncReport> syncNow(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        requireWearable(connection);
        CompletableFuture<SyncReport> result = new CompletableFuture<>();
        submit(connection, result, state -> {
            state.incrementalWaiters.add(result);
            state.incrementalDue = true;
        }, null);
        return result;
    }

    /**
     * Queues a sync of {@code metrics} of {@code connection} over {@code range}, for example the
     * changed intervals of a webhook notification. Requests of one connection run in order, one at
     * a time. The future completes with the report of the first attempt. If that attempt failed,
     * the scheduler retries the range in the background after the connection's backoff, up to 5
     * attempts in all.
     *
     * @return the report, or a future failed as described for {@link #syncNow(ConnectionId)}
     * @throws IllegalArgumentException if {@code metrics} is empty or no wearable of the
     *     connection's provider is registered
     */
    public CompletableFuture<SyncReport> requestSync(ConnectionId connection, Set<Metric> metrics, TimeRange range) {
        return queueRequest(connection, metrics, range, false,
                "metrics must not be empty; use requestSync(connection, range) for all");
    }

    /**
     * Queues a {@linkplain MonitoringPipeline#replace replacement} of {@code metrics} of
     * {@code connection} over {@code range}: the stored points there are deleted, then the range is
     * synced again. Use it for the intervals of a webhook {@code DELETE} notification. It runs in
     * order with the connection's other syncs and is retried like {@link #requestSync}.
     *
     * <p>For a paused connection the deletion still runs, on the calling thread, because the
     * provider has deleted the data. The future then completes with a report whose results
     * are {@link ReauthorizationRequiredException}s.
     *
     * @return the report of the first attempt, or a future failed with
     *     {@link UnknownConnectionException} if the connection is unknown, or
     *     {@link CancellationException} if the scheduler closes first
     * @throws IllegalArgumentException if {@code metrics} is empty or no wearable of the
     *     connection's provider is registered
     */
    public CompletableFuture<SyncReport> requestReplace(ConnectionId connection, Set<Metric> metrics,
            TimeRange range) {
        return queueRequest(connection, metrics, range, true,
                "metrics must not be empty; pass the metrics of the deleted data");
    }

    /** Validates and queues an on-demand request. A paused connection still gets its replacement. */
    private CompletableFuture<SyncReport> queueRequest(ConnectionId connection, Set<Metric> metrics, TimeRange range,
            boolean replace, String emptyMetrics) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(range, "range");
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException(emptyMetrics);
        }
        requireWearable(connection);

        CompletableFuture<SyncReport> result = new CompletableFuture<>();
        Set<Metric> selected = EnumSet.copyOf(metrics);
        SyncRequest request = new SyncRequest(selected, range, replace, result, 0);
        @Nullable Runnable whenPaused = replace ? () -> replacePaused(connection, selected, range, result) : null;
        submit(connection, result, state -> state.requests.add(request), whenPaused);
        return result;
    }

    /** Queues a sync of every metric of {@code connection} over {@code range}; see {@link #requestSync(ConnectionId, Set, TimeRange)}. */
    public CompletableFuture<SyncReport> requestSync(ConnectionId connection, TimeRange range) {
        Objects.requireNonNull(connection, "connection");
        return requestSync(connection, pipeline.metricsOf(connection), range);
    }

    /**
     * Re-reads {@code connection} from the token store and starts tracking it, pauses it or
     * resumes it, according to its stored status. Call it after connecting or reconnecting a subject to avoid
     * waiting for the next discovery.
     *
     * @throws IllegalStateException if the scheduler is closed
     */
    public void track(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        Optional<ConnectionRecord> record = pipeline.tokenStore().load(connection);
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            ensureOpen();
            if (record.isEmpty()) {
                forget(connection, after);
            } else if (pipeline.supports(connection.provider())) {
                observe(record.get(), after);
            }
            dispatch(after);
        }
        runAll(after);
    }

    /**
     * Sets the sync interval of one connection, replacing the default from the next scheduled sync.
     *
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public void syncInterval(ConnectionId connection, Duration interval) {
        Objects.requireNonNull(connection, "connection");
        Builder.positive(interval, "interval");
        synchronized (lock) {
            intervals.put(connection, interval);
            ConnectionState state = states.get(connection);
            if (state != null) {
                state.interval = interval;
            }
        }
    }

    /** Returns what the scheduler plans for {@code connection}, if it tracks it. */
    public Optional<ConnectionSchedule> schedule(ConnectionId connection) {
        Objects.requireNonNull(connection, "connection");
        synchronized (lock) {
            ConnectionState state = states.get(connection);
            if (state == null) {
                return Optional.empty();
            }
            return Optional.of(new ConnectionSchedule(state.id, state.paused, state.running, state.failures,
                    state.interval, state.nextSyncAt, state.nextRefreshAt, state.requests.size()));
        }
    }

    /** Returns the number of tracked connections. */
    public int trackedConnections() {
        synchronized (lock) {
            return states.size();
        }
    }

    /** Returns the number of syncs running now. */
    public int runningSyncs() {
        synchronized (lock) {
            return running;
        }
    }

    // ---- discovery ------------------------------------------------------------------------

    private void discover() {
        try {
            discoverAll();
        } catch (RuntimeException e) {
            LOG.warn("Listing connections failed; retrying at the next discovery", e);
            notifyListeners(listener -> listener.onDiscoveryFailed(e));
        }
        synchronized (lock) {
            if (!closed) {
                discoveryTimer = timer.schedule(this::discover, discoveryInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void discoverAll() {
        synchronized (lock) {
            states.values().forEach(state -> state.seen = false);
        }
        String pageToken = null;
        do {
            ConnectionPage page = pipeline.tokenStore().list(pageToken, discoveryPageSize);
            List<Runnable> after = new ArrayList<>();
            synchronized (lock) {
                if (closed) {
                    return;
                }
                for (ConnectionRecord record : page.records()) {
                    if (pipeline.supports(record.id().provider())) {
                        observe(record, after);
                    }
                }
                dispatch(after);
            }
            runAll(after);
            pageToken = page.nextPageToken();
        } while (pageToken != null);

        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            for (ConnectionState state : List.copyOf(states.values())) {
                if (!state.seen) {
                    forget(state.id, after);
                }
            }
        }
        runAll(after);
    }

    /** Applies a record read from the store: start tracking, pause, resume, or move the refresh. Holds the lock. */
    private void observe(ConnectionRecord record, List<Runnable> after) {
        ConnectionId id = record.id();
        ConnectionState state = states.get(id);
        boolean active = record.connection().status() == ConnectionStatus.ACTIVE;
        if (state == null) {
            state = new ConnectionState(id, intervals.getOrDefault(id, defaultInterval));
            states.put(id, state);
            state.seen = true;
            if (!active) {
                pause(state, record.connection().status(), after);
            }
        }

        state.seen = true;
        if (!active && !state.paused) {
            pause(state, record.connection().status(), after);
        } else if (active && state.paused) {
            resume(state, record, after);
        } else if (active && started) {
            startPeriodicWork(state, record);
        }
    }

    /** Queues the first periodic sync and schedules the token refresh, unless already planned. Holds the lock. */
    private void startPeriodicWork(ConnectionState state, ConnectionRecord record) {
        if (state.syncTimer == null && !state.running && !state.queued) {
            state.incrementalDue = true;
            state.incrementalScheduled = true;
            enqueue(state);
        }
        if (state.refreshTimer == null) {
            scheduleRefresh(state, record);
        }
    }

    private void forget(ConnectionId id, List<Runnable> after) {
        ConnectionState state = states.remove(id);
        if (state == null) {
            return;
        }
        state.cancelTimers();
        ready.remove(state);
        IllegalArgumentException gone = new IllegalArgumentException(
                "Connection " + id + " was deleted from the token store; connect the subject again to sync it");
        for (CompletableFuture<SyncReport> waiter : state.drainWaiters()) {
            after.add(() -> waiter.completeExceptionally(gone));
        }
        LOG.debug("Stopped tracking connection {}: it is no longer in the token store", id);
    }

    private void pause(ConnectionState state, ConnectionStatus status, List<Runnable> after) {
        state.paused = true;
        state.cancelTimers();
        ready.remove(state);
        state.queued = false;
        ReauthorizationRequiredException paused = new ReauthorizationRequiredException(state.id, "Connection "
                + state.id + " is " + status + "; its syncs are paused until the subject is reconnected");
        for (CompletableFuture<SyncReport> waiter : state.drainWaiters()) {
            after.add(() -> waiter.completeExceptionally(paused));
        }
        LOG.debug("Paused connection {}: status {}", state.id, status);
        ConnectionId id = state.id;
        after.add(() -> notifyListeners(listener -> listener.onPaused(id, status)));
    }

    private void resume(ConnectionState state, ConnectionRecord record, List<Runnable> after) {
        state.paused = false;
        state.failures = 0;
        state.refreshFailures = 0;
        state.backoffUntil = null;
        if (started) {
            startPeriodicWork(state, record);
        }
        LOG.debug("Resumed connection {}", state.id);
        ConnectionId id = state.id;
        after.add(() -> notifyListeners(listener -> listener.onResumed(id)));
    }

    // ---- on-demand submission -------------------------------------------------------------

    private interface Work {
        void addTo(ConnectionState state);
    }

    /**
     * Adds {@code work} to a connection and queues it. For a paused connection, runs
     * {@code whenPaused} on the calling thread if given, else fails {@code result}.
     */
    private void submit(ConnectionId id, CompletableFuture<SyncReport> result, Work work,
            @Nullable Runnable whenPaused) {
        Optional<ConnectionRecord> record;
        try {
            record = pipeline.tokenStore().load(id);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                result.completeExceptionally(new IllegalStateException(
                        "The refresh scheduler is closed; build a new one to sync " + id));
                return;
            }
            if (record.isEmpty()) {
                forget(id, after);
                after.add(() -> result.completeExceptionally(
                        new UnknownConnectionException(id, "connect the subject first")));
            } else {
                observe(record.get(), after);
                ConnectionState state = Objects.requireNonNull(states.get(id));
                if (state.paused && whenPaused != null) {
                    after.add(whenPaused);
                } else if (state.paused) {
                    after.add(() -> result.completeExceptionally(new ReauthorizationRequiredException(id,
                            "Connection " + id + " is " + record.get().connection().status()
                                    + "; reconnect the subject to resume syncing")));
                } else {
                    work.addTo(state);
                    if (!state.isBackingOff(clock.instant())) {
                        enqueue(state);
                    }
                }
            }
            dispatch(after);
        }
        runAll(after);
    }

    // ---- dispatch and completion ----------------------------------------------------------

    /** Puts a connection with work into the ready queue unless it is already queued or running. Holds the lock. */
    private void enqueue(ConnectionState state) {
        if (state.queued || state.running || state.paused || !state.hasWork()) {
            return;
        }
        state.queued = true;
        ready.add(state);
    }

    /** Hands ready connections to workers while slots are free; the submissions run after the lock. Holds the lock. */
    private void dispatch(List<Runnable> after) {
        while (!closed && running < maxConcurrentSyncs && !ready.isEmpty()) {
            ConnectionState state = ready.poll();
            state.queued = false;
            if (state.paused || !state.hasWork() || states.get(state.id) != state) {
                continue;
            }
            state.running = true;
            running++;
            Runnable task = takeWork(state);
            after.add(() -> execute(state, task));
        }
    }

    /** Takes the next unit of work of a connection: the oldest on-demand range, else the incremental sync. Holds the lock. */
    private Runnable takeWork(ConnectionState state) {
        SyncRequest request = state.requests.poll();
        if (request != null) {
            return () -> runRequest(state, request);
        }
        List<CompletableFuture<SyncReport>> waiters = List.copyOf(state.incrementalWaiters);
        state.incrementalWaiters.clear();
        SyncEvent.Trigger trigger = state.incrementalScheduled && waiters.isEmpty()
                ? SyncEvent.Trigger.SCHEDULED : SyncEvent.Trigger.REQUESTED;
        state.incrementalDue = false;
        state.incrementalScheduled = false;
        return () -> runIncremental(state, trigger, waiters);
    }

    private void execute(ConnectionState state, Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.warn("The worker executor rejected the sync of connection {}; dropping it", state.id, e);
            List<Runnable> after = new ArrayList<>();
            synchronized (lock) {
                state.running = false;
                running--;
                lock.notifyAll();
                for (CompletableFuture<SyncReport> waiter : state.drainWaiters()) {
                    after.add(() -> waiter.completeExceptionally(e));
                }
            }
            runAll(after);
        }
    }

    private void runIncremental(ConnectionState state, SyncEvent.Trigger trigger,
            List<CompletableFuture<SyncReport>> waiters) {
        SyncReport report = null;
        RuntimeException error = null;
        try {
            report = pipeline.syncIncremental(state.id, trigger);
        } catch (RuntimeException e) {
            error = e;
        }
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            finish(state, report, error, true, after);
            dispatch(after);
        }
        for (CompletableFuture<SyncReport> waiter : waiters) {
            complete(waiter, report, error);
        }
        runAll(after);
    }

    private void runRequest(ConnectionState state, SyncRequest request) {
        SyncReport report = null;
        RuntimeException error = null;
        try {
            report = request.replace()
                    ? pipeline.replace(state.id, request.metrics(), request.range(), SyncEvent.Trigger.REQUESTED)
                    : pipeline.syncRange(state.id, request.metrics(), request.range(), SyncEvent.Trigger.REQUESTED);
        } catch (RuntimeException e) {
            error = e;
        }
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            boolean failed = error != null || !report.failures().isEmpty();
            if (failed && !closed && request.attempt() + 1 < MAX_REQUEST_ATTEMPTS && !isReauthorization(report, error)) {
                state.requests.addFirst(request.retry());
            }
            finish(state, report, error, false, after);
            dispatch(after);
        }
        if (request.result() != null) {
            complete(request.result(), report, error);
        }
        runAll(after);
    }

    /** Records the outcome of a sync: pause, backoff, continuation or the next periodic sync. Holds the lock. */
    private void finish(ConnectionState state, @Nullable SyncReport report, @Nullable RuntimeException error,
            boolean incremental, List<Runnable> after) {
        state.running = false;
        running--;
        lock.notifyAll();
        if (closed || states.get(state.id) != state) {
            return;
        }
        Instant now = clock.instant();

        if (isReauthorization(report, error)) {
            pause(state, ConnectionStatus.REAUTHORIZATION_REQUIRED, after);
            return;
        }
        if (error instanceof IllegalArgumentException) {
            // The pipeline throws this only for a connection that is no longer in the token store.
            forget(state.id, after);
            return;
        }

        Throwable cause = firstCause(report, error);
        if (cause != null) {
            state.failures++;
            Duration delay = backoff.delay(state.failures, retryAfter(cause));
            state.backoffUntil = now.plus(delay);
            state.incrementalScheduled = true;
            scheduleSync(state, state.backoffUntil);
            int failures = state.failures;
            LOG.warn("Sync of connection {} failed ({} in a row, {}); next attempt in {}", state.id, failures,
                    LoggedFailure.describe(cause), delay);
            after.add(() -> notifyListeners(listener -> listener.onBackoff(state.id, failures, delay, cause)));
            return;
        }

        state.failures = 0;
        state.backoffUntil = null;
        if (incremental && report != null && report.hasRemaining()) {
            state.incrementalScheduled = true;
            scheduleSync(state, now.plus(report.budgetDelay()));
        } else if (incremental && started) {
            scheduleSync(state, now.plus(jittered(state.interval)));
        }
        enqueue(state);
    }

    private static @Nullable Throwable firstCause(@Nullable SyncReport report, @Nullable RuntimeException error) {
        if (error != null) {
            return error;
        }
        return report == null ? null : report.firstFailure().orElse(null);
    }

    private static boolean isReauthorization(@Nullable SyncReport report, @Nullable RuntimeException error) {
        return error instanceof ReauthorizationRequiredException || (report != null && report.isReauthorizationRequired());
    }

    private static Duration retryAfter(Throwable cause) {
        if (cause instanceof ProviderException provider) {
            return provider.retryAfter().orElse(Duration.ZERO);
        }
        return Duration.ZERO;
    }

    private Duration jittered(Duration interval) {
        long jitterMillis = (long) (interval.toMillis() * intervalJitter);
        return jitterMillis <= 0 ? interval : interval.minusMillis(random.nextLong(jitterMillis + 1));
    }

    private void replacePaused(ConnectionId connection, Set<Metric> metrics, TimeRange range,
            CompletableFuture<SyncReport> result) {
        try {
            result.complete(pipeline.replace(connection, metrics, range, SyncEvent.Trigger.REQUESTED));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private static void complete(CompletableFuture<SyncReport> future, @Nullable SyncReport report,
            @Nullable RuntimeException error) {
        if (error != null) {
            future.completeExceptionally(error);
        } else {
            future.complete(Objects.requireNonNull(report));
        }
    }

    // ---- timers ---------------------------------------------------------------------------

    /** Schedules the connection's next incremental sync at {@code at}, replacing the pending one. Holds the lock. */
    private void scheduleSync(ConnectionState state, Instant at) {
        if (state.syncTimer != null) {
            state.syncTimer.cancel(false);
        }
        state.nextSyncAt = at;
        state.syncTimer = timer.schedule(() -> onSyncTimer(state), delayUntil(at), TimeUnit.MILLISECONDS);
    }

    private void onSyncTimer(ConnectionState state) {
        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            if (closed || state.paused || states.get(state.id) != state) {
                return;
            }
            state.syncTimer = null;
            state.nextSyncAt = null;
            state.backoffUntil = null;
            state.incrementalDue = true;
            state.incrementalScheduled = true;
            enqueue(state);
            dispatch(after);
        }
        runAll(after);
    }

    /** Schedules the ahead-of-expiry refresh from the stored expiry. Holds the lock. */
    private void scheduleRefresh(ConnectionState state, ConnectionRecord record) {
        TokenPair tokens = record.tokens();
        if (!refreshTokens || tokens == null) {
            return;
        }
        Instant at = tokens.expiresAt().minus(tokenRefreshLead);
        scheduleRefreshAt(state, at);
    }

    private void scheduleRefreshAt(ConnectionState state, Instant at) {
        if (state.refreshTimer != null) {
            state.refreshTimer.cancel(false);
        }
        state.nextRefreshAt = at;
        state.refreshTimer = timer.schedule(() -> onRefreshTimer(state), delayUntil(at), TimeUnit.MILLISECONDS);
    }

    private void onRefreshTimer(ConnectionState state) {
        synchronized (lock) {
            if (closed || state.paused || states.get(state.id) != state) {
                return;
            }
            state.refreshTimer = null;
            state.nextRefreshAt = null;
        }
        try {
            workers.execute(() -> refresh(state));
        } catch (RejectedExecutionException e) {
            LOG.debug("Token refresh of connection {} not run: the worker executor rejected it", state.id);
        }
    }

    private void refresh(ConnectionState state) {
        ConnectionId id = state.id;
        Instant expiry = null;
        RuntimeException error = null;
        try {
            pipeline.tokenManager().accessToken(id);
            expiry = pipeline.tokenStore().load(id).map(ConnectionRecord::tokens).map(TokenPair::expiresAt).orElse(null);
        } catch (RuntimeException e) {
            error = e;
        }

        List<Runnable> after = new ArrayList<>();
        synchronized (lock) {
            if (closed || state.paused || states.get(id) != state) {
                return;
            }
            Instant now = clock.instant();
            if (error instanceof ReauthorizationRequiredException) {
                pause(state, ConnectionStatus.REAUTHORIZATION_REQUIRED, after);
            } else if (error instanceof IllegalArgumentException) {
                forget(id, after);
            } else if (error != null) {
                state.refreshFailures++;
                int failures = state.refreshFailures;
                Duration delay = backoff.delay(failures, Duration.ZERO);
                scheduleRefreshAt(state, now.plus(delay));
                RuntimeException cause = error;
                LOG.warn("Refreshing the token of connection {} ahead of expiry failed ({} in a row, {}); retrying in {}",
                        id, failures, cause.getClass().getSimpleName(), delay);
                after.add(() -> notifyListeners(listener -> listener.onTokenRefreshFailed(id, failures, delay, cause)));
            } else if (expiry != null) {
                state.refreshFailures = 0;
                Instant next = expiry.minus(tokenRefreshLead);
                Instant earliest = now.plus(MIN_REFRESH_GAP);
                scheduleRefreshAt(state, next.isBefore(earliest) ? earliest : next);
                Instant newExpiry = expiry;
                after.add(() -> notifyListeners(listener -> listener.onTokenRefreshed(id, newExpiry)));
            }
        }
        runAll(after);
    }

    private long delayUntil(Instant at) {
        long millis = Duration.between(clock.instant(), at).toMillis();
        return Math.max(0, millis);
    }

    // ---- closing --------------------------------------------------------------------------

    /**
     * Stops taking work, cancels timers and queued syncs, waits up to the close timeout for running
     * syncs, and shuts down the executor the scheduler created. Idempotent; later calls return at
     * once.
     */
    @Override
    public void close() {
        List<CompletableFuture<SyncReport>> cancelled = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (discoveryTimer != null) {
                discoveryTimer.cancel(false);
            }
            for (ConnectionState state : states.values()) {
                state.cancelTimers();
                cancelled.addAll(state.drainWaiters());
            }
            ready.clear();
        }
        CancellationException cancellation = new CancellationException("The refresh scheduler was closed");
        cancelled.forEach(future -> future.completeExceptionally(cancellation));

        long deadline = System.nanoTime() + closeTimeout.toNanos();
        int stillRunning = awaitIdle(deadline);
        if (owned != null) {
            owned.shutdown();
            awaitTermination(owned, deadline);
        }
        if (stillRunning > 0) {
            LOG.warn("Refresh scheduler closed with {} syncs still running after {}; their watermarks cover only"
                    + " stored chunks", stillRunning, closeTimeout);
        }
        LOG.debug("Refresh scheduler closed");
    }

    private int awaitIdle(long deadlineNanos) {
        synchronized (lock) {
            while (running > 0) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return running;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return running;
                }
            }
            return 0;
        }
    }

    private static void awaitTermination(ScheduledExecutorService executor, long deadlineNanos) {
        try {
            long remaining = Math.max(0, deadlineNanos - System.nanoTime());
            if (!executor.awaitTermination(remaining, TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The refresh scheduler is closed; build a new one");
        }
    }

    private void requireWearable(ConnectionId connection) {
        if (!pipeline.supports(connection.provider())) {
            throw new IllegalArgumentException("No wearable registered for provider " + connection.provider()
                    + "; add one with MonitoringPipeline.builder().wearable(...)");
        }
    }

    private static void runAll(List<Runnable> actions) {
        for (Runnable action : actions) {
            action.run();
        }
    }

    private void notifyListeners(java.util.function.Consumer<SchedulerListener> call) {
        for (SchedulerListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("A scheduler listener threw; ignoring it", e);
            }
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "RefreshScheduler[connections=" + states.size() + ", running=" + running + ", queued=" + ready.size()
                    + ", maxConcurrentSyncs=" + maxConcurrentSyncs + ", interval=" + defaultInterval
                    + (closed ? ", closed" : "") + "]";
        }
    }

    /**
     * The plan of a {@link RefreshScheduler} for one connection, at the moment of the call.
     * Immutable.
     *
     * @param connection the connection
     * @param paused whether syncs wait for the subject to be reconnected
     * @param running whether a sync of the connection runs now
     * @param failures consecutive failed syncs
     * @param interval the connection's sync interval
     * @param nextSyncAt when the next periodic sync or retry is due, or {@code null} if none is
     *     scheduled (paused, queued or running)
     * @param nextTokenRefreshAt when the token is refreshed next, or {@code null} if no refresh is
     *     scheduled
     * @param pendingRequests on-demand range syncs waiting
     */
    public record ConnectionSchedule(ConnectionId connection, boolean paused, boolean running, int failures,
            Duration interval, @Nullable Instant nextSyncAt, @Nullable Instant nextTokenRefreshAt,
            int pendingRequests) {
    }

    /** Configures a {@link RefreshScheduler}. Not thread-safe; build once. */
    public static final class Builder {
        private final MonitoringPipeline pipeline;
        private @Nullable Clock clock;
        private @Nullable ScheduledExecutorService timer;
        private @Nullable Executor workers;
        private int maxConcurrentSyncs = 4;
        private Duration interval = Duration.ofHours(6);
        private final Map<ConnectionId, Duration> intervals = new HashMap<>();
        private double intervalJitter = 0.1;
        private Duration tokenRefreshLead = Duration.ofMinutes(4);
        private boolean refreshTokens = true;
        private Duration discoveryInterval = Duration.ofMinutes(10);
        private int discoveryPageSize = 500;
        private Duration backoffBase = Duration.ofMinutes(1);
        private Duration backoffMax = Duration.ofHours(1);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private final List<SchedulerListener> listeners = new ArrayList<>();
        private @Nullable RandomGenerator random;

        private Builder(MonitoringPipeline pipeline) {
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        }

        /** Sets the clock that due times are computed with; default the pipeline's clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the executor for timers, which also runs syncs unless {@link #workers(Executor)} is
         * set. The scheduler never shuts it down. By default the scheduler creates and owns one.
         */
        public Builder executor(ScheduledExecutorService executor) {
            this.timer = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Sets the executor that runs syncs and token refreshes; the scheduler never shuts it down.
         * Concurrency stays bounded by {@link #maxConcurrentSyncs(int)} whatever its size.
         */
        public Builder workers(Executor executor) {
            this.workers = Objects.requireNonNull(executor, "workers");
            return this;
        }

        /**
         * Sets how many syncs may run at once; default 4. With a per-request latency L and N slots,
         * the scheduler cannot issue more than N / L requests per second.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxConcurrentSyncs(int syncs) {
            if (syncs < 1) {
                throw new IllegalArgumentException("maxConcurrentSyncs must be >= 1, got " + syncs);
            }
            this.maxConcurrentSyncs = syncs;
            return this;
        }

        /** Sets the default interval between periodic syncs of a connection; default 6 hours. */
        public Builder syncInterval(Duration interval) {
            this.interval = positive(interval, "syncInterval");
            return this;
        }

        /** Sets the sync interval of one connection; see also {@link RefreshScheduler#syncInterval}. */
        public Builder syncInterval(ConnectionId connection, Duration interval) {
            intervals.put(Objects.requireNonNull(connection, "connection"), positive(interval, "syncInterval"));
            return this;
        }

        /**
         * Sets the fraction of the interval by which each periodic sync is randomly brought
         * forward, so that connections synced together drift apart. Default 0.1, and 0 for none.
         *
         * @throws IllegalArgumentException if outside [0, 0.5]
         */
        public Builder intervalJitter(double fraction) {
            if (!(fraction >= 0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("intervalJitter must lie in [0, 0.5], got " + fraction);
            }
            this.intervalJitter = fraction;
            return this;
        }

        /**
         * Sets how long before a token's stored expiry the scheduler refreshes it; default 4
         * minutes. Keep it at or below the token manager's refresh margin (default 5 minutes).
         */
        public Builder tokenRefreshLead(Duration lead) {
            this.tokenRefreshLead = positive(lead, "tokenRefreshLead");
            return this;
        }

        /** Sets whether the scheduler refreshes tokens ahead of expiry; default true. */
        public Builder refreshTokens(boolean refresh) {
            this.refreshTokens = refresh;
            return this;
        }

        /** Sets how often the token store is listed for new, changed and deleted connections; default 10 minutes. */
        public Builder discoveryInterval(Duration interval) {
            this.discoveryInterval = positive(interval, "discoveryInterval");
            return this;
        }

        /**
         * Sets the page size of {@link TokenStore#list}; default 500.
         *
         * @throws IllegalArgumentException if outside [1, 1000]
         */
        public Builder discoveryPageSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("discoveryPageSize must lie in [1, 1000], got " + size);
            }
            this.discoveryPageSize = size;
            return this;
        }

        /**
         * Sets the backoff after failed syncs and refreshes: the first retry waits between half and
         * all of {@code base}, each further failure doubles that, up to {@code max}. Default 1
         * minute and 1 hour.
         *
         * @throws IllegalArgumentException if either is not positive or {@code max} is below {@code base}
         */
        public Builder backoff(Duration base, Duration max) {
            positive(base, "base");
            positive(max, "max");
            if (max.compareTo(base) < 0) {
                throw new IllegalArgumentException("max (" + max + ") must not be below base (" + base + ")");
            }
            this.backoffBase = base;
            this.backoffMax = max;
            return this;
        }

        /** Sets how long {@link RefreshScheduler#close()} waits for running syncs; default 30 seconds. */
        public Builder closeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "closeTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative, got " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /** Adds a listener for scheduling events. */
        public Builder listener(SchedulerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the random generator for jitter, for reproducible tests; default a new
         * {@link Random}. It is used under the scheduler's lock.
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Builds the scheduler; it does nothing until {@link RefreshScheduler#start()} or an on-demand call. */
        public RefreshScheduler build() {
            return new RefreshScheduler(this);
        }

        static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }
}
