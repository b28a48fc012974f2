package io.iomt.sdk;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Test doubles for sync and scheduling tests: a manual clock, an executor it drives, a fake wearable. */
final class SyncFakes {

    static final ProviderId PROVIDER = new ProviderId("fake");
    static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private SyncFakes() {
    }

    /** A clock that moves only when the test sets or advances it. Thread-safe. */
    static final class ManualClock extends java.time.Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            this.now = instant;
        }

        void advance(Duration duration) {
            this.now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * A {@link ScheduledExecutorService} that runs nothing by itself: tasks wait in a queue ordered
     * by due time on the {@link ManualClock}, and run on the test thread when the test calls
     * {@link #runDue()} or {@link #advance(Duration)}. {@code execute} queues a task due now.
     */
    static final class ManualExecutor implements ScheduledExecutorService {
        private final ManualClock clock;
        private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
        private long sequence;
        private boolean shutdown;
        int executed;

        ManualExecutor(ManualClock clock) {
            this.clock = clock;
        }

        /** Runs every task due now, including tasks they queue for now. */
        int runDue() {
            int ran = 0;
            while (true) {
                Task<?> next;
                synchronized (this) {
                    next = queue.peek();
                    if (next == null || next.dueAt.isAfter(clock.instant())) {
                        return ran;
                    }
                    queue.poll();
                }
                if (!next.isCancelled()) {
                    next.run();
                    executed++;
                    ran++;
                }
                if (ran > 100_000) {
                    throw new AssertionError("runDue ran over 100,000 tasks; a task keeps rescheduling itself at once");
                }
            }
        }

        /** Moves the clock forward by {@code duration}, running each task at its due time. */
        void advance(Duration duration) {
            advanceTo(clock.instant().plus(duration));
        }

        void advanceTo(Instant target) {
            runDue();
            while (true) {
                Task<?> next;
                synchronized (this) {
                    next = queue.peek();
                }
                if (next == null || next.dueAt.isAfter(target)) {
                    break;
                }
                if (next.dueAt.isAfter(clock.instant())) {
                    clock.set(next.dueAt);
                }
                runDue();
            }
            clock.set(target);
            runDue();
        }

        synchronized int pending() {
            return (int) queue.stream().filter(task -> !task.isCancelled()).count();
        }

        private synchronized <V> Task<V> add(Callable<V> callable, long delayMillis) {
            if (shutdown) {
                throw new RejectedExecutionException("executor is shut down");
            }
            Task<V> task = new Task<>(callable, clock.instant().plusMillis(Math.max(0, delayMillis)), sequence++);
            queue.add(task);
            return task;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return add(() -> {
                command.run();
                return null;
            }, unit.toMillis(delay));
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return add(callable, unit.toMillis(delay));
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException("not used by the scheduler");
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException("not used by the scheduler");
        }

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void shutdown() {
            shutdown = true;
        }

        @Override
        public synchronized List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public synchronized boolean isShutdown() {
            return shutdown;
        }

        @Override
        public synchronized boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return add(task, 0);
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return add(() -> {
                task.run();
                return result;
            }, 0);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return submit(task, null);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
            throw new UnsupportedOperationException("not used by the scheduler");
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("not used by the scheduler");
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) {
            throw new UnsupportedOperationException("not used by the scheduler");
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("not used by the scheduler");
        }

        private final class Task<V> implements ScheduledFuture<V>, Runnable {
            private final Callable<V> callable;
            private final Instant dueAt;
            private final long order;
            private volatile boolean cancelled;
            private volatile boolean done;
            private @Nullable V value;
            private @Nullable Throwable failure;

            Task(Callable<V> callable, Instant dueAt, long order) {
                this.callable = callable;
                this.dueAt = dueAt;
                this.order = order;
            }

            @Override
            public void run() {
                try {
                    value = callable.call();
                } catch (Exception e) {
                    failure = e;
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                } finally {
                    done = true;
                }
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return unit.convert(Duration.between(clock.instant(), dueAt));
            }

            @Override
            public int compareTo(Delayed other) {
                Task<?> that = (Task<?>) other;
                int byTime = dueAt.compareTo(that.dueAt);
                return byTime != 0 ? byTime : Long.compare(order, that.order);
            }

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                if (done) {
                    return false;
                }
                cancelled = true;
                return true;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public boolean isDone() {
                return done || cancelled;
            }

            @Override
            public V get() throws ExecutionException {
                if (failure != null) {
                    throw new ExecutionException(failure);
                }
                return value;
            }

            @Override
            public V get(long timeout, TimeUnit unit) throws ExecutionException {
                return get();
            }
        }
    }

    /** An executor that keeps submitted tasks until the test runs them, to observe concurrency. */
    static final class HoldingExecutor implements Executor {
        final Deque<Runnable> held = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable command) {
            held.add(command);
        }

        synchronized int size() {
            return held.size();
        }

        void runOne() {
            Runnable next;
            synchronized (this) {
                next = held.poll();
            }
            if (next == null) {
                throw new AssertionError("no held task to run");
            }
            next.run();
        }
    }

    /**
     * A provider double: serves each subject's source series sliced to the requested range, records
     * every fetch, reserves one request of the budget per fetch, requests a token from the token source,
     * and throws queued failures.
     */
    static final class FakeWearable implements Wearable {
        private final Set<Metric> metrics;
        private final FakeTokenEndpoint endpoint;
        private final Map<SubjectId, Map<Metric, Series>> sources = new ConcurrentHashMap<>();
        final List<FetchRequest> fetches = new CopyOnWriteArrayList<>();
        final Deque<RuntimeException> failures = new ArrayDeque<>();
        volatile @Nullable Function<FetchRequest, @Nullable RuntimeException> failWhen;
        volatile @Nullable RequestBudget budget;
        volatile @Nullable Runnable onFetch;
        /** Turns each fetched series into what {@link #receive} returns. Without it, the series is parsed already. */
        volatile @Nullable BiFunction<FetchRequest, Series, ReceivedSeries> deferral;

        FakeWearable(FakeTokenEndpoint endpoint, Metric... metrics) {
            this.endpoint = endpoint;
            this.metrics = EnumSet.copyOf(List.of(metrics));
        }

        /** Adds points to the source of {@code subject}; newer points replace points at the same time. */
        void addSource(SubjectId subject, Series series) {
            sources.computeIfAbsent(subject, s -> new EnumMap<>(Metric.class))
                    .merge(series.metric(), series, Series::merge);
        }

        /** Removes the points of {@code metric} in {@code range} from the source, as a user deleting data would. */
        void removeSource(SubjectId subject, Metric metric, TimeRange range) {
            Series before = source(subject, metric);
            int from = before.indexAtOrAfter(range.startMillis());
            int to = before.indexAtOrAfter(range.endMillis());
            sources.get(subject).put(metric, Series.builder(metric, before.size())
                    .addAll(before.slice(0, from)).addAll(before.slice(to, before.size())).build());
        }

        Series source(SubjectId subject, Metric metric) {
            return sources.getOrDefault(subject, Map.of()).getOrDefault(metric, Series.empty(metric));
        }

        synchronized void failNext(RuntimeException failure) {
            failures.add(failure);
        }

        List<TimeRange> fetchedRanges(Metric metric) {
            return fetches.stream().filter(f -> f.metric() == metric).map(FetchRequest::range).toList();
        }

        @Override
        public ProviderId provider() {
            return PROVIDER;
        }

        @Override
        public Set<Metric> supportedMetrics() {
            return metrics;
        }

        @Override
        public TokenEndpoint tokenEndpoint() {
            return endpoint;
        }

        @Override
        public Series fetch(FetchRequest request) {
            fetches.add(request);
            Runnable hook = onFetch;
            if (hook != null) {
                hook.run();
            }
            RequestBudget requests = budget;
            if (requests != null) {
                requests.reserve(request.connection().id(), 1);
            }
            request.tokens().accessToken();
            RuntimeException failure;
            synchronized (this) {
                failure = failures.poll();
            }
            Function<FetchRequest, @Nullable RuntimeException> rule = failWhen;
            if (failure == null && rule != null) {
                failure = rule.apply(request);
            }
            if (failure != null) {
                throw failure;
            }
            if (!metrics.contains(request.metric())) {
                throw new IllegalArgumentException("unsupported metric " + request.metric());
            }
            return source(request.connection().id().subject(), request.metric()).slice(request.range());
        }

        @Override
        public ReceivedSeries receive(FetchRequest request) {
            Series series = fetch(request);
            BiFunction<FetchRequest, Series, ReceivedSeries> defer = deferral;
            return defer == null ? ReceivedSeries.parsed(series) : defer.apply(request, series);
        }
    }

    /** A token endpoint double that issues 1-hour tokens from the clock and counts refreshes. */
    static final class FakeTokenEndpoint implements TokenEndpoint {
        private final java.time.Clock clock;
        final AtomicInteger refreshes = new AtomicInteger();
        volatile @Nullable RuntimeException failure;

        FakeTokenEndpoint(java.time.Clock clock) {
            this.clock = clock;
        }

        TokenPair issue() {
            int n = refreshes.get();
            return new TokenPair("access-" + n, "refresh-" + n, clock.instant().plus(Duration.ofHours(1)), Set.of("read"));
        }

        @Override
        public TokenPair refresh(ConnectionId connection, String refreshToken) {
            RuntimeException toThrow = failure;
            if (toThrow != null) {
                throw toThrow;
            }
            refreshes.incrementAndGet();
            return issue();
        }

        @Override
        public void revoke(String token) {
        }
    }

    /** Records every sync event. */
    static final class RecordingSyncListener implements SyncListener {
        final List<SyncEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onSyncStarted(SyncEvent.Started event) {
            events.add(event);
        }

        @Override
        public void onSyncFinished(SyncEvent.Finished event) {
            events.add(event);
        }

        @Override
        public void onSyncFailed(SyncEvent.Failed event) {
            events.add(event);
        }

        <T extends SyncEvent> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** Returns a 1-per-minute series of {@code metric} over {@code range}, with values from 60 upward. */
    static Series perMinute(Metric metric, TimeRange range) {
        Series.Builder builder = Series.builder(metric);
        int i = 0;
        for (long t = range.startMillis(); t < range.endMillis(); t += 60_000) {
            builder.add(t, 60 + (i++ % 40));
        }
        return builder.build();
    }

    /** Returns one point per UTC midnight of {@code metric} in {@code range}. */
    static Series daily(Metric metric, TimeRange range) {
        Series.Builder builder = Series.builder(metric);
        long day = 86_400_000L;
        long first = Math.floorDiv(range.startMillis() + day - 1, day) * day;
        for (long t = first; t < range.endMillis(); t += day) {
            builder.add(t, 55);
        }
        return builder.build();
    }

    /** Returns a list with the elements of both. */
    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
