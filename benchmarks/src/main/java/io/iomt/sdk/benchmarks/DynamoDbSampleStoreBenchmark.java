package io.iomt.sdk.benchmarks;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.WriteResult;
import io.iomt.sdk.dynamodb.DynamoDbSampleStore;
import io.iomt.sdk.dynamodb.DynamoDbTables;
import io.iomt.sdk.dynamodb.internal.SampleBucketCodec;
import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import io.iomt.sdk.dynamodb.testing.SyntheticHeartRate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Throughput of the DynamoDB sample store on one user-day of 1 Hz heart rate (86,400 points in
 * 24 hourly items) against dynalite on 127.0.0.1. It times a first write, an idempotent rewrite
 * (reads only, no PutItem), a one-day Query, and the bucket codec alone. The server runs on the same
 * machine, so the figures include dynalite's own CPU time; they bound the SDK's overhead, not
 * DynamoDB's latency. Sample mode, so JMH reports the median (p0.50) of single calls.
 *
 * <p>Needs the pinned dynalite: run from the repository root, or pass
 * {@code -Diomt.dynalite.dir=DIR} through {@code -jvmArgs}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class DynamoDbSampleStoreBenchmark {

    private static final Instant DAY = Instant.parse("2026-12-03T00:00:00Z");
    private static final SubjectId STORED = SubjectId.of("bench-stored");

    private DynaliteServer dynalite;
    private DynamoDbClient client;
    private DynamoDbSampleStore store;
    private Series day;
    private Series hour;
    private byte[] encodedHour;
    private long nextSubject;

    /** Starts dynalite, creates the table and stores the day once for the read benchmarks. */
    @Setup(Level.Trial)
    public void start() {
        dynalite = DynaliteServer.start(DynamoDbCost.launcherDirectory());
        client = DynamoDbCost.clientFor(dynalite);
        DynamoDbTables.createSampleTable(client, "bench-samples");
        store = DynamoDbSampleStore.builder().client(client).tableName("bench-samples").build();
        day = SyntheticHeartRate.day(DAY, 20261204L);
        hour = day.slice(TimeRange.starting(DAY.plus(Duration.ofHours(12)), Duration.ofHours(1)));
        encodedHour = SampleBucketCodec.encode(hour, hour.timeAt(0));
        store.write(STORED, day);
    }

    /** Stops dynalite and closes the client. */
    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        dynalite.close();
    }

    /** Writes the day for a subject that has no data yet: 1 BatchGetItem and 24 PutItem calls. */
    @Benchmark
    public WriteResult writeNewDay() {
        return store.write(SubjectId.of("bench-" + nextSubject++), day);
    }

    /** Writes the stored day again: 1 BatchGetItem, decode and compare, no PutItem. */
    @Benchmark
    public WriteResult rewriteSameDay() {
        return store.write(STORED, day);
    }

    /** Reads the stored day back with one Query. */
    @Benchmark
    public Series readDay() {
        return store.read(STORED, Metric.HEART_RATE, TimeRange.starting(DAY, Duration.ofDays(1)));
    }

    /** Encodes one hour (3,600 points) into the bucket format. */
    @Benchmark
    public byte[] encodeHour() {
        return SampleBucketCodec.encode(hour, hour.timeAt(0));
    }

    /** Decodes one hour from the bucket format. */
    @Benchmark
    public Series decodeHour() {
        return SampleBucketCodec.decode(encodedHour, Metric.HEART_RATE, hour.timeAt(0));
    }
}
