package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.StoreException;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.dynamodb.internal.SampleItems;
import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item size limit, builder checks, damaged items and the dynalite launcher. */
class DynamoDbSampleStoreLimitsTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final Instant HOUR = Instant.parse("2026-12-04T10:00:00Z");
    private static final SubjectId SUBJECT = SubjectId.of("s1");

    private static DynamoDbSampleStore newStore(String tableName) {
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        return DynamoDbSampleStore.builder().client(DYNALITE.client()).tableName(tableName).build();
    }

    @Test
    void oversizedBucketIsRejectedBeforeWriting() {
        DynamoDbSampleStore store = newStore(DynaliteExtension.uniqueTableName("samples"));
        SplittableRandom random = new SplittableRandom(3);
        Series.Builder builder = Series.builder(Metric.RR_INTERVAL, 40_000);
        for (int i = 0; i < 40_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
            builder.add(HOUR.toEpochMilli() + i * 90L, value, random.nextInt(-64_800, 64_801), random.nextLong(3_600_000L));
        }
        Series earlier = Series.builder(Metric.RR_INTERVAL).add(HOUR.toEpochMilli() - 1_000, 800).build();
        Series tooDense = builder.build().merge(earlier);

        assertThatThrownBy(() -> store.write(SUBJECT, tooDense))
                .isInstanceOfSatisfying(SampleBucketTooLargeException.class, failure -> {
                    assertThat(failure.isRetryable()).isFalse();
                    assertThat(failure.metric()).isEqualTo(Metric.RR_INTERVAL);
                    assertThat(failure.bucketStart()).isEqualTo(HOUR);
                    assertThat(failure.itemBytes()).isGreaterThan(400 * 1024);
                })
                .hasMessageContaining("shorter bucket duration");
        Series stored = store.read(SUBJECT, Metric.RR_INTERVAL, TimeRange.starting(HOUR.minusSeconds(3600), Duration.ofHours(2)));
        assertThat(stored.contentEquals(earlier)).isTrue();
    }

    @Test
    void damagedItemRaisesStoreException() {
        String tableName = DynaliteExtension.uniqueTableName("samples");
        DynamoDbSampleStore store = newStore(tableName);
        store.write(SUBJECT, Series.builder(Metric.HEART_RATE).add(HOUR.toEpochMilli(), 60).build());
        DYNALITE.client().updateItem(update -> update.tableName(tableName)
                .key(SampleItems.key("s1#heart-rate", HOUR.toEpochMilli()))
                .updateExpression("SET pts = :garbage")
                .expressionAttributeValues(java.util.Map.of(":garbage",
                        AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})))));

        assertThatThrownBy(() -> store.read(SUBJECT, Metric.HEART_RATE, TimeRange.starting(HOUR, Duration.ofHours(1))))
                .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isFalse())
                .hasMessageContaining("could not be decoded");
    }

    @Test
    void eventuallyConsistentReadsWork() {
        String tableName = DynaliteExtension.uniqueTableName("samples");
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        DynamoDbSampleStore store = DynamoDbSampleStore.builder()
                .client(DYNALITE.client()).tableName(tableName).consistentReads(false).build();
        Series series = Series.builder(Metric.HEART_RATE).add(HOUR.toEpochMilli(), 60).build();

        store.write(SUBJECT, series);

        assertThat(store.read(SUBJECT, Metric.HEART_RATE, TimeRange.starting(HOUR, Duration.ofHours(1)))
                .contentEquals(series)).isTrue();
    }

    @Test
    void builderRejectsInvalidSettings() {
        DynamoDbSampleStore.Builder builder = DynamoDbSampleStore.builder();

        assertThatThrownBy(() -> builder.bucketDuration(Duration.ofSeconds(30))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.bucketDuration(Duration.ofMinutes(7))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.bucketDuration(Duration.ofDays(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.retention(Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void launcherMissingIsReported(@TempDir Path empty) {
        assertThatThrownBy(() -> DynaliteServer.start(empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("npm ci --ignore-scripts");
    }

    @Test
    void serverCloseIsIdempotent() {
        DynaliteServer server = DynaliteServer.start(DynaliteExtension.launcherDirectory());
        assertThat(server.isRunning()).isTrue();
        assertThat(server.endpoint().toString()).startsWith("http://127.0.0.1:");

        server.close();
        server.close();

        assertThat(server.isRunning()).isFalse();
    }
}
