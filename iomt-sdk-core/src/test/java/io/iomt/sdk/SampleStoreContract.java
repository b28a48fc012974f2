package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link SampleStore} shares: idempotent upserts where newer points replace
 * older ones, exact round-trips of values, offsets and durations, half-open range reads and
 * deletes, and no lost points under concurrent writers. A store module tests its implementation
 * by extending this class; the in-memory store runs it in this module.
 */
public abstract class SampleStoreContract {

    /** An hour boundary, so tests can place points on both sides of typical bucket edges. */
    protected static final Instant HOUR = Instant.parse("2026-12-04T10:00:00Z");
    protected static final SubjectId SUBJECT = SubjectId.of("patient-1");

    private SampleStore store;

    /** Returns a new, empty store; called before each test. */
    protected abstract SampleStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    /** Returns the store under test. */
    protected SampleStore store() {
        return store;
    }

    /** Seeds for the randomized model test: 10 by default, or the one given as {@code -Dprops.seed}. */
    static LongStream storeSeeds() {
        return PropertySeeds.seeds().limit(10);
    }

    /** Returns {@code count} heart-rate points every {@code stepMillis} from {@code start}, values 60 + i % 40. */
    protected static Series heartRate(Instant start, int count, long stepMillis) {
        Series.Builder builder = Series.builder(Metric.HEART_RATE, count);
        for (int i = 0; i < count; i++) {
            builder.add(start.toEpochMilli() + i * stepMillis, 60 + i % 40);
        }
        return builder.build();
    }

    private static TimeRange hours(int count) {
        return TimeRange.starting(HOUR.minus(Duration.ofDays(1)), Duration.ofDays(2).plusHours(count));
    }

    @Test
    void emptyStoreReadsEmpty() {
        Series read = store.read(SUBJECT, Metric.HEART_RATE, hours(1));

        assertThat(read.isEmpty()).isTrue();
        assertThat(read.metric()).isEqualTo(Metric.HEART_RATE);
    }

    @Test
    void writeEmptySeriesChangesNothing() {
        WriteResult result = store.write(SUBJECT, Series.empty(Metric.HEART_RATE));

        assertThat(result).isEqualTo(WriteResult.EMPTY);
        assertThat(store.read(SUBJECT, Metric.HEART_RATE, hours(1)).isEmpty()).isTrue();
    }

    @Test
    void writeThenReadAcrossHours() {
        Series series = heartRate(HOUR.minusSeconds(1800), 3 * 720, 5_000);

        WriteResult result = store.write(SUBJECT, series);

        assertThat(result).isEqualTo(new WriteResult(series.size(), series.size(), 0, 0));
        assertThat(store.read(SUBJECT, Metric.HEART_RATE, hours(4)).contentEquals(series)).isTrue();
    }

    @Test
    void writeTwiceIsIdempotent() {
        Series series = heartRate(HOUR, 1000, 1_000);
        store.write(SUBJECT, series);

        WriteResult again = store.write(SUBJECT, series);

        assertThat(again).isEqualTo(new WriteResult(1000, 0, 0, 1000));
        assertThat(store.read(SUBJECT, Metric.HEART_RATE, hours(1)).contentEquals(series)).isTrue();
    }

    @Test
    void newerPointReplacesStoredOne() {
        store.write(SUBJECT, heartRate(HOUR, 10, 1_000));
        Series revision = Series.builder(Metric.HEART_RATE).add(HOUR.toEpochMilli() + 3_000, 99).build();

        WriteResult result = store.write(SUBJECT, revision);

        assertThat(result).isEqualTo(new WriteResult(1, 0, 1, 0));
        Series read = store.read(SUBJECT, Metric.HEART_RATE, hours(1));
        assertThat(read.size()).isEqualTo(10);
        assertThat(read.valueAt(3)).isEqualTo(99);
        assertThat(read.valueAt(4)).isEqualTo(64);
    }

    @Test
    void overlappingWriteCountsEachKind() {
        store.write(SUBJECT, heartRate(HOUR, 10, 1_000));
        Series.Builder overlap = Series.builder(Metric.HEART_RATE);
        overlap.add(HOUR.toEpochMilli() + 8_000, 68);
        overlap.add(HOUR.toEpochMilli() + 9_000, 70);
        overlap.add(HOUR.toEpochMilli() + 10_000, 71);

        WriteResult result = store.write(SUBJECT, overlap.build());

        assertThat(result).isEqualTo(new WriteResult(3, 1, 1, 1));
        assertThat(store.read(SUBJECT, Metric.HEART_RATE, hours(1)).size()).isEqualTo(11);
    }

