package io.iomt.sdk.dynamodb;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.RefreshScheduler;
import io.iomt.sdk.RequestBudget;
import io.iomt.sdk.SampleStore;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenManager;
import io.iomt.sdk.TokenStore;
import io.iomt.sdk.Wearable;
import io.iomt.sdk.WriteResult;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The child JVM of {@link SyncCrashSafetyTest}: syncs one connection from the simulator into
 * dynalite through the refresh scheduler until it is caught up, printing a line after every
 * stored chunk so that the parent can kill it at chosen points, then prints {@code DONE}.
 *
 * <p>Arguments: dynalite endpoint, simulator base URL, token table, sample table, token key in
 * base64, the fixed instant of the clock, OAuth client id, OAuth client secret, backfill, and
 * {@code parallel} or {@code sequential}: with {@code parallel} the pipeline stores chunks on a
 * store executor and the sample store writes buckets in parallel.
 */
final class SyncCrashChild {

    static final ConnectionId CONNECTION = ConnectionId.of(SubjectId.of("patient-crash"), ProviderId.GOOGLE_HEALTH);
    static final Set<Metric> METRICS = EnumSet.of(Metric.HEART_RATE, Metric.STEPS);
    static final String KEY_ID = "crash-key";
    static final String STORED = "stored";
    static final String DONE = "DONE";

    private SyncCrashChild() {
    }

    /** Returns the pipeline settings that the child and the parent's reference sync share. */
    static MonitoringPipeline pipeline(Wearable wearable, TokenStore tokens, SampleStore samples, Clock clock,
            Duration backfill) {
        return pipelineBuilder(wearable, tokens, samples, clock, backfill).build();
    }

    private static MonitoringPipeline.Builder pipelineBuilder(Wearable wearable, TokenStore tokens, SampleStore samples,
            Clock clock, Duration backfill) {
        return MonitoringPipeline.builder()
                .wearable(wearable)
                .tokenStore(tokens)
                .sampleStore(samples)
                .tokenManager(TokenManager.builder().tokenStore(tokens).endpoint(wearable).clock(clock).build())
                .clock(clock)
                .metrics(METRICS)
                .backfill(backfill)
                .syncChunk(Duration.ofHours(2))
                .maxChunksPerSync(6);
    }

    public static void main(String[] args) throws Exception {
        System.out.println("started");
        System.out.flush();
        URI dynalite = URI.create(args[0]);
        String simulator = args[1];
        Instant now = Instant.parse(args[5]);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        DynamoDbClient client = DynaliteExtension.clientFor(dynalite);
        TokenStore tokens = DynamoDbTokenStore.builder().client(client).tableName(args[2])
                .tokenCipher(AesGcmTokenCipher.create(LocalKeyProvider.fromBase64(KEY_ID, args[4]))).build();
        boolean parallel = args[9].equals("parallel");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        DynamoDbSampleStore.Builder sampleStore = DynamoDbSampleStore.builder().client(client).tableName(args[3]);
        SampleStore samples = new PrintingSampleStore(parallel ? sampleStore.parallelWrites(pool, 4).build()
                : sampleStore.build());
        GoogleHealthWearable wearable = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                .clientId(args[6])
                .clientSecret(args[7])
                .allEndpointsAt(simulator)
                .clock(clock)
                .requestBudget(RequestBudget.unlimited())
                .build());
        Duration backfill = Duration.parse(args[8]);

        MonitoringPipeline pipeline = parallel
                ? pipelineBuilder(wearable, tokens, samples, clock, backfill).storeExecutor(pool).build()
                : pipeline(wearable, tokens, samples, clock, backfill);
        try (RefreshScheduler scheduler = RefreshScheduler.builder(pipeline).build()) {
            SyncReport report;
            do {
                report = scheduler.syncNow(CONNECTION).get(5, TimeUnit.MINUTES);
                if (!report.failures().isEmpty()) {
                    System.out.println("FAILED " + report.failures());
                    System.exit(2);
                }
            } while (report.hasRemaining());
        }
        System.out.println(DONE);
        System.out.flush();
        System.exit(0);
    }

    /** Prints a line after each write has returned, that is after the chunk is durably stored. */
    private record PrintingSampleStore(SampleStore delegate) implements SampleStore {
        @Override
        public WriteResult write(SubjectId subject, Series series) {
            WriteResult result = delegate.write(subject, series);
            System.out.println(STORED + " " + series.metric().id() + " " + series.size());
            System.out.flush();
            return result;
        }

        @Override
        public Series read(SubjectId subject, Metric metric, TimeRange range) {
            return delegate.read(subject, metric, range);
        }

        @Override
        public long delete(SubjectId subject, Metric metric, TimeRange range) {
            return delegate.delete(subject, metric, range);
        }
    }
}
