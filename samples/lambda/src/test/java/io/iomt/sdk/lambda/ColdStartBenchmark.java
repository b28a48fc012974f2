package io.iomt.sdk.lambda;

import io.iomt.sdk.ConnectionId;
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
import org.jspecify.annotations.Nullable;

/**
 * Measures cold starts: launches {@code java -cp <deployment jar> io.iomt.sdk.lambda.LocalInvoke}
 * N times for the worker (one incremental 6-hour sync of one connection, then the stress
 * assessment) and N times for the bare handler (one GetItem), interleaved, against dynalite and
 * the simulator started here. A third series sends the worker a message for an unknown
 * connection, which builds the pipeline and reads one item but syncs nothing. Prints the medians of the process wall time and of the in-JVM time
 * from JVM start to the end of the first event.
 *
 * <p>Run after {@code mvn package}: {@code java -cp <test classpath> io.iomt.sdk.lambda.ColdStartBenchmark
 * target/iomt-lambda-deploy.jar 15 [OTHER_JAR...]}. Further jars (such as an older build) run
 * interleaved with the first, each round going through every jar, so they share the machine's
 * load. Each worker run starts from watermarks 6 hours old. A tool, not a test: it asserts nothing,
 * but stops at the first run that exits non-zero or does not print {@code ok=true}.
 *
 * <p>With {@code -Dcoldstart.tls=true}, dynalite and the simulator serve HTTPS, as DynamoDB and
 * Google do, with a certificate from a CA generated for the run ({@link LocalTls}), and every
 * child JVM gets a trust store with the JDK's CA certificates plus that CA, so each handler
 * verifies the certificate path and host name in its cold JVM. Plain HTTP is the default. With
 * {@code -Dcoldstart.tls=both}, a plain and a TLS environment run side by side, every round
 * launches each handler in both, and the output adds the median of the per-round differences.
 * NOTE: over TLS, OkHttp talks HTTP/2 to the simulator and keeps a reader thread blocked in a
 * socket read, and HotSpot waits up to 300 ms at exit for such threads (JDK 17
 * {@code VM_Exit::wait_for_threads_in_native_to_block}), so the worker's wall time
 * grows by about that much after its first event. Compare the first-event times across modes.
 */
public final class ColdStartBenchmark {

    private static final Pattern FIRST_EVENT = Pattern.compile("first-event-ms=(\\d+) ok=(true|false)");
    private static final List<String> JVM_FLAGS = jvmFlags();

    /** Where each run's output goes when {@code -Dcoldstart.outputDir} is set, for profiling. */
    private static final String OUTPUT_DIR = System.getProperty("coldstart.outputDir", "");

    /**
     * Whether each worker run starts 6 hours behind (the default). With
     * {@code -Dcoldstart.resetWatermarks=false} only the warm-up run does, as in the first version
     * of this harness, and the measured runs sync the little that is left after the previous one.
     */
    private static final boolean RESET_WATERMARKS =
            Boolean.parseBoolean(System.getProperty("coldstart.resetWatermarks", "true"));

    /**
     * Which transports run: plain HTTP (the default), {@code -Dcoldstart.tls=true} for HTTPS, or
     * {@code -Dcoldstart.tls=both} for a plain and a TLS environment side by side, whose launches
     * alternate in every round so that both share the machine's load.
     */
    private static final String TLS_MODE = System.getProperty("coldstart.tls", "false");

    /**
     * The CPUs each handler JVM may run on, as {@code taskset -c} takes them ({@code -Dcoldstart.cpus=0}),
     * or empty for all. One CPU comes closer to a function of 1,024 MB, which Lambda gives about
     * 0.6 of a vCPU; dynalite and the simulator keep every CPU.
     */
    private static final String CPUS = System.getProperty("coldstart.cpus", "").trim();