    @Test
    void offsetsAndDurationsRoundTrip() {
        Series.Builder builder = Series.builder(Metric.STEPS);
        long start = HOUR.toEpochMilli();
        for (int i = 0; i < 180; i++) {
            int offset = i < 60 ? -18_000 : i < 120 ? Series.NO_OFFSET : 3_600;
            builder.add(start + i * 60_000L, i % 7 == 0 ? 0 : i, offset, 60_000L + (i % 3 == 0 ? 0 : 1));
        }
        Series series = builder.build();

        store.write(SUBJECT, series);

        Series read = store.read(SUBJECT, Metric.STEPS, hours(3));
        assertThat(read.contentEquals(series)).isTrue();
        assertThat(read.utcOffsetSecondsAt(0)).isEqualTo(-18_000);
        assertThat(read.utcOffsetSecondsAt(60)).isEqualTo(Series.NO_OFFSET);
        assertThat(read.durationMillisAt(1)).isEqualTo(60_001L);
    }

    @Test
    void replacingOffsetOrDurationCountsAsReplaced() {
        long t = HOUR.toEpochMilli();
        store.write(SUBJECT, Series.builder(Metric.SLEEP_STAGE).add(t, 2, 3_600, 30_000).build());

        WriteResult result = store.write(SUBJECT, Series.builder(Metric.SLEEP_STAGE).add(t, 2, 3_600, 60_000).build());

        assertThat(result.replaced()).isEqualTo(1);
        assertThat(store.read(SUBJECT, Metric.SLEEP_STAGE, hours(1)).durationMillisAt(0)).isEqualTo(60_000);
    }

    @Test
    void unusualValuesRoundTripExactly() {
        double[] values = {0.1, 1.0 / 3, -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-9, 123456.789, 72, -5.25};
        Series.Builder builder = Series.builder(Metric.HRV_LF_POWER);
        for (int i = 0; i < values.length; i++) {
            builder.add(HOUR.toEpochMilli() + i * 7_919L, values[i]);
        }
        Series series = builder.build();

        store.write(SUBJECT, series);

        assertThat(store.read(SUBJECT, Metric.HRV_LF_POWER, hours(1)).contentEquals(series)).isTrue();
    }

    @Test
    void decimalValuesRoundTripExactly() {
        Series.Builder builder = Series.builder(Metric.RESTING_HEART_RATE);
        for (int day = 0; day < 30; day++) {
            builder.add(HOUR.toEpochMilli() + day * 86_400_000L, 55 + day * 0.01);
        }
        Series series = builder.build();

        store.write(SUBJECT, series);

        assertThat(store.read(SUBJECT, Metric.RESTING_HEART_RATE, TimeRange.starting(HOUR, Duration.ofDays(31)))
                .contentEquals(series)).isTrue();
    }

    @Test
    void timesBefore1970RoundTrip() {
        Series series = Series.builder(Metric.HEART_RATE).add(-3_600_001L, 61).add(-1_500L, 62).add(0, 63).build();

        store.write(SUBJECT, series);

        assertThat(store.read(SUBJECT, Metric.HEART_RATE,
                TimeRange.of(Instant.ofEpochMilli(-7_200_000L), Instant.ofEpochMilli(1))).contentEquals(series)).isTrue();
    }

    @Test
    void rangeIsHalfOpen() {
        long t = HOUR.toEpochMilli();
        Series series = Series.builder(Metric.HEART_RATE)
                .add(t - 1, 70).add(t, 71).add(t + 1, 72).add(t + 3_600_000L - 1, 73).add(t + 3_600_000L, 74).build();
        store.write(SUBJECT, series);

        Series read = store.read(SUBJECT, Metric.HEART_RATE, TimeRange.starting(HOUR, Duration.ofHours(1)));

        assertThat(read.times()).containsExactly(t, t + 1, t + 3_600_000L - 1);
    }

    @Test
    void rangeInsideOneBucket() {
        store.write(SUBJECT, heartRate(HOUR, 3600, 1_000));

        Series read = store.read(SUBJECT, Metric.HEART_RATE,
                TimeRange.of(HOUR.plusSeconds(100), HOUR.plusSeconds(110)));

        assertThat(read.size()).isEqualTo(10);
        assertThat(read.timeAt(0)).isEqualTo(HOUR.plusSeconds(100).toEpochMilli());
    }

    @Test
    void emptyRangeReadsEmpty() {
        store.write(SUBJECT, heartRate(HOUR, 10, 1_000));

        assertThat(store.read(SUBJECT, Metric.HEART_RATE, TimeRange.of(HOUR, HOUR)).isEmpty()).isTrue();
    }

    @Test
    void subjectsAndMetricsAreSeparate() {
        SubjectId other = SubjectId.of("patient-2");
        store.write(SUBJECT, heartRate(HOUR, 10, 1_000));

        assertThat(store.read(other, Metric.HEART_RATE, hours(1)).isEmpty()).isTrue();
        assertThat(store.read(SUBJECT, Metric.RR_INTERVAL, hours(1)).isEmpty()).isTrue();
    }

