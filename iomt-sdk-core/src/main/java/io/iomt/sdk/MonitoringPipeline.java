package io.iomt.sdk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring pipeline of a host: connect subjects, sync their wearable data into a
 * {@link SampleStore}, and assess stress from the stored data.
 *
 * <p>{@link #sync} reads each metric of each of the subject's connections in chunks (default one
 * day), writes every chunk to the sample store, and only then advances the connection's
 * watermark for that metric, so a watermark never runs ahead of stored data. Writes are
 * idempotent upserts, so repeating a sync is always safe. A failed chunk stops that metric and is
 * reported in the {@link SyncReport}; other metrics go on. When the provider denies access, the
 * connection is marked {@link ConnectionStatus#REAUTHORIZATION_REQUIRED} and skipped until the
 * host reconnects it.
 *
 * <p>Thread-safe: different subjects may be synced concurrently. Does not own the stores, the
 * wearables or the token manager, and closes none of them.
 */
public final class MonitoringPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringPipeline.class);

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
     */
    public SyncReport sync(SubjectId subject, TimeRange range) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(range, "range");
        List<MetricSyncResult> results = new ArrayList<>();
        for (Wearable wearable : wearables.values()) {
            ConnectionId id = ConnectionId.of(subject, wearable.provider());
            Optional<ConnectionRecord> record = tokenStore.load(id);
            if (record.isEmpty()) {
                continue;
            }
            results.addAll(syncConnection(wearable, record.get(), range));
        }
        return new SyncReport(subject, range, results);
    }

    /**
     * Syncs the given metrics of one connection over {@code range}. Used by schedulers and
     * webhook handlers that target one connection and metric.
     */
    public List<MetricSyncResult> sync(ConnectionId connection, Set<Metric> requested, TimeRange range) {
        Wearable wearable = wearable(connection.provider());
        ConnectionRecord record = tokenStore.load(connection).orElseThrow(
                () -> new IllegalArgumentException("Unknown connection " + connection + "; connect the subject first"));
        return syncMetrics(wearable, record, requested, range);
    }

    private List<MetricSyncResult> syncConnection(Wearable wearable, ConnectionRecord record, TimeRange range) {
        Set<Metric> selected = EnumSet.noneOf(Metric.class);
        selected.addAll(wearable.supportedMetrics());
        if (metrics != null) {
            selected.retainAll(metrics);
        }
        return syncMetrics(wearable, record, selected, range);
    }

    private List<MetricSyncResult> syncMetrics(Wearable wearable, ConnectionRecord record, Set<Metric> selected,
            TimeRange range) {
        ConnectionId id = record.id();
        List<MetricSyncResult> results = new ArrayList<>();
        if (record.connection().status() != ConnectionStatus.ACTIVE) {
            ReauthorizationRequiredException paused = new ReauthorizationRequiredException(id, "Connection " + id
                    + " is " + record.connection().status() + "; reconnect the subject to resume syncing");
            for (Metric metric : selected) {
                results.add(new MetricSyncResult(id, metric, range, 0, WriteResult.EMPTY, paused));
            }
            return results;
        }
        AccessTokenSource tokens = tokenManager.tokenSource(id);
        for (Metric metric : selected) {
            MetricSyncResult result = syncMetric(wearable, record.connection(), tokens, metric, range);
            results.add(result);
            if (result.failure() instanceof ReauthorizationRequiredException reauthorization) {
                markReauthorizationRequired(id, reauthorization);
                break;
            }
        }
        return results;
    }

    private MetricSyncResult syncMetric(Wearable wearable, Connection connection, AccessTokenSource tokens,
            Metric metric, TimeRange range) {
        ConnectionId id = connection.id();
        int fetched = 0;
        WriteResult written = WriteResult.EMPTY;
        for (TimeRange piece : range.split(chunk)) {
            try {
                Series series = wearable.fetch(new FetchRequest(connection, metric, piece, tokens));
                fetched += series.size();
                written = written.plus(sampleStore.write(id.subject(), series));
                advanceWatermark(id, metric, piece.end());
            } catch (RuntimeException e) {
                LOG.warn("Sync of {} for connection {} failed in chunk {}: {}", metric.id(), id, piece,
                        e.getClass().getSimpleName());
                return new MetricSyncResult(id, metric, range, fetched, written, e);
            }
        }
        return new MetricSyncResult(id, metric, range, fetched, written, null);
    }

    private void advanceWatermark(ConnectionId id, Metric metric, Instant storedUpTo) {
        Instant capped = storedUpTo.isAfter(clock.instant()) ? clock.instant() : storedUpTo;
        tokenStore.update(id, record -> {
            Optional<Instant> current = record.watermark(metric);
            if (current.isPresent() && !current.get().isBefore(capped)) {
                return record;
            }
            return record.withWatermark(metric, capped);
        });
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
     */
    public StressAssessment assess(SubjectId subject, TimeRange range) {
        return assess(subject, range, assessmentWindow);
    }

    /** Assesses stress over {@code range} in windows of {@code window}. */
    public StressAssessment assess(SubjectId subject, TimeRange range, Duration window) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(range, "range");
        TimeRange withHistory = TimeRange.of(range.start().minus(analyzer.baselineHistory()), range.end());
        Map<Metric, Series> input = new EnumMap<>(Metric.class);
        for (Metric metric : analyzer.inputs()) {
            input.put(metric, sampleStore.read(subject, metric, withHistory));
        }
        StressAssessment assessment = analyzer.assess(subject, range, window, AnalyzerInput.of(input));
        if (storeScores) {
            sampleStore.write(subject, scores(assessment));
        }
        return assessment;
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

    private Wearable wearable(ProviderId provider) {
        Wearable wearable = wearables.get(Objects.requireNonNull(provider, "provider"));
        if (wearable == null) {
            throw new IllegalArgumentException("No wearable registered for provider " + provider
                    + "; add one with MonitoringPipeline.builder().wearable(...)");
        }
        return wearable;
    }

    @Override
    public String toString() {
        return "MonitoringPipeline[wearables=" + wearables.keySet() + ", analyzer=" + analyzer.modelVersion() + "]";
    }

    /** Configures a {@link MonitoringPipeline}. Not thread-safe; build once and share the pipeline. */
    public static final class Builder {
        private final Map<ProviderId, Wearable> wearables = new LinkedHashMap<>();
        private @Nullable TokenStore tokenStore;
        private @Nullable SampleStore sampleStore;
        private StressAnalyzer analyzer = RestingHeartRateStressAnalyzer.create();
        private @Nullable TokenManager tokenManager;
        private Clock clock = Clock.systemUTC();
        private Duration chunk = Duration.ofDays(1);
        private Duration assessmentWindow = Duration.ofHours(1);
        private @Nullable Set<Metric> metrics;
        private boolean storeScores = true;

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

        /** Sets the stress analyzer; default {@link RestingHeartRateStressAnalyzer#create()}. */
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

        /** Sets the length of the chunks a sync fetches and stores one at a time; default 1 day. */
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

        /** Sets whether {@link #assess} stores scores as {@link Metric#STRESS_SCORE}; default true. */
        public Builder storeScores(boolean store) {
            this.storeScores = store;
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
            return new MonitoringPipeline(this);
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
