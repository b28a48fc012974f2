package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.Metric;
import io.iomt.sdk.SampleStore;
import io.iomt.sdk.SampleStoreContract;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.WriteResult;
import io.iomt.sdk.dynamodb.testing.SyntheticHeartRate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sample store contract, and a whole day, with bucket writes sent several at once. */
class DynamoDbParallelWriteTest extends SampleStoreContract {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final AtomicInteger HELPERS = new AtomicInteger();

    @AfterAll
    static void stopPool() throws InterruptedException {
        POOL.shutdownNow();
        assertThat(POOL.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    protected SampleStore newStore() {
        String tableName = DynaliteExtension.uniqueTableName("parallel");
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        return DynamoDbSampleStore.builder()
                .client(DYNALITE.client())
                .tableName(tableName)
                .parallelWrites(task -> {
                    HELPERS.incrementAndGet();
                    POOL.execute(task);
                }, 5)
                .build();
    }

    @Test
    void dayWrittenInParallel() {
        SampleStore store = newStore();
        Instant day = Instant.parse("2026-12-03T00:00:00Z");
        Series heartRate = SyntheticHeartRate.day(day, 20261204L);
        int helpersBefore = HELPERS.get();

        WriteResult first = store.write(SubjectId.of("p1"), heartRate);
        WriteResult again = store.write(SubjectId.of("p1"), heartRate);

        assertThat(HELPERS.get() - helpersBefore).isEqualTo(8);
        assertThat(first.inserted()).isEqualTo(heartRate.size());
        assertThat(again.inserted()).isZero();
        assertThat(again.replaced()).isZero();
        Series stored = store.read(SubjectId.of("p1"), Metric.HEART_RATE, TimeRange.starting(day, Duration.ofDays(1)));
        assertThat(stored.contentEquals(heartRate)).isTrue();
    }
}
