package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.StoreException;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.WriteResult;
import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The sample store on the 8 bundled real days, under concurrent writers and a server restart. */
class DynamoDbAcceptanceTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final SubjectId SUBJECT = SubjectId.of("fitabase-2347167796");

    private static Series realDays;
    private static TimeRange allDays;

    @BeforeAll
    static void loadRealDays() {
        realDays = RealDays.heartRate();
        Instant first = RealDays.FIRST_DAY.atZone(RealDays.ZONE).toInstant();
        allDays = TimeRange.starting(first, Duration.ofDays(RealDays.DAYS));
    }

    private static DynamoDbSampleStore newStore(DynamoDbClient client, CapacityListener listener) {
        String tableName = DynaliteExtension.uniqueTableName("samples");
        DynamoDbTables.createSampleTable(client, tableName);
        return DynamoDbSampleStore.builder().client(client).tableName(tableName).capacityListener(listener).build();
    }

    private static List<Series> days(Series series) {
        List<Series> days = new ArrayList<>();
        for (TimeRange day : allDays.split(Duration.ofDays(1))) {
            days.add(series.slice(day));
        }
        return days;
    }

    @Test
    @Timeout(120)
    void realDaysTwiceAndRevisedHourReadBackExactly() {
        ConcurrentHashMap<String, DoubleAdder> units = new ConcurrentHashMap<>();
        DynamoDbSampleStore store = newStore(DYNALITE.client(),
                (operation, table, capacity) -> units.computeIfAbsent(operation, key -> new DoubleAdder()).add(capacity));
        assertThat(realDays.size()).isEqualTo(73_244);

        for (Series day : days(realDays)) {
            assertThat(store.write(SUBJECT, day).inserted()).isEqualTo(day.size());
        }
        double putUnitsAfterFirstPass = units.get("PutItem").sum();
        WriteResult again = WriteResult.EMPTY;
        for (Series day : days(realDays)) {
            again = again.plus(store.write(SUBJECT, day));
        }
        Series revision = revisedHour(realDays, allDays.start().plus(Duration.ofHours(3 * 24 + 14)));
        WriteResult revised = store.write(SUBJECT, revision);

        assertThat(again).isEqualTo(new WriteResult(realDays.size(), 0, 0, realDays.size()));
        assertThat(units.get("PutItem").sum() - putUnitsAfterFirstPass).isLessThanOrEqualTo(2);
        assertThat(revised.replaced()).isEqualTo(revision.size() - 2);
        assertThat(revised.inserted()).isEqualTo(2);
        Series expected = realDays.merge(revision);
        Series read = store.read(SUBJECT, Metric.HEART_RATE, allDays);
        assertThat(read.size()).isEqualTo(realDays.size() + 2);
        assertThat(read.contentEquals(expected)).isTrue();
        assertThat(read.utcOffsetSecondsAt(0)).isEqualTo(-4 * 3600);
    }

    /** Returns every point of the hour from {@code start} raised by 3 bpm, plus two new points. */
    private static Series revisedHour(Series series, Instant start) {
        Series hour = series.slice(TimeRange.starting(start, Duration.ofHours(1)));
        Series.Builder builder = Series.builder(Metric.HEART_RATE, hour.size() + 2);
        for (int i = 0; i < hour.size(); i++) {
            builder.add(hour.timeAt(i), hour.valueAt(i) + 3, hour.utcOffsetSecondsAt(i), 0);
        }
        builder.add(start.toEpochMilli() + 500, 88, -4 * 3600, 0);
        builder.add(start.toEpochMilli() + 1_500, 89, -4 * 3600, 0);
        return builder.build();
    }

    @Test
    @Timeout(120)
    void eightWritersInRoundsToOneBucketLoseNothing() throws Exception {
        DynamoDbSampleStore store = newStore(DYNALITE.client(), CapacityListener.none());
        Instant hour = Instant.parse("2026-12-04T10:00:00Z");
        int writers = 8;
        int rounds = 5;
        int pointsPerRound = 90;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> inserted = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                inserted.add(pool.submit(() -> {
                    start.await();
                    int total = 0;
                    for (int round = 0; round < rounds; round++) {
                        Series.Builder builder = Series.builder(Metric.RR_INTERVAL);
                        for (int i = 0; i < pointsPerRound; i++) {
                            long slot = ((long) round * pointsPerRound + i) * writers + writer;
                            builder.add(hour.toEpochMilli() + slot * 250, 700 + writer);
                        }
                        total += store.write(SUBJECT, builder.build()).inserted();
                    }
                    return total;
                }));
            }
            start.countDown();
            for (Future<Integer> result : inserted) {
                assertThat(result.get(100, TimeUnit.SECONDS)).isEqualTo(rounds * pointsPerRound);
            }
        } finally {
            pool.shutdownNow();
        }

        Series read = store.read(SUBJECT, Metric.RR_INTERVAL, TimeRange.starting(hour, Duration.ofHours(1)));
        assertThat(read.size()).isEqualTo(writers * rounds * pointsPerRound);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.timeAt(i)).isEqualTo(hour.toEpochMilli() + i * 250L);
            assertThat(read.valueAt(i)).isEqualTo(700 + i % writers);
        }
    }

    @Test
    @Timeout(120)
    void serverStoppedMidWriteLosesNothingOnRetry(@TempDir Path dataDirectory) {
        DynaliteServer first = DynaliteServer.start(DynaliteExtension.launcherDirectory(), dataDirectory, 0);
        int port = first.port();
        AtomicInteger puts = new AtomicInteger();
        DynaliteServer[] running = {first};
        try (DynamoDbClient client = DynaliteExtension.clientFor(first.endpoint())) {
            DynamoDbSampleStore store = newStore(client, (operation, table, capacity) -> {
                // Stop the server after the fifth bucket of the write is stored.
                if (operation.equals("PutItem") && puts.incrementAndGet() == 5) {
                    running[0].close();
                }
            });
            Series twoDays = realDays.slice(TimeRange.starting(allDays.start(), Duration.ofDays(2)));

            assertThatThrownBy(() -> store.write(SUBJECT, twoDays))
                    .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isTrue());
            assertThat(puts.get()).isEqualTo(5);

            running[0] = DynaliteServer.start(DynaliteExtension.launcherDirectory(), dataDirectory, port);
            Series storedBeforeFailure = store.read(SUBJECT, Metric.HEART_RATE, allDays);
            WriteResult retried = store.write(SUBJECT, twoDays);

            assertThat(storedBeforeFailure.size()).isPositive().isLessThan(twoDays.size());
            assertThat(retried.unchanged()).isEqualTo(storedBeforeFailure.size());
            assertThat(retried.inserted()).isEqualTo(twoDays.size() - storedBeforeFailure.size());
            assertThat(store.read(SUBJECT, Metric.HEART_RATE, allDays).contentEquals(twoDays)).isTrue();
        } finally {
            running[0].close();
        }
    }
}
