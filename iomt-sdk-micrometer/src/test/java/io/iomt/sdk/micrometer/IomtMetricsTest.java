package io.iomt.sdk.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MetricSyncResult;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderException;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.RefreshScheduler;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.Series;
import io.iomt.sdk.StressAlertEvent;
import io.iomt.sdk.StressLevel;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.SyncEvent;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenEndpoint;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.Wearable;
import io.iomt.sdk.FetchRequest;
import io.iomt.sdk.WriteResult;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Micrometer binding: what each event records. */
class IomtMetricsTest {

    private static final ProviderId PROVIDER = new ProviderId("fake");
    private static final ConnectionId CONNECTION = ConnectionId.of(new SubjectId("subject-1"), PROVIDER);
    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    private static final TimeRange RANGE = TimeRange.of(T0.minus(Duration.ofHours(1)), T0);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IomtMetrics metrics = IomtMetrics.create(registry, Tags.of("service", "test"));

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void finishedSyncRecordsCountsAndTime() {
        MetricSyncResult result = new MetricSyncResult(CONNECTION, Metric.HEART_RATE, RANGE, 60,
                new WriteResult(60, 50, 4, 6), null, 2, null, T0);

        metrics.onSyncStarted(new SyncEvent.Started(CONNECTION, SyncEvent.Trigger.SCHEDULED, Set.of(Metric.HEART_RATE),
                null, T0));
        metrics.onSyncFinished(new SyncEvent.Finished(CONNECTION, SyncEvent.Trigger.SCHEDULED, T0,
                Duration.ofSeconds(3), List.of(result)));

        assertThat(count("iomt.sync.started", "provider", "fake", "trigger", "scheduled", "service", "test"))
                .isEqualTo(1);
        Timer timer = registry.get("iomt.sync").tags("outcome", "finished", "exception", "none").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(count("iomt.sync.points.fetched", "metric", "heart-rate")).isEqualTo(60);
        assertThat(count("iomt.sync.chunks", "metric", "heart-rate")).isEqualTo(2);
        assertThat(count("iomt.sync.points.written", "result", "inserted")).isEqualTo(50);
        assertThat(count("iomt.sync.points.written", "result", "replaced")).isEqualTo(4);
        assertThat(count("iomt.sync.points.written", "result", "unchanged")).isEqualTo(6);
    }

    @Test
    void failedSyncTaggedByOutcome() {
        ProviderException unavailable = new ProviderException("unavailable", 503, "UNAVAILABLE", null, "GET /x", true,
                null, null);
        ReauthorizationRequiredException denied = new ReauthorizationRequiredException(CONNECTION, "denied");

        metrics.onSyncFailed(new SyncEvent.Failed(CONNECTION, SyncEvent.Trigger.REQUESTED, T0, Duration.ZERO,
                List.of(), unavailable));
        metrics.onSyncFailed(new SyncEvent.Failed(CONNECTION, SyncEvent.Trigger.REQUESTED, T0, Duration.ZERO,
                List.of(), denied));

        assertThat(registry.get("iomt.sync").tags("outcome", "failed", "exception", "ProviderException").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("iomt.sync").tags("outcome", "reauthorization_required").timer().count())
                .isEqualTo(1);
    }

    @Test
    void schedulerAndAlertEventsCounted() {
        metrics.onBackoff(CONNECTION, 1, Duration.ofMinutes(1), new IllegalStateException("x"));
        metrics.onPaused(CONNECTION, ConnectionStatus.REAUTHORIZATION_REQUIRED);
        metrics.onResumed(CONNECTION);
        metrics.onTokenRefreshed(CONNECTION, T0);
        metrics.onTokenRefreshFailed(CONNECTION, 1, Duration.ofMinutes(1), new IllegalStateException("x"));
        metrics.onDiscoveryFailed(new IllegalStateException("x"));
        metrics.onStressAlert(new StressAlertEvent(StressAlertEvent.Type.RAISED, CONNECTION.subject(), "m-1", RANGE,
                RANGE.start(), 80, StressLevel.VERY_HIGH, List.of()));

        assertThat(count("iomt.scheduler.backoffs", "exception", "IllegalStateException")).isEqualTo(1);
        assertThat(count("iomt.scheduler.paused")).isEqualTo(1);
        assertThat(count("iomt.scheduler.resumed")).isEqualTo(1);
        assertThat(count("iomt.scheduler.token.refreshes", "outcome", "success")).isEqualTo(1);
        assertThat(count("iomt.scheduler.token.refreshes", "outcome", "failure")).isEqualTo(1);
        assertThat(count("iomt.scheduler.discovery.failures")).isEqualTo(1);
        assertThat(count("iomt.stress.alerts", "type", "raised")).isEqualTo(1);
    }

    @Test
    void noMeterTaggedWithSubject() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        MonitoringPipeline pipeline = MonitoringPipeline.builder()
                .wearable(new OneMetricWearable(clock))
                .tokenStore(tokens)
                .sampleStore(new InMemorySampleStore())
                .clock(clock)
                .backfill(Duration.ofHours(2))
                .syncListener(metrics)
                .build();
        pipeline.connect(CONNECTION.subject(), PROVIDER, null,
                new TokenPair("access", "refresh", T0.plus(Duration.ofHours(1)), Set.of()));

        try (RefreshScheduler scheduler = RefreshScheduler.builder(pipeline).listener(metrics).build()) {
            metrics.bindTo(scheduler);
            scheduler.syncNow(CONNECTION).get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(registry.get("iomt.scheduler.connections").gauge().value()).isEqualTo(1);
        }

        assertThat(count("iomt.sync.points.fetched", "metric", "heart-rate")).isEqualTo(120);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags().toString())
                .doesNotContain("subject-1"));
    }

    /** A wearable that serves one heart-rate point per minute. */
    private record OneMetricWearable(Clock clock) implements Wearable {
        @Override
        public ProviderId provider() {
            return PROVIDER;
        }

        @Override
        public Set<Metric> supportedMetrics() {
            return Set.of(Metric.HEART_RATE);
        }

        @Override
        public TokenEndpoint tokenEndpoint() {
            return new TokenEndpoint() {
                @Override
                public TokenPair refresh(ConnectionId connection, String refreshToken) {
                    return new TokenPair("access", refreshToken, clock.instant().plus(Duration.ofHours(1)), Set.of());
                }

                @Override
                public void revoke(String token) {
                }
            };
        }

        @Override
        public Series fetch(FetchRequest request) {
            Series.Builder builder = Series.builder(Metric.HEART_RATE);
            for (long t = request.range().startMillis(); t < request.range().endMillis(); t += 60_000) {
                builder.add(t, 70);
            }
            return builder.build();
        }
    }
}
