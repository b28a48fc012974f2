package io.iomt.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An event in the sync of one connection, sent to {@link SyncListener}s by the
 * {@link MonitoringPipeline}: {@link Started} before the first fetch, then either
 * {@link Finished} or {@link Failed}. Events carry ids, times and counts, never a token or a
 * health value. Immutable.
 */
public sealed interface SyncEvent permits SyncEvent.Started, SyncEvent.Finished, SyncEvent.Failed {

    /** Returns the synced connection. */
    ConnectionId connection();

    /** Returns what started the sync. */
    Trigger trigger();

    /** Returns when the sync started, by the pipeline's clock. */
    Instant startedAt();

    /** The cause of a sync. */
    enum Trigger {
        /** Host code called the pipeline directly. */
        DIRECT,
        /** The {@link RefreshScheduler}'s periodic sync, or the continuation of an unfinished backfill. */
        SCHEDULED,
        /** An on-demand request to the {@link RefreshScheduler}, such as a webhook notification. */
        REQUESTED
    }

    /**
     * A sync is about to fetch data.
     *
     * @param connection the connection
     * @param trigger what started the sync
     * @param metrics the metrics to sync
     * @param range the requested range, or {@code null} for an incremental sync, whose range is
     *     chosen per metric from its watermark
     * @param startedAt when the sync started
     */
    record Started(ConnectionId connection, Trigger trigger, Set<Metric> metrics, @Nullable TimeRange range,
            Instant startedAt) implements SyncEvent {

        /** Creates the event; {@code metrics} is copied. */
        public Started {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(trigger, "trigger");
            metrics = Set.copyOf(Objects.requireNonNull(metrics, "metrics"));
            Objects.requireNonNull(startedAt, "startedAt");
        }
    }

    /**
     * A sync ended without an error in any metric. Some metrics may still have a
     * {@linkplain MetricSyncResult#remaining() remaining} range when the chunk limit or the request
     * budget stopped them early.
     *
     * @param connection the connection
     * @param trigger what started the sync
     * @param startedAt when the sync started
     * @param duration how long the sync took, by the pipeline's clock
     * @param results one entry per synced metric
     */
    record Finished(ConnectionId connection, Trigger trigger, Instant startedAt, Duration duration,
            List<MetricSyncResult> results) implements SyncEvent {

        /** Creates the event; {@code results} is copied. */
        public Finished {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(duration, "duration");
            results = List.copyOf(Objects.requireNonNull(results, "results"));
        }

        /** Returns the number of points fetched over every metric. */
        public long fetched() {
            return SyncEvent.fetched(results);
        }

        /** Returns the store's counts summed over every metric. */
        public WriteResult written() {
            return SyncEvent.written(results);
        }

        /** Returns the number of chunks fetched and stored over every metric. */
        public int chunks() {
            return SyncEvent.chunks(results);
        }
    }

    /**
     * A sync ended with an error in at least one metric, or could not start at all (for example
     * when the token store failed). The metrics before the error were stored and their watermarks
     * advanced.
     *
     * @param connection the connection
     * @param trigger what started the sync
     * @param startedAt when the sync started
     * @param duration how long the sync took, by the pipeline's clock
     * @param results one entry per metric that was attempted; empty if the sync failed before the
     *     first metric
     * @param failure the first error
     */
    record Failed(ConnectionId connection, Trigger trigger, Instant startedAt, Duration duration,
            List<MetricSyncResult> results, RuntimeException failure) implements SyncEvent {

        /** Creates the event; {@code results} is copied. */
        public Failed {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(duration, "duration");
            results = List.copyOf(Objects.requireNonNull(results, "results"));
            Objects.requireNonNull(failure, "failure");
        }

        /** Returns whether the connection needs a new consent and is paused until the host reconnects it. */
        public boolean isReauthorizationRequired() {
            return failure instanceof ReauthorizationRequiredException;
        }

        /** Returns the number of points fetched over every metric before and after the error. */
        public long fetched() {
            return SyncEvent.fetched(results);
        }

        /** Returns the store's counts summed over every metric. */
        public WriteResult written() {
            return SyncEvent.written(results);
        }

        /** Returns the number of chunks fetched and stored over every metric. */
        public int chunks() {
            return SyncEvent.chunks(results);
        }

        @Override
        public String toString() {
            return "Failed[connection=" + connection + ", trigger=" + trigger + ", startedAt=" + startedAt
                    + ", duration=" + duration + ", results=" + results + ", failure="
                    + failure.getClass().getSimpleName() + "]";
        }
    }

    private static long fetched(List<MetricSyncResult> results) {
        return results.stream().mapToLong(MetricSyncResult::fetched).sum();
    }

    private static WriteResult written(List<MetricSyncResult> results) {
        return results.stream().map(MetricSyncResult::written).reduce(WriteResult.EMPTY, WriteResult::plus);
    }

    private static int chunks(List<MetricSyncResult> results) {
        return results.stream().mapToInt(MetricSyncResult::chunks).sum();
    }
}
