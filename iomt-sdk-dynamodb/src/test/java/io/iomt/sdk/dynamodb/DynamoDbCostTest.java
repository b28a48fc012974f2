package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.dynamodb.internal.ItemSizes;
import io.iomt.sdk.dynamodb.testing.SyntheticHeartRate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Checks the storage cost targets on one user-day of 1 Hz heart rate. Writing it once must cost
 * at most 60 write request units, and reading it back at most 10 read request units. The units
 * are the ones dynalite reports through ReturnConsumedCapacity, recomputed from the item sizes.
 */
class DynamoDbCostTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final Instant DAY = Instant.parse("2026-12-03T00:00:00Z");
    private static final SubjectId SUBJECT = SubjectId.of("cost-subject");

    private final Map<String, DoubleAdder> units = new ConcurrentHashMap<>();

    private DynamoDbSampleStore newStore(String tableName) {
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        return DynamoDbSampleStore.builder()
                .client(DYNALITE.client())
                .tableName(tableName)
                .capacityListener((operation, table, capacity) ->
                        units.computeIfAbsent(operation, key -> new DoubleAdder()).add(capacity))
                .build();
    }

    private double units(String operation) {
        DoubleAdder adder = units.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    @Test
    void oneHertzDayMeetsWriteAndReadTargets() {
        String tableName = DynaliteExtension.uniqueTableName("cost");
        DynamoDbSampleStore store = newStore(tableName);
        Series day = SyntheticHeartRate.day(DAY, 20261204L);
        TimeRange range = TimeRange.starting(DAY, Duration.ofDays(1));

        store.write(SUBJECT, day);
        double writeUnits = units("PutItem");
        store.write(SUBJECT, day);
        double rewriteUnits = units("PutItem") - writeUnits;
        double beforeRead = units("Query");
        store.read(SUBJECT, Metric.HEART_RATE, range);
        double readUnits = units("Query") - beforeRead;

        QueryResponse items = DYNALITE.client().query(query -> query.tableName(tableName)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("cost-subject#heart-rate"))));
        int computedWriteUnits = items.items().stream().mapToInt(item -> ItemSizes.writeUnits(ItemSizes.itemBytes(item))).sum();
        long storedBytes = items.items().stream().mapToLong(ItemSizes::itemBytes).sum();
        System.out.printf("1 Hz user-day: %d items, %d bytes, %.0f WRU (computed %d), %.1f RRU to read back%n",
                items.count(), storedBytes, writeUnits, computedWriteUnits, readUnits);

        assertThat(items.count()).isEqualTo(24);
        assertThat(writeUnits).isLessThanOrEqualTo(60);
        assertThat(computedWriteUnits).isEqualTo((int) writeUnits);
        assertThat(rewriteUnits).isZero();
        assertThat(readUnits).isLessThanOrEqualTo(10);
        assertThat(readUnits).isEqualTo(ItemSizes.readUnits(storedBytes, true));
    }
}
