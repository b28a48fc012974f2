package io.iomt.sdk;

import static io.iomt.sdk.SyncFakes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.SyncFakes.FakeTokenEndpoint;
import io.iomt.sdk.SyncFakes.FakeWearable;
import io.iomt.sdk.SyncFakes.ManualClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests of {@link MonitoringPipeline#replace}, which a webhook DELETE notification runs. */
class ReplaceSyncTest {

    private static final SubjectId SUBJECT = new SubjectId("subject-1");
    private static final ConnectionId CONNECTION = ConnectionId.of(SUBJECT, SyncFakes.PROVIDER);
    private static final TimeRange DAY = TimeRange.starting(T0.minus(Duration.ofDays(1)), Duration.ofDays(1));
    private static final TimeRange REMOVED = TimeRange.starting(DAY.start().plus(Duration.ofHours(3)),
            Duration.ofMinutes(90));

    private final ManualClock clock = new ManualClock(T0);
    private final FakeTokenEndpoint endpoint = new FakeTokenEndpoint(clock);
    private final FakeWearable wearable = new FakeWearable(endpoint, Metric.HEART_RATE, Metric.STEPS);
    private final InMemorySampleStore samples = new InMemorySampleStore();
    private final InMemoryTokenStore tokens = new InMemoryTokenStore();
    private MonitoringPipeline pipeline;

    @BeforeEach
    void syncOneDay() {
        wearable.addSource(SUBJECT, SyncFakes.perMinute(Metric.HEART_RATE, DAY));
        wearable.addSource(SUBJECT, SyncFakes.perMinute(Metric.STEPS, DAY));
        pipeline = MonitoringPipeline.builder().wearable(wearable).tokenStore(tokens).sampleStore(samples)
                .tokenManager(TokenManager.builder().tokenStore(tokens).endpoint(wearable).clock(clock)
                        .jitter(Duration.ZERO).build())
                .clock(clock).build();
        pipeline.connect(SUBJECT, SyncFakes.PROVIDER, "user-1", endpoint.issue());
        pipeline.sync(CONNECTION, Set.of(Metric.HEART_RATE, Metric.STEPS), DAY);
        samples.write(SUBJECT, hourlyScores());
    }

    private int stored(Metric metric, TimeRange range) {
        return samples.read(SUBJECT, metric, range).size();
    }

    private static Series hourlyScores() {
        Series.Builder scores = Series.builder(Metric.STRESS_SCORE);
        for (int hour = 0; hour < 24; hour++) {
            scores.add(DAY.startMillis() + hour * 3_600_000L, 40, Series.NO_OFFSET, 3_600_000L);
        }
        return scores.build();
    }

    @Test
    void deletedPointsLeaveTheStore() {
        wearable.removeSource(SUBJECT, Metric.HEART_RATE, REMOVED);

        SyncReport report = pipeline.replace(CONNECTION, Set.of(Metric.HEART_RATE), REMOVED);

        assertThat(report.failures()).isEmpty();
        assertThat(stored(Metric.HEART_RATE, REMOVED)).isZero();
        assertThat(stored(Metric.HEART_RATE, DAY)).isEqualTo(wearable.source(SUBJECT, Metric.HEART_RATE).size())
                .isEqualTo(24 * 60 - 90);
        assertThat(stored(Metric.STEPS, REMOVED)).as("other metrics stay").isEqualTo(90);
    }

    @Test
    void remainingPointsAreStoredAgain() {
        wearable.removeSource(SUBJECT, Metric.HEART_RATE,
                TimeRange.starting(REMOVED.start(), Duration.ofMinutes(30)));

        pipeline.replace(CONNECTION, Set.of(Metric.HEART_RATE), REMOVED);

        assertThat(stored(Metric.HEART_RATE, REMOVED)).isEqualTo(60);
    }

    @Test
    void overlappingScoresAreDeleted() {
        pipeline.replace(CONNECTION, Set.of(Metric.HEART_RATE), REMOVED);

        Series left = samples.read(SUBJECT, Metric.STRESS_SCORE, DAY);
        assertThat(left.size()).isEqualTo(22);
        assertThat(samples.read(SUBJECT, Metric.STRESS_SCORE, TimeRange.of(DAY.start().plus(Duration.ofHours(3)),
                DAY.start().plus(Duration.ofHours(5)))).size()).as("windows 03:00 and 04:00").isZero();
        assertThat(samples.read(SUBJECT, Metric.STRESS_SCORE, TimeRange.starting(DAY.start().plus(Duration.ofHours(2)),
                Duration.ofHours(1))).size()).as("the window before ends where the range starts").isOne();
    }

    @Test
    void pausedConnectionStillDeletes() {
        wearable.failNext(new ReauthorizationRequiredException(CONNECTION, "denied"));
        pipeline.syncIncremental(CONNECTION);
        wearable.fetches.clear();

        SyncReport report = pipeline.replace(CONNECTION, Set.of(Metric.HEART_RATE), REMOVED);

        assertThat(report.isReauthorizationRequired()).isTrue();
        assertThat(wearable.fetches).isEmpty();
        assertThat(stored(Metric.HEART_RATE, REMOVED)).isZero();
    }

    @Test
    void repeatingIsSafe() {
        wearable.removeSource(SUBJECT, Metric.HEART_RATE, REMOVED);

        pipeline.replace(CONNECTION, Set.of(Metric.HEART_RATE), REMOVED);
        pipeline.replace(CONNECTION, Set.of(Metric.HEART_RATE), REMOVED);

        assertThat(stored(Metric.HEART_RATE, DAY)).isEqualTo(24 * 60 - 90);
    }

    @Test
    void unknownConnectionDeletesNothing() {
        ConnectionId unknown = ConnectionId.of(new SubjectId("nobody"), SyncFakes.PROVIDER);
        samples.write(unknown.subject(), SyncFakes.perMinute(Metric.HEART_RATE, DAY));

        assertThatThrownBy(() -> pipeline.replace(unknown, Set.of(Metric.HEART_RATE), REMOVED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown connection");
        assertThat(samples.read(unknown.subject(), Metric.HEART_RATE, REMOVED).size()).isEqualTo(90);
    }
}