    @Test
    void deleteRangeRemovesOnlyInside() {
        Series series = heartRate(HOUR.minusSeconds(600), 2 * 360, 10_000);
        store.write(SUBJECT, series);
        TimeRange doomed = TimeRange.of(HOUR.minusSeconds(300), HOUR.plusSeconds(300));

        long deleted = store.delete(SUBJECT, Metric.HEART_RATE, doomed);

        assertThat(deleted).isEqualTo(60);
        Series read = store.read(SUBJECT, Metric.HEART_RATE, hours(2));
        assertThat(read.size()).isEqualTo(series.size() - 60);
        assertThat(read.slice(doomed).isEmpty()).isTrue();
        assertThat(read.timeAt(29)).isEqualTo(HOUR.minusSeconds(310).toEpochMilli());
        assertThat(read.timeAt(30)).isEqualTo(HOUR.plusSeconds(300).toEpochMilli());
    }

    @Test
    void deleteEverythingThenAgain() {
        store.write(SUBJECT, heartRate(HOUR, 100, 60_000));

        assertThat(store.delete(SUBJECT, Metric.HEART_RATE, hours(3))).isEqualTo(100);
        assertThat(store.read(SUBJECT, Metric.HEART_RATE, hours(3)).isEmpty()).isTrue();
        assertThat(store.delete(SUBJECT, Metric.HEART_RATE, hours(3))).isZero();
    }

    @Test
    void deleteUnknownSeriesReturnsZero() {
        assertThat(store.delete(SUBJECT, Metric.STEPS, hours(1))).isZero();
    }

    @Test
    void writeAfterDeleteStoresAgain() {
        Series series = heartRate(HOUR, 60, 1_000);
        store.write(SUBJECT, series);
        store.delete(SUBJECT, Metric.HEART_RATE, hours(1));

        WriteResult result = store.write(SUBJECT, series);

        assertThat(result.inserted()).isEqualTo(60);
        assertThat(store.read(SUBJECT, Metric.HEART_RATE, hours(1)).contentEquals(series)).isTrue();
    }

    @Test
    @Timeout(120)
    void concurrentWritersToOneHourLoseNothing() throws Exception {
        int writers = 8;
        int pointsEach = 200;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<WriteResult>> results = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    Series.Builder builder = Series.builder(Metric.RR_INTERVAL);
                    for (int i = 0; i < pointsEach; i++) {
                        builder.add(HOUR.toEpochMilli() + (long) (i * writers + writer) * 250, 800 + writer);
                    }
                    Series mine = builder.build();
                    start.await();
                    return store.write(SUBJECT, mine);
                }));
            }
            start.countDown();
            for (Future<WriteResult> result : results) {
                assertThat(result.get(100, TimeUnit.SECONDS).inserted()).isEqualTo(pointsEach);
            }
        } finally {
            pool.shutdownNow();
        }

        Series read = store.read(SUBJECT, Metric.RR_INTERVAL, hours(1));
        assertThat(read.size()).isEqualTo(writers * pointsEach);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.valueAt(i)).isEqualTo(800 + i % writers);
        }
    }

    /** Random writes, revisions and deletes, checked against a sorted map after each step. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("storeSeeds")
    void randomOperationsMatchModel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TreeMap<Long, Double> model = new TreeMap<>();
        long origin = HOUR.toEpochMilli();
        long span = Duration.ofHours(5).toMillis();
        TimeRange everything = TimeRange.of(HOUR.minusSeconds(1), HOUR.plusMillis(span));

        for (int step = 0; step < 12; step++) {
            if (random.nextInt(4) == 0) {
                long from = origin + random.nextLong(span);
                long to = Math.min(origin + span, from + random.nextLong(span / 3));
                long expected = model.subMap(from, to).size();
                long deleted = store.delete(SUBJECT, Metric.HEART_RATE,
                        TimeRange.of(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)));
                model.subMap(from, to).clear();
                assertThat(deleted).as("seed %d step %d deleted", seed, step).isEqualTo(expected);
            } else {
                Series.Builder builder = Series.builder(Metric.HEART_RATE);
                int count = 1 + random.nextInt(400);
                for (int i = 0; i < count; i++) {
                    long time = origin + random.nextLong(span / 1000) * 1000;
                    double value = 40 + random.nextInt(150);
                    builder.add(time, value);
                }
                Series written = builder.build();
                store.write(SUBJECT, written);
                for (int i = 0; i < written.size(); i++) {
                    model.put(written.timeAt(i), written.valueAt(i));
                }
            }
            Series read = store.read(SUBJECT, Metric.HEART_RATE, everything);
            assertThat(read.size()).as("seed %d step %d size", seed, step).isEqualTo(model.size());
            int i = 0;
            for (Map.Entry<Long, Double> point : model.entrySet()) {
                assertThat(read.timeAt(i)).as("seed %d step %d time %d", seed, step, i).isEqualTo(point.getKey());
                assertThat(read.valueAt(i)).as("seed %d step %d value %d", seed, step, i).isEqualTo(point.getValue());
                i++;
            }
        }
    }
}
