package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.RequestBudget;
import io.iomt.sdk.SampleStore;
import io.iomt.sdk.Series;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenManager;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.TokenStore;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import io.iomt.sdk.testkit.FitabaseRecording;
import io.iomt.sdk.testkit.GoogleHealthSimulator;
import io.iomt.sdk.testkit.RecordedData;
import io.iomt.sdk.testkit.SimulatedTokens;
import io.iomt.sdk.testkit.SimulatedUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Kills a child JVM that syncs 4 days of the bundled recording from the simulator into dynalite with
 * {@code kill -9} ({@link Process#destroyForcibly()}) at 30 random points and restarts it. After
 * every kill, each watermark must be covered by stored data: the store holds exactly the
 * reference data from the backfill start up to the watermark. At the end, after a run to
 * completion, the store holds exactly the reference data. The reference is the same sync run in
 * this JVM into in-memory stores.
 *
 * <p>The kill point is random: after 1 to 3 stored chunks, plus 0 to 40 ms, so kills land during
 * fetches, during sample writes and between a write and its watermark update. Replay a run with
 * {@code -Dprops.seed=N}. The children reach dynalite through a {@link SyncCrashProxy}. Every
 * other child stores each chunk on a store executor while it fetches the next, with parallel
 * bucket writes, so kills also land while several writes of one child are in flight.
 */
class SyncCrashSafetyTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final int KILLS = 30;
    /** Days of the recording to sync: about 96 chunks of 2 hours for two metrics, enough for 30 kills after 1 to 3 chunks each. */
    private static final int DAYS = 4;
    private static final String USER = "crash-user";
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(4);

    private final List<Process> children = new ArrayList<>();
    private GoogleHealthSimulator simulator;
    private SyncCrashProxy proxy;

    @AfterEach
    void stop() throws IOException {
        children.forEach(Process::destroyForcibly);
        if (proxy != null) {
            proxy.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void killedSyncKeepsWatermarksBehindData() throws Exception {
        long seed = Long.getLong("props.seed", new SecureRandom().nextLong());
        Random random = new Random(seed);
        System.out.println("SyncCrashSafetyTest seed " + seed + " (replay with -Dprops.seed=" + seed + ")");

        RecordedData bundled = FitabaseRecording.bundled();
        RecordedData data = bundled.slice(TimeRange.starting(bundled.span().start(), Duration.ofDays(DAYS)));
        Instant now = data.span().end().plus(Duration.ofHours(1));
        Duration backfill = Duration.between(data.span().start(), now).plus(Duration.ofHours(1));
        TimeRange synced = TimeRange.of(now.minus(backfill), now);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        simulator = GoogleHealthSimulator.builder()
                .clock(clock)
                .requestsPerMinutePerUser(1_000_000)
                .user(SimulatedUser.of(USER, data))
                .start();
        SimulatedTokens issued = simulator.issueTokens(USER);
        Set<String> scopes = new HashSet<>(Arrays.asList(issued.scopes().split(" ")));
        TokenPair tokens = new TokenPair(issued.accessToken(), issued.refreshToken(), issued.expiresAt(), scopes);

        InMemorySampleStore reference = referenceSync(clock, backfill, tokens);

        String tokenTable = DynaliteExtension.uniqueTableName("crash-tokens");
        String sampleTable = DynaliteExtension.uniqueTableName("crash-samples");
        DynamoDbClient client = DYNALITE.client();
        DynamoDbTables.createTokenTable(client, tokenTable);
        DynamoDbTables.createSampleTable(client, sampleTable);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String keyBase64 = Base64.getEncoder().encodeToString(key);
        TokenStore tokenStore = DynamoDbTokenStore.builder().client(client).tableName(tokenTable)
                .tokenCipher(AesGcmTokenCipher.create(LocalKeyProvider.fromBase64(SyncCrashChild.KEY_ID, keyBase64)))
                .build();
        SampleStore sampleStore = DynamoDbSampleStore.builder().client(client).tableName(sampleTable).build();
        TokenManager.builder().tokenStore(tokenStore).clock(clock).build()
                .connect(Connection.active(SyncCrashChild.CONNECTION, USER, scopes, now), tokens);

        // Children reach dynalite through the proxy, because dynalite exits when a client dies mid-request.
        proxy = new SyncCrashProxy(DYNALITE.server().endpoint());
        List<String> command = childCommand(proxy.endpoint().toString(), tokenTable, sampleTable, keyBase64, now,
                backfill);
        int kills = 0;
        int runs = 0;
        while (kills < KILLS) {
            runs++;
            int chunksBeforeKill = 1 + random.nextInt(3);
            long extraMillis = random.nextInt(41);
            // Every other child stores chunks behind its fetches and writes buckets in parallel.
            ChildRun run = start(command, runs % 2 == 0);
            boolean killed = run.killAfter(chunksBeforeKill, extraMillis);
            if (!killed) {
                assertThat(run.exitCode()).as("run %d exited before its kill point; output:%n%s", runs, run.output)
                        .isZero();
                break;
            }
            kills++;
            assertWatermarksCovered(tokenStore, sampleStore, reference, synced, "after kill " + kills);
            System.out.println("kill " + kills + " after " + chunksBeforeKill + " chunks + " + extraMillis + " ms: "
                    + tokenStore.load(SyncCrashChild.CONNECTION).orElseThrow().watermarks());
        }
        assertThat(kills).as("kills before the sync finished (seed %d)", seed).isEqualTo(KILLS);

        ChildRun last = start(command, false);
        assertThat(last.awaitExit()).as("final run exit code; output:%n%s", last.output).isZero();
        assertThat(last.output).contains(SyncCrashChild.DONE);

        assertWatermarksCovered(tokenStore, sampleStore, reference, synced, "after the final run");
        ConnectionRecord record = tokenStore.load(SyncCrashChild.CONNECTION).orElseThrow();
        for (Metric metric : SyncCrashChild.METRICS) {
            assertThat(record.watermark(metric)).as("%s watermark", metric).contains(now);
            Series stored = sampleStore.read(SyncCrashChild.CONNECTION.subject(), metric, synced);
            Series expected = reference.read(SyncCrashChild.CONNECTION.subject(), metric, synced);
            assertThat(expected.size()).as("%s reference points", metric).isPositive();
            assertThat(stored.size()).as("%s stored points", metric).isEqualTo(expected.size());
            assertThat(stored.contentEquals(expected)).as("%s stored equals reference", metric).isTrue();
        }
    }

    /** Syncs the same connection with the same settings into in-memory stores. */
    private InMemorySampleStore referenceSync(Clock clock, Duration backfill, TokenPair tokens) {
        InMemoryTokenStore tokenStore = new InMemoryTokenStore();
        InMemorySampleStore samples = new InMemorySampleStore();
        try (GoogleHealthWearable wearable = wearable(clock)) {
            MonitoringPipeline pipeline = SyncCrashChild.pipeline(wearable, tokenStore, samples, clock, backfill);
            pipeline.tokenManager().connect(Connection.active(SyncCrashChild.CONNECTION, USER, tokens.scopes(),
                    clock.instant()), tokens);
            SyncReport report;
            do {
                report = pipeline.syncIncremental(SyncCrashChild.CONNECTION).throwIfFailed();
            } while (report.hasRemaining());
        }
        return samples;
    }

    /** Returns a wearable without a client-side limiter, which could not refill on the fixed clock. */
    private GoogleHealthWearable wearable(Clock clock) {
        return GoogleHealthWearable.create(GoogleHealthConfig.builder()
                .clientId(simulator.clientId())
                .clientSecret(simulator.clientSecret())
                .allEndpointsAt(simulator.baseUrl().toString())
                .clock(clock)
                .requestBudget(RequestBudget.unlimited())
                .build());
    }

    /** Fails unless, for every metric, the store holds exactly the reference data up to its watermark. */
    private static void assertWatermarksCovered(TokenStore tokens, SampleStore samples, SampleStore reference,
            TimeRange synced, String when) {
        ConnectionRecord record = tokens.load(SyncCrashChild.CONNECTION).orElseThrow();
        for (Map.Entry<Metric, Instant> watermark : record.watermarks().entrySet()) {
            TimeRange covered = TimeRange.of(synced.start(), watermark.getValue());
            Series stored = samples.read(SyncCrashChild.CONNECTION.subject(), watermark.getKey(), covered);
            Series expected = reference.read(SyncCrashChild.CONNECTION.subject(), watermark.getKey(), covered);
            assertThat(stored.contentEquals(expected))
                    .as("%s: %s watermark %s is ahead of stored data (%d stored, %d expected)", when,
                            watermark.getKey(), watermark.getValue(), stored.size(), expected.size())
                    .isTrue();
        }
    }

    private List<String> childCommand(String dynalite, String tokenTable, String sampleTable, String keyBase64,
            Instant now, Duration backfill) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, SyncCrashChild.class.getName(),
                dynalite, simulator.baseUrl().toString(), tokenTable, sampleTable, keyBase64, now.toString(),
                simulator.clientId(), simulator.clientSecret(), backfill.toString());
    }

    private ChildRun start(List<String> command, boolean parallel) throws IOException {
        List<String> withMode = new ArrayList<>(command);
        withMode.add(parallel ? "parallel" : "sequential");
        Process process = new ProcessBuilder(withMode).redirectErrorStream(true).start();
        children.add(process);
        return new ChildRun(process);
    }

    /** A running child and its output, read line by line on a daemon thread. */
    private static final class ChildRun {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer output = new StringBuffer();

        ChildRun(Process process) {
            this.process = process;
            Thread reader = new Thread(this::readOutput, "crash-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void readOutput() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException e) {
                output.append("output read failed: ").append(e).append('\n');
            } finally {
                lines.add("<eof>");
            }
        }

        /**
         * Waits for {@code chunks} stored chunks, then {@code extraMillis}, then kills the child with
         * SIGKILL. Returns false if the child ended first.
         */
        boolean killAfter(int chunks, long extraMillis) throws InterruptedException {
            int seen = 0;
            while (seen < chunks) {
                String line = lines.poll(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null) {
                    throw new AssertionError("child printed nothing for " + CHILD_TIMEOUT + "; " + dynaliteState()
                            + "; output:\n" + output);
                }
                if (line.equals("<eof>") || line.equals(SyncCrashChild.DONE)) {
                    return false;
                }
                if (line.startsWith(SyncCrashChild.STORED)) {
                    seen++;
                }
            }
            // The extra delay is the random kill point inside the next chunk, not a wait for a condition.
            Thread.sleep(extraMillis);
            process.destroyForcibly();
            if (!process.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("killed child did not end within " + CHILD_TIMEOUT);
            }
            return true;
        }

        private static String dynaliteState() {
            try {
                DYNALITE.client().listTables();
                return "dynalite answers";
            } catch (RuntimeException e) {
                return "dynalite does not answer: " + e;
            }
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(CHILD_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child did not finish within " + CHILD_TIMEOUT.multipliedBy(3)
                        + "; output:\n" + output);
            }
            return process.exitValue();
        }

        int exitCode() throws InterruptedException {
            return awaitExit();
        }
    }
}
