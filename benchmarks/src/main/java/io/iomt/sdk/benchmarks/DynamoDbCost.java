package io.iomt.sdk.benchmarks;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.dynamodb.DynamoDbSampleStore;
import io.iomt.sdk.dynamodb.DynamoDbTables;
import io.iomt.sdk.dynamodb.internal.ItemSizes;
import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import io.iomt.sdk.dynamodb.testing.SyntheticHeartRate;
import io.iomt.sdk.testkit.FitabaseRecording;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Prints the DynamoDB storage cost of the sample store as a Markdown table, with one row for a
 * user-day of 1 Hz heart rate and one for the 8 bundled real Fitbit days. Each row gives the
 * write request units (WRU) of the first and of a repeated write, and the read request units
 * (RRU) of the reads inside both (Query or BatchGetItem, whichever the store chose). It also gives the RRU to read one day back,
 * the items, the bytes stored and the wall-clock throughput.
 *
 * <p>Units are the ones dynalite returns through {@code ReturnConsumedCapacity} (computed with
 * DynamoDB's rules: 1 WRU per started KB of each item written, 1 RRU per started 4 KB of a
 * strongly consistent Query), cross-checked against the item sizes. Throughput is one timed run
 * per row, not a JMH measurement; see {@link DynamoDbSampleStoreBenchmark} for that.
 *
 * <p>Run from the repository root:
 * {@code java -cp benchmarks/target/benchmarks.jar io.iomt.sdk.benchmarks.DynamoDbCost}.
 */
public final class DynamoDbCost {

    private static final String TABLE = "cost-samples";

    private DynamoDbCost() {
    }

    /** Prints the cost table. */
    public static void main(String[] args) {
        try (DynaliteServer dynalite = DynaliteServer.start(launcherDirectory());
                DynamoDbClient client = clientFor(dynalite)) {
            DynamoDbTables.createSampleTable(client, TABLE);
            Instant syntheticDay = Instant.parse("2026-12-03T00:00:00Z");
            Series oneHertz = SyntheticHeartRate.day(syntheticDay, 20261204L);
            Series realDays = FitabaseRecording.bundled().heartRate();
            TimeRange realRange = FitabaseRecording.bundledRange();

            System.out.println("| series | points | items | bytes stored | WRU first write | WRU per day "
                    + "| WRU repeated write | RRU reads in writes (first / repeated) | RRU read one day (strong / eventual) "
                    + "| write points/s | read points/s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            measure(client, "1 Hz heart rate, one synthetic user-day", SubjectId.of("synthetic-1hz"), oneHertz,
                    TimeRange.starting(syntheticDay, Duration.ofDays(1)), 1);
            measure(client, "8 real days (Fitabase 2347167796, 1-15 s)", SubjectId.of("fitabase-2347167796"), realDays,
                    realRange, 8);
        }
    }

    private static void measure(DynamoDbClient client, String label, SubjectId subject, Series series,
            TimeRange range, int days) {
        Map<String, DoubleAdder> units = new ConcurrentHashMap<>();
        DynamoDbSampleStore store = DynamoDbSampleStore.builder()
                .client(client)
                .tableName(TABLE)
                .capacityListener((operation, table, capacity) ->
                        units.computeIfAbsent(operation, key -> new DoubleAdder()).add(capacity))
                .build();

        long writeStart = System.nanoTime();
        for (TimeRange day : range.split(Duration.ofDays(1))) {
            store.write(subject, series.slice(day));
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        double firstWrite = sum(units, "PutItem");
        double readsInFirstWrite = sum(units, "BatchGetItem") + sum(units, "Query");
        for (TimeRange day : range.split(Duration.ofDays(1))) {
            store.write(subject, series.slice(day));
        }
        double repeatedWrite = sum(units, "PutItem") - firstWrite;
        double readsInRepeatedWrite = sum(units, "BatchGetItem") + sum(units, "Query") - readsInFirstWrite;

        TimeRange firstDay = TimeRange.starting(range.start(), Duration.ofDays(1));
        long readStart = System.nanoTime();
        Series readBack = store.read(subject, Metric.HEART_RATE, range);
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
        double before = sum(units, "Query");
        store.read(subject, Metric.HEART_RATE, firstDay);
        double readOneDay = sum(units, "Query") - before;
        if (readBack.size() != series.size()) {
            throw new IllegalStateException("Read back " + readBack.size() + " of " + series.size() + " points");
        }

        List<Map<String, AttributeValue>> items = client.query(query -> query.tableName(TABLE)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(subject.value() + "#heart-rate"))))
                .items();
        long bytes = items.stream().mapToLong(ItemSizes::itemBytes).sum();
        long computedWriteUnits = items.stream().mapToLong(item -> ItemSizes.writeUnits(ItemSizes.itemBytes(item))).sum();
        if (computedWriteUnits != Math.round(firstWrite)) {
            throw new IllegalStateException("dynalite reported " + firstWrite + " WRU, item sizes give " + computedWriteUnits);
        }
        System.out.println(String.format(Locale.ROOT,
                "| %s | %,d | %d | %,d | %.0f | %.1f | %.0f | %.1f / %.1f | %.1f / %.1f | %,.0f | %,.0f |",
                label, series.size(), items.size(), bytes, firstWrite, firstWrite / days, repeatedWrite,
                readsInFirstWrite, readsInRepeatedWrite,
                readOneDay, readOneDay / 2, series.size() / writeSeconds, series.size() / readSeconds));
    }

    private static double sum(Map<String, DoubleAdder> units, String operation) {
        DoubleAdder adder = units.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** Returns the dynalite install: {@code -Diomt.dynalite.dir}, else {@code tools/dynalite}. */
    static Path launcherDirectory() {
        return Path.of(System.getProperty("iomt.dynalite.dir", "tools/dynalite"));
    }

    /** Returns a client of {@code dynalite} with dummy credentials. */
    static DynamoDbClient clientFor(DynaliteServer dynalite) {
        return DynamoDbClient.builder()
                .endpointOverride(dynalite.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
