package io.iomt.sdk.benchmarks;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.RefreshScheduler;
import io.iomt.sdk.SampleStore;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.TokenStore;
import io.iomt.sdk.dynamodb.DynamoDbSampleStore;
import io.iomt.sdk.dynamodb.DynamoDbTables;
import io.iomt.sdk.dynamodb.DynamoDbTokenStore;
import io.iomt.sdk.dynamodb.TokenCipher;
import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import io.iomt.sdk.testkit.FitabaseRecording;
import io.iomt.sdk.testkit.GoogleHealthSimulator;
import io.iomt.sdk.testkit.RecordedData;
import io.iomt.sdk.testkit.SimulatedTokens;
import io.iomt.sdk.testkit.SimulatedUser;
import io.iomt.sdk.testkit.SimulatorEndpoint;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Syncs one real day for many subjects through the {@link RefreshScheduler} and prints the
 * throughput: subjects per minute, data requests per subject-day, peak used heap, and the achieved
 * data-request rate as a share of the bound that latency and concurrency set
 * ({@code maxConcurrentSyncs / latency} requests per second). This is a timed throughput run, not
 * a JMH measurement.
 *
 * <p>Every subject is served the same bundled Fitabase day (2016-04-22, America/New_York) under
 * its own health user id by one {@link GoogleHealthSimulator}, which delays each request by the
 * given latency. Tokens and samples go to a dynalite server that the harness starts from
 * {@code tools/dynalite} (or {@code -Diomt.dynalite.dir}), or to memory. The sync thread only
 * receives each chunk ({@code Wearable.receive}); a pool parses and stores it while the sync
 * fetches the next one, and the DynamoDB sample store writes up to 6 buckets of a chunk at once. Before the timed run the harness syncs warm-up
 * subjects (ids of their own, not counted) so that the timed run measures JIT-compiled code. After
 * the run it prints DynamoDB calls per subject-day by operation and CPU milliseconds per
 * subject-day by thread group, for the whole JVM and for dynalite's node process. It then checks,
 * for 5 subjects picked with a fixed seed, that the stored heart-rate and steps counts equal the
 * day's counts, and exits with status 1 if any sync failed or any count differs.
 *
 * <p>Run from the repository root, with positional arguments subjects (default 1000),
 * concurrency (default 8), latency in milliseconds (default 50), store ({@code dynamodb},
 * {@code memory-samples} or {@code memory}; default {@code dynamodb}) and warm-up subjects
 * (default 100):
 * {@code java -Xmx512m -cp benchmarks/target/benchmarks.jar io.iomt.sdk.benchmarks.ScaleHarness 1000 8 50 dynamodb 100}.
 */
public final class ScaleHarness {

    private static final Set<Metric> SYNCED = EnumSet.of(Metric.HEART_RATE, Metric.STEPS, Metric.SLEEP_STAGE,
            Metric.SLEEP_SESSION);
    private static final LocalDate DAY = FitabaseRecording.BUNDLED_FIRST_DAY.plusDays(1);
    private static final int CHECKED_SUBJECTS = 5;
    private static final long CHECK_SEED = 20261204L;
    /** Helper threads per concurrent sync for the sample store's bucket writes (a day of heart rate is 24 buckets). */
    private static final int BUCKET_WRITERS_PER_SYNC = 5;
    private static final String WORKER_THREADS = "scale-sync-worker-";
    private static final String CHUNK_STORE_THREADS = "scale-chunk-store-";
    private static final String BUCKET_WRITER_THREADS = "scale-bucket-writer-";

    /** The storage backend for tokens and samples. */
    private enum StoreKind {
        /** Tokens and samples in dynalite. */
        DYNAMODB,
        /** Tokens in dynalite, samples in memory. */
        MEMORY_SAMPLES,
        /** Tokens and samples in memory. */
        MEMORY
    }

    private ScaleHarness() {
    }

    /** Runs the harness. The class description lists the arguments. */
    public static void main(String[] args) throws Exception {
        int subjects = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Duration latency = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 50);
        StoreKind kind = args.length > 3 ? StoreKind.valueOf(args[3].toUpperCase(Locale.ROOT).replace('-', '_'))
                : StoreKind.DYNAMODB;
        int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        if (subjects < 1 || concurrency < 1 || latency.isNegative() || warmUp < 0) {
            throw new IllegalArgumentException("Invalid arguments " + Arrays.toString(args) + ". Usage: ScaleHarness "
                    + "[subjects >= 1] [concurrency >= 1] [latency ms >= 0] [dynamodb|memory-samples|memory] "
                    + "[warm-up subjects >= 0]");
        }

