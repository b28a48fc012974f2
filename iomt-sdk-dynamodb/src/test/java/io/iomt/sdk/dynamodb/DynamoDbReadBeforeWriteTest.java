package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read before a write, against dynalite: buckets that fill at least half of their span are
 * read with one Query, scattered ones with BatchGetItem, and both merge with what is stored.
 */
class DynamoDbReadBeforeWriteTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final Instant HOUR = Instant.parse("2026-12-04T00:00:00Z");
    private static final SubjectId SUBJECT = SubjectId.of("s1");

    private final List<String> operations = new CopyOnWriteArrayList<>();

    private DynamoDbSampleStore newStore() {
        String tableName = DynaliteExtension.uniqueTableName("read-before-write");
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        return DynamoDbSampleStore.builder().client(DYNALITE.client()).tableName(tableName)
                .capacityListener((operation, table, units) -> operations.add(operation))
                .build();
    }

    /** Returns one heart-rate point per given hour, at minute 10, with {@code value}. */
    private static Series pointsAt(double value, int... hours) {
        Series.Builder points = Series.builder(Metric.HEART_RATE);
        for (int hour : hours) {
            points.add(HOUR.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(10)).toEpochMilli(), value);
        }
        return points.build();
    }

    @Test
    void denseWriteLeavesUntouchedBucketAlone() {
        DynamoDbSampleStore store = newStore();
        store.write(SUBJECT, pointsAt(60, 0, 1, 2));
        operations.clear();

        WriteResult result = store.write(SUBJECT, pointsAt(70, 0, 2));

        assertThat(operations).contains("Query").doesNotContain("BatchGetItem");
        assertThat(result.replaced()).isEqualTo(2);
        Series stored = store.read(SUBJECT, Metric.HEART_RATE, TimeRange.starting(HOUR, Duration.ofHours(3)));
        assertThat(stored.size()).isEqualTo(3);
        assertThat(stored.valueAt(0)).isEqualTo(70);
        assertThat(stored.valueAt(1)).as("the untouched middle hour").isEqualTo(60);
        assertThat(stored.valueAt(2)).isEqualTo(70);
    }

    @Test
    void scatteredWriteMergesWithStoredBuckets() {
        DynamoDbSampleStore store = newStore();
        store.write(SUBJECT, pointsAt(60, 0, 20));
        operations.clear();

        WriteResult result = store.write(SUBJECT, pointsAt(70, 0, 20).merge(pointsAt(80, 21)));

        assertThat(operations).contains("BatchGetItem");
        assertThat(result.replaced()).isEqualTo(2);
        assertThat(result.inserted()).isEqualTo(1);
        Series stored = store.read(SUBJECT, Metric.HEART_RATE, TimeRange.starting(HOUR, Duration.ofDays(1)));
        assertThat(stored.size()).isEqualTo(3);
        assertThat(stored.valueAt(0)).isEqualTo(70);
        assertThat(stored.valueAt(1)).isEqualTo(70);
        assertThat(stored.valueAt(2)).isEqualTo(80);
    }

    @Test
    void repeatedDenseWriteWritesNothing() {
        DynamoDbSampleStore store = newStore();
        store.write(SUBJECT, pointsAt(60, 3, 4, 5, 6));
        operations.clear();

        WriteResult result = store.write(SUBJECT, pointsAt(60, 3, 4, 5, 6));

        assertThat(result.unchanged()).isEqualTo(4);
        assertThat(operations).containsExactly("Query");
    }
}
