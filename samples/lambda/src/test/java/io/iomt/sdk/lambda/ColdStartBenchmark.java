package io.iomt.sdk.lambda;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures cold starts: launches {@code java -cp <deployment jar> io.iomt.sdk.lambda.LocalInvoke}
 * N times for the worker (one incremental 6-hour sync of one connection, then the stress
 * assessment) and N times for the bare handler (one GetItem), interleaved, against dynalite and
 * the simulator started here. A third series sends the worker a message for an unknown
 * connection, which builds the pipeline and reads one item but syncs nothing. Prints the medians of the process wall time and of the in-JVM time
 * from JVM start to the end of the first event.
 *
 * <p>Run after {@code mvn package}: {@code java -cp <test classpath> io.iomt.sdk.lambda.ColdStartBenchmark
 * target/iomt-lambda-deploy.jar 15}. A tool, not a test: it asserts nothing.
 */
public final class ColdStartBenchmark {

    private static final Pattern FIRST_EVENT = Pattern.compile("first-event-ms=(\\d+) ok=(true|false)");
    private static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/iomt-lambda-deploy.jar");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        try (LambdaTestEnvironment env = LambdaTestEnvironment.start()) {
            SubjectId subject = SubjectId.of("cold-start");
            env.connect(subject);
            ConnectionId id = ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH);
            env.services.tokenStore().update(id, r -> r
                    .withWatermark(Metric.HEART_RATE, LambdaTestEnvironment.NOW.minus(Duration.ofHours(6)))
                    .withWatermark(Metric.STEPS, LambdaTestEnvironment.NOW.minus(Duration.ofHours(6))));
            String message = SyncMessage.incremental(id).toJson();

            String unknown = SyncMessage.incremental(ConnectionId.of(SubjectId.of("nobody"), ProviderId.GOOGLE_HEALTH))
                    .toJson();

            List<long[]> worker = new ArrayList<>();
            List<long[]> setUpOnly = new ArrayList<>();
            List<long[]> bare = new ArrayList<>();
            run(env, jar, "worker", message);
            run(env, jar, "bare-get-item", id.key());
            for (int i = 0; i < runs; i++) {
                worker.add(run(env, jar, "worker", message));
                setUpOnly.add(run(env, jar, "worker", unknown));
                bare.add(run(env, jar, "bare-get-item", id.key()));
            }
            System.out.printf(Locale.ROOT, "jar: %s (%.2f MB = %d bytes)%n", jar, Files.size(jar) / 1e6, Files.size(jar));
            System.out.printf(Locale.ROOT, "command: java %s -cp %s io.iomt.sdk.lambda.LocalInvoke worker|bare-get-item ...%n",
                    String.join(" ", JVM_FLAGS), jar);
            report("worker", worker);
            report("worker set-up", setUpOnly);
            report("bare GetItem", bare);
            System.out.printf(Locale.ROOT, "ratio worker/bare: wall %.2f, first event %.2f%n",
                    (double) median(worker, 0) / median(bare, 0), (double) median(worker, 1) / median(bare, 1));
        }
    }

    private static long[] run(LambdaTestEnvironment env, Path jar, String handler, String argument)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", jar.toString(), "io.iomt.sdk.lambda.LocalInvoke", handler, argument));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env.variables);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(handler + " did not finish within 120 s");
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        Matcher matcher = FIRST_EVENT.matcher(output);
        if (process.exitValue() != 0 || !matcher.find() || !matcher.group(2).equals("true")) {
            throw new IllegalStateException(handler + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        return new long[] {wallMs, Long.parseLong(matcher.group(1))};
    }

    private static void report(String name, List<long[]> runs) {
        System.out.printf(Locale.ROOT, "%-13s n=%d  median wall %d ms  median JVM start to first event %d ms%n", name,
                runs.size(), median(runs, 0), median(runs, 1));
    }

    private static long median(List<long[]> runs, int column) {
        long[] values = runs.stream().mapToLong(r -> r[column]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