        RecordedData all = FitabaseRecording.bundled();
        ZoneId zone = all.zone();
        TimeRange dayRange = TimeRange.of(DAY.atStartOfDay(zone).toInstant(), DAY.plusDays(1).atStartOfDay(zone).toInstant());
        RecordedData day = all.slice(dayRange);

        // The JDK keeps at most 5 idle connections per server by default. More calls than that
        // reach dynalite at once here, and each call beyond the 5 would open a new connection.
        System.setProperty("http.maxConnections",
                Integer.toString(5 + concurrency * (1 + SYNCED.size() + BUCKET_WRITERS_PER_SYNC)));
        DynaliteServer dynalite = kind == StoreKind.MEMORY ? null : DynaliteServer.start(DynamoDbCost.launcherDirectory());
        CallCounter dynamoCalls = new CallCounter();
        try (DynamoDbClient client = dynalite == null ? null : DynamoDbClient.builder()
                .endpointOverride(dynalite.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.addExecutionInterceptor(dynamoCalls))
                .build()) {
            boolean passed = run(subjects, warmUp, concurrency, latency, kind, day, dayRange, client, dynamoCalls);
            if (!passed) {
                System.exit(1);
            }
        } finally {
            if (dynalite != null) {
                dynalite.close();
            }
        }
    }

    private static boolean run(int subjects, int warmUp, int concurrency, Duration latency, StoreKind kind, RecordedData day,
            TimeRange dayRange, @Nullable DynamoDbClient client, CallCounter dynamoCalls) throws Exception {
        TokenStore tokenStore = kind == StoreKind.MEMORY ? new InMemoryTokenStore() : dynamoTokenStore(client);
        ExecutorService bucketWriters = Executors.newFixedThreadPool(BUCKET_WRITERS_PER_SYNC * concurrency,
                named(BUCKET_WRITER_THREADS));
        SampleStore sampleStore = kind == StoreKind.DYNAMODB ? dynamoSampleStore(client, bucketWriters)
                : new InMemorySampleStore();

        GoogleHealthSimulator.Builder simulatorBuilder = GoogleHealthSimulator.builder()
                .containerThreads(Math.max(16, Math.min(1_000, concurrency * 2)));
        for (int i = -warmUp; i < subjects; i++) {
            simulatorBuilder.user(SimulatedUser.of(healthUserId(i), day).withLatency(latency));
        }
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, named(WORKER_THREADS));
        ExecutorService chunkStores = Executors.newFixedThreadPool(SYNCED.size() * concurrency, named(CHUNK_STORE_THREADS));
        HeapSampler heap = new HeapSampler();
        try (GoogleHealthSimulator simulator = simulatorBuilder.start();
                GoogleHealthWearable wearable = GoogleHealthWearable.create(config(simulator))) {
            MonitoringPipeline pipeline = MonitoringPipeline.builder()
                    .wearable(wearable)
                    .tokenStore(tokenStore)
                    .sampleStore(sampleStore)
                    .metrics(SYNCED)
                    .storeExecutor(chunkStores)
                    .build();
            for (int i = -warmUp; i < subjects; i++) {
                SimulatedTokens issued = simulator.issueTokens(healthUserId(i));
                TokenPair tokens = new TokenPair(issued.accessToken(), issued.refreshToken(), issued.expiresAt(),
                        new LinkedHashSet<>(Arrays.asList(issued.scopes().split(" "))));
                pipeline.connect(subject(i), ProviderId.GOOGLE_HEALTH, healthUserId(i), tokens);
            }
            // Warm-up subjects have ids of their own and are synced, untimed, before the measured ones.
            long warmUpFailures = syncAll(pipeline, workers, concurrency, -warmUp, 0, dayRange).stream()
                    .filter(ScaleHarness::failed).count();
            simulator.resetRequestCounts();
            System.gc();

            dynamoCalls.reset();
            CpuMeter cpu = new CpuMeter();
            heap.start();
            long started = System.nanoTime();
            List<CompletableFuture<SyncReport>> syncs = syncAll(pipeline, workers, concurrency, 0, subjects, dayRange);
            double seconds = (System.nanoTime() - started) / 1e9;
            heap.stop();
            Map<String, Long> cpuMillis = cpu.elapsedMillis();
            Map<String, Long> callsDuringSyncs = dynamoCalls.snapshot();

            long failed = syncs.stream().filter(ScaleHarness::failed).count() + warmUpFailures;
            long dataRequests = simulator.requestCount(SimulatorEndpoint.DATA_POINTS);
            long tokenRequests = simulator.requestCount(SimulatorEndpoint.TOKEN);
            double bound = concurrency / (latency.toNanos() / 1e9);
            double rate = dataRequests / seconds;
            int mismatches = checkHeartRate(sampleStore, subjects, day, dayRange);

            System.out.printf(Locale.ROOT, "store=%s subjects=%d concurrency=%d latency=%dms day=%s heart-rate points/day=%d "
                    + "max heap=%dMB%n", kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), subjects, concurrency,
                    latency.toMillis(), DAY, day.heartRate().size(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() >> 20);
            System.out.printf(Locale.ROOT, "wall=%.1fs subjects/min=%.0f data requests=%d (%.2f per subject-day) "
                    + "token requests=%d%n", seconds, subjects / (seconds / 60), dataRequests,
                    (double) dataRequests / subjects, tokenRequests);
            System.out.printf(Locale.ROOT, "data requests/s=%.1f bound=%.0f ratio=%.2f peak used heap=%dMB "
                    + "failed syncs=%d heart-rate mismatches=%d of %d checked%n", rate, bound,
                    latency.isZero() ? Double.NaN : rate / bound, heap.peakBytes() >> 20, failed, mismatches,
                    Math.min(CHECKED_SUBJECTS, subjects));
            long calls = callsDuringSyncs.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "dynamodb calls=%d (%.1f per subject-day) %s%n", calls, (double) calls / subjects,
                    callsDuringSyncs);
            StringBuilder perSubject = new StringBuilder();
            cpuMillis.forEach((group, millis) -> perSubject.append(perSubject.length() == 0 ? "" : ", ").append(group)
                    .append(' ').append(String.format(Locale.ROOT, "%.1f", (double) millis / subjects)));
            System.out.printf(Locale.ROOT, "cpu ms per subject-day: %s (warm-up subjects=%d, load average at end %.2f)%n",
                    perSubject, warmUp, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return failed == 0 && mismatches == 0;
        } finally {
            heap.stop();
            workers.shutdown();
            bucketWriters.shutdown();
            chunkStores.shutdown();
        }
    }

    /** Returns how many of the checked subjects have a stored heart-rate or steps count other than the day's. */
    private static int checkHeartRate(SampleStore store, int subjects, RecordedData day, TimeRange dayRange) {
        Random random = new Random(CHECK_SEED);
        int mismatches = 0;
        for (int n = 0; n < Math.min(CHECKED_SUBJECTS, subjects); n++) {
            int i = random.nextInt(subjects);
            int stored = store.read(subject(i), Metric.HEART_RATE, dayRange).size();
            int storedSteps = store.read(subject(i), Metric.STEPS, dayRange).size();
            if (stored != day.heartRate().size() || storedSteps != day.steps().size()) {
                System.out.printf("subject %s: stored %d heart-rate and %d steps points, the day has %d and %d%n",
                        subject(i), stored, storedSteps, day.heartRate().size(), day.steps().size());
                mismatches++;
            }
        }
        return mismatches;
    }

    /** Syncs subjects {@code from} (inclusive) to {@code to} through a new scheduler and waits for all of them. */
    private static List<CompletableFuture<SyncReport>> syncAll(MonitoringPipeline pipeline, ExecutorService workers,
            int concurrency, int from, int to, TimeRange dayRange) throws Exception {
        List<CompletableFuture<SyncReport>> syncs = new ArrayList<>(Math.max(0, to - from));
        try (RefreshScheduler scheduler = RefreshScheduler.builder(pipeline)
                .maxConcurrentSyncs(concurrency)
                .workers(workers)
                .build()) {
            for (int i = from; i < to; i++) {
                syncs.add(scheduler.requestSync(ConnectionId.of(subject(i), ProviderId.GOOGLE_HEALTH), dayRange));
            }
            CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new)).handle((done, failure) -> null)
                    .get(30, TimeUnit.MINUTES);
        }
        return syncs;
    }

    private static boolean failed(CompletableFuture<SyncReport> sync) {
        return sync.isCompletedExceptionally() || !sync.join().failures().isEmpty();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static TokenStore dynamoTokenStore(@Nullable DynamoDbClient client) {
        DynamoDbTables.createTokenTable(client, "scale-tokens");
        return DynamoDbTokenStore.builder()
                .client(client)
                .tableName("scale-tokens")
                .tokenCipher(TokenCipher.plaintextForDevelopment())
                .build();
    }

    private static SampleStore dynamoSampleStore(@Nullable DynamoDbClient client, ExecutorService bucketWriters) {
        DynamoDbTables.createSampleTable(client, "scale-samples");
        return DynamoDbSampleStore.builder()
                .client(client)
                .tableName("scale-samples")
                .parallelWrites(bucketWriters, BUCKET_WRITERS_PER_SYNC + 1)
                .build();
    }

    private static GoogleHealthConfig config(GoogleHealthSimulator simulator) {
        return GoogleHealthConfig.builder()
                .clientId(simulator.clientId())
                .clientSecret(simulator.clientSecret())
                .redirectUri(simulator.redirectUri())
                .allEndpointsAt(simulator.baseUrl().toString())
                .build();
    }

    /** Returns the health user id of measured subject {@code index}, or of warm-up subject {@code -index - 1} if negative. */
    private static String healthUserId(int index) {
        return index >= 0 ? "scale-user-" + index : "scale-warmup-user-" + (-index - 1);
    }

    private static SubjectId subject(int index) {
        return SubjectId.of(index >= 0 ? "scale-subject-" + index : "scale-warmup-subject-" + (-index - 1));
    }

    /**
     * Measures CPU time from its creation: the JVM's threads grouped by name (sync workers, chunk
     * stores, bucket writers, the simulator's Jetty threads, the rest), the JVM as a whole (the
     * part outside Java threads is JIT compilation, GC and the VM), and the child processes
     * (dynalite's node).
     */
    private static final class CpuMeter {

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> threadStart = threadTimes();
        private final long processStart = processNanos();
        private final long childrenStart = childrenNanos();

        Map<String, Long> elapsedMillis() {
            Map<String, Long> nanos = new LinkedHashMap<>();
            for (String group : List.of("workers", "chunk stores", "bucket writers", "simulator", "other java threads")) {
                nanos.put(group, 0L);
            }
            long javaThreads = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long time = threads.getThreadCpuTime(info.getThreadId());
                if (time < 0) {
                    continue;
                }
                long used = time - threadStart.getOrDefault(info.getThreadId(), 0L);
                javaThreads += used;
                nanos.merge(groupOf(info.getThreadName()), used, Long::sum);
            }
            long process = processNanos() - processStart;
            nanos.put("jit+gc+vm", Math.max(0, process - javaThreads));
            nanos.put("jvm total", process);
            nanos.put("child processes (dynalite)", childrenNanos() - childrenStart);
            Map<String, Long> millis = new LinkedHashMap<>();
            nanos.forEach((group, value) -> millis.put(group, value / 1_000_000));
            return millis;
        }

        private static String groupOf(String threadName) {
            if (threadName.startsWith(WORKER_THREADS)) {
                return "workers";
            }
            if (threadName.startsWith(CHUNK_STORE_THREADS)) {
                return "chunk stores";
            }
            if (threadName.startsWith(BUCKET_WRITER_THREADS)) {
                return "bucket writers";
            }
            return threadName.startsWith("qtp") ? "simulator" : "other java threads";
        }

        private Map<Long, Long> threadTimes() {
            Map<Long, Long> times = new HashMap<>();
            for (long id : threads.getAllThreadIds()) {
                long time = threads.getThreadCpuTime(id);
                if (time >= 0) {
                    times.put(id, time);
                }
            }
            return times;
        }

        private static long processNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long childrenNanos() {
            return ProcessHandle.current().descendants()
                    .mapToLong(child -> child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                    .sum();
        }
    }

    /** Counts DynamoDB calls by operation, from the client's execution interceptor. */
    private static final class CallCounter implements ExecutionInterceptor {

        private final Map<String, LongAdder> calls = new ConcurrentSkipListMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String operation = context.request().getClass().getSimpleName().replaceFirst("Request$", "");
            calls.computeIfAbsent(operation, name -> new LongAdder()).increment();
        }

        void reset() {
            calls.clear();
        }

        Map<String, Long> snapshot() {
            Map<String, Long> counts = new TreeMap<>();
            calls.forEach((operation, count) -> counts.put(operation, count.sum()));
            return counts;
        }
    }

    /** Samples the used heap every 20 ms on a daemon thread and keeps the largest value. */
    private static final class HeapSampler {

        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean();
        private @Nullable Thread thread;

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running.set(false);
        }

        long peakBytes() {
            return Math.max(peak.get(), memory.getHeapMemoryUsage().getUsed());
        }
    }
}