    private static int launches;
    private static int succeeded;

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/iomt-lambda-deploy.jar");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        List<Path> jars = new ArrayList<>(List.of(jar));
        for (int i = 2; i < args.length; i++) {
            jars.add(Path.of(args[i]));
        }
        List<Boolean> transports = transports();
        try (LocalTls tls = transports.contains(true) ? LocalTls.generate() : null) {
            List<Target> targets = new ArrayList<>();
            try {
                for (boolean overTls : transports) {
                    targets.add(Target.start(overTls ? tls : null));
                }
                measure(jars, runs, targets);
            } finally {
                for (Target target : targets) {
                    target.env().close();
                }
            }
        }
    }

    /** Returns, for each environment to start, whether it serves TLS. */
    private static List<Boolean> transports() {
        return switch (TLS_MODE) {
            case "false" -> List.of(false);
            case "true" -> List.of(true);
            case "both" -> List.of(false, true);
            default -> throw new IllegalArgumentException("Invalid -Dcoldstart.tls=" + TLS_MODE + "; use false, true or both");
        };
    }

    private static void measure(List<Path> jars, int runs, List<Target> targets) throws IOException, InterruptedException {
        String unknown = SyncMessage.incremental(ConnectionId.of(SubjectId.of("nobody"), ProviderId.GOOGLE_HEALTH)).toJson();
        List<Series> results = new ArrayList<>();
        for (Path jar : jars) {
            for (Target target : targets) {
                results.add(new Series(jar, target));
                target.sixHoursBehind();
                run(target, jar, "worker", target.message());
                run(target, jar, "bare-get-item", target.connection().key());
            }
        }
        for (int i = 0; i < runs; i++) {
            for (Series series : results) {
                Target target = series.target();
                // Every worker run syncs the same 6 hours: the previous run moved the watermarks.
                if (RESET_WATERMARKS) {
                    target.sixHoursBehind();
                }
                series.worker.add(run(target, series.jar, "worker", target.message()));
                series.setUpOnly.add(run(target, series.jar, "worker", unknown));
                series.bare.add(run(target, series.jar, "bare-get-item", target.connection().key()));
            }
        }

        for (Target target : targets) {
            System.out.printf(Locale.ROOT, "%s command: java %s -cp JAR io.iomt.sdk.lambda.LocalInvoke worker|bare-get-item ...%n",
                    target.name(), String.join(" ", target.flags()));
            System.out.printf(Locale.ROOT, "%s transport: %s%n", target.name(), target.describe());
        }
        System.out.printf(Locale.ROOT, "launches: %d, each exited 0 and printed ok=true%n", succeeded);
        System.out.printf(Locale.ROOT, "worker runs start 6 hours behind: %s; rounds: %d%n",
                RESET_WATERMARKS ? "each" : "warm-up only", runs);
        for (Series series : results) {
            series.report();
        }
        for (int i = 0; targets.size() == 2 && i < results.size(); i += 2) {
            reportDifferences(results.get(i), results.get(i + 1));
        }
    }

    /** One environment, the connection whose sync the worker runs, and the flags its child JVMs get. */
    private record Target(String name, LambdaTestEnvironment env, List<String> flags, ConnectionId connection) {

        /** Starts a plain environment, or a TLS one with {@code tls}, and connects the benchmark's subject. */
        static Target start(@Nullable LocalTls tls) {
            LambdaTestEnvironment env = tls == null ? LambdaTestEnvironment.start() : LambdaTestEnvironment.startTls(tls);
            List<String> flags = new ArrayList<>(JVM_FLAGS);
            if (tls != null) {
                flags.addAll(tls.jvmFlags());
            }
            SubjectId subject = SubjectId.of("cold-start");
            try {
                env.connect(subject);
            } catch (RuntimeException e) {
                env.close();
                throw e;
            }
            return new Target(tls == null ? "plain" : "tls", env, List.copyOf(flags),
                    ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH));
        }

        void sixHoursBehind() {
            env.watermarksAt(connection, LambdaTestEnvironment.NOW.minus(Duration.ofHours(6)));
        }

        String message() {
            return SyncMessage.incremental(connection).toJson();
        }

        String describe() {
            String servers = "dynalite " + env.dynalite.endpoint() + ", simulator " + env.simulator.baseUrl();
            return name.equals("tls") ? "TLS (" + servers + ", server certificate RSA 2048 signed by a local CA)"
                    : "plain HTTP (" + servers + ")";
        }
    }

    /** The runs of one jar in one environment. */
    private record Series(Path jar, Target target, List<long[]> worker, List<long[]> setUpOnly, List<long[]> bare) {

        Series(Path jar, Target target) {
            this(jar, target, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void report() throws IOException {
            System.out.printf(Locale.ROOT, "jar: %s (%.2f MB = %d bytes), transport: %s%n", jar, Files.size(jar) / 1e6,
                    Files.size(jar), target.name());
            ColdStartBenchmark.report("worker", worker);
            ColdStartBenchmark.report("worker set-up", setUpOnly);
            ColdStartBenchmark.report("bare GetItem", bare);
            System.out.printf(Locale.ROOT, "ratio worker/bare: wall %.2f, first event %.2f; "
                    + "median of the per-round ratios: wall %.2f, first event %.2f%n",
                    (double) median(worker, 0) / median(bare, 0), (double) median(worker, 1) / median(bare, 1),
                    medianRatio(worker, bare, 0), medianRatio(worker, bare, 1));
        }

        /**
         * Returns the median of worker / bare over the rounds, whose two runs launched one after
         * the other and so saw about the same load.
         */
        private static double medianRatio(List<long[]> worker, List<long[]> bare, int column) {
            double[] ratios = new double[worker.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = (double) worker.get(i)[column] / bare.get(i)[column];
            }
            java.util.Arrays.sort(ratios);
            int middle = ratios.length / 2;
            return ratios.length % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
        }
    }

    /**
     * Prints the median of the per-round differences between the TLS and the plain runs of one
     * jar, which launched one after the other in each round and so saw about the same load.
     */
    private static void reportDifferences(Series plain, Series tls) {
        System.out.printf(Locale.ROOT, "jar: %s, TLS minus plain, median of the %d per-round differences:%n", plain.jar(),
                plain.worker().size());
        reportDifference("worker", plain.worker(), tls.worker());
        reportDifference("worker set-up", plain.setUpOnly(), tls.setUpOnly());
        reportDifference("bare GetItem", plain.bare(), tls.bare());
    }

    private static void reportDifference(String name, List<long[]> plain, List<long[]> tls) {
        List<long[]> differences = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            differences.add(new long[] {tls.get(i)[0] - plain.get(i)[0], tls.get(i)[1] - plain.get(i)[1]});
        }
        System.out.printf(Locale.ROOT, "%-13s wall %+d ms  JVM start to first event %+d ms%n", name, median(differences, 0),
                median(differences, 1));
    }

    /**
     * Returns the template's JAVA_TOOL_OPTIONS flags, plus {@code -Dcoldstart.extraFlags}
     * (space-separated, such as {@code -Xlog:class+load}), which every variant gets alike.
     */
    private static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(ChildWorker.TEMPLATE_FLAGS);
        String extra = System.getProperty("coldstart.extraFlags", "").trim();
        if (!extra.isEmpty()) {
            flags.addAll(List.of(extra.split("\\s+")));
        }
        return List.copyOf(flags);
    }

    private static long[] run(Target target, Path jar, String handler, String argument)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (!CPUS.isEmpty()) {
            command.addAll(List.of("taskset", "-c", CPUS));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(target.flags());
        command.addAll(List.of("-cp", jar.toString(), "io.iomt.sdk.lambda.LocalInvoke", handler, argument));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(target.env().variables);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(handler + " did not finish within 120 s");
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        if (!OUTPUT_DIR.isEmpty()) {
            Path log = Path.of(OUTPUT_DIR, String.format(Locale.ROOT, "%03d-%s.log", launches++, handler));
            Files.createDirectories(log.getParent());
            Files.writeString(log, output);
        }
        Matcher matcher = FIRST_EVENT.matcher(output);
        if (process.exitValue() != 0 || !matcher.find() || !matcher.group(2).equals("true")) {
            throw new IllegalStateException(handler + " failed (exit " + process.exitValue() + "):\n" + output);
        }
        succeeded++;
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
