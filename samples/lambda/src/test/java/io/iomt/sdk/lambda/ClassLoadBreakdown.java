package io.iomt.sdk.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the classes two cold starts load, grouped by package family: reads two logs written
 * with {@code -Xlog:class+load:stdout:uptime} (for example by {@link ColdStartBenchmark} with
 * {@code -Dcoldstart.extraFlags=-Xlog:class+load:stdout:uptime -Dcoldstart.outputDir=DIR}) and
 * prints, per family, how many classes each run loaded and the time attributed to them.
 *
 * <p>The time of a class is the gap from its load to the next class load, which covers loading,
 * linking, static initialization and whatever code ran until the next load. Gaps longer than
 * 20 ms are summed apart, because they are mostly waits for dynalite or the simulator or long
 * stretches of interpreted code. The attribution is an estimate: code of one family that runs
 * after another family's class was loaded is counted for the latter. A tool, not a test.
 *
 * <pre>{@code
 * java -cp <test classpath> io.iomt.sdk.lambda.ClassLoadBreakdown DIR/005-worker.log DIR/007-bare-get-item.log
 * }</pre>
 */
public final class ClassLoadBreakdown {

    private static final Pattern LOAD = Pattern.compile("^\\[(\\d+\\.\\d+)s\\] (\\S+) source: ");
    private static final double LONG_GAP_SECONDS = 0.020;

    /** Package families by name, each with a regular expression on the class name; the first match wins. */
    private static final Map<String, Pattern> FAMILIES = families();

    private ClassLoadBreakdown() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ClassLoadBreakdown WORKER_LOG BARE_LOG");
            System.exit(2);
        }
        Tally worker = tally(Path.of(args[0]));
        Tally bare = tally(Path.of(args[1]));
        System.out.printf(Locale.ROOT, "classes: worker %d, bare %d; gaps over 20 ms: worker %.0f ms, bare %.0f ms%n",
                worker.total(), bare.total(), worker.longGaps * 1000, bare.longGaps * 1000);
        System.out.println("| Family | worker classes | bare classes | extra | worker ms | bare ms | extra ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        List<String> names = new ArrayList<>(FAMILIES.keySet());
        names.sort((a, b) -> Double.compare(worker.seconds(b) - bare.seconds(b), worker.seconds(a) - bare.seconds(a)));
        for (String family : names) {
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %+d | %.0f | %.0f | %+.0f |%n", family, worker.count(family),
                    bare.count(family), worker.count(family) - bare.count(family), worker.seconds(family) * 1000,
                    bare.seconds(family) * 1000, (worker.seconds(family) - bare.seconds(family)) * 1000);
        }
    }

    /** Class counts and attributed seconds per family of one log. */
    private static final class Tally {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        final Map<String, Double> seconds = new LinkedHashMap<>();
        double longGaps;

        int count(String family) {
            return counts.getOrDefault(family, 0);
        }

        double seconds(String family) {
            return seconds.getOrDefault(family, 0.0);
        }

        int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static Tally tally(Path log) throws IOException {
        List<Double> times = new ArrayList<>();
        List<String> families = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher load = LOAD.matcher(line);
            if (load.find()) {
                times.add(Double.parseDouble(load.group(1)));
                families.add(familyOf(load.group(2)));
            }
        }

        Tally tally = new Tally();
        for (int i = 0; i < families.size(); i++) {
            String family = families.get(i);
            tally.counts.merge(family, 1, Integer::sum);
            if (i + 1 == families.size()) {
                continue;
            }
            double gap = times.get(i + 1) - times.get(i);
            if (gap > LONG_GAP_SECONDS) {
                tally.longGaps += gap;
            } else {
                tally.seconds.merge(family, gap, Double::sum);
            }
        }
        return tally;
    }

    private static String familyOf(String className) {
        for (Map.Entry<String, Pattern> family : FAMILIES.entrySet()) {
            if (family.getValue().matcher(className).find()) {
                return family.getKey();
            }
        }
        throw new IllegalStateException("The last family matches every class name");
    }

    private static Map<String, Pattern> families() {
        Map<String, Pattern> families = new LinkedHashMap<>();
        families.put("OkHttp, Okio, Kotlin", Pattern.compile("^(okhttp3|okio|kotlin)\\."));
        families.put("Caffeine", Pattern.compile("^com\\.github\\.benmanes\\.caffeine\\."));
        families.put("AWS DynamoDB model", Pattern.compile("^software\\.amazon\\.awssdk\\.services\\.dynamodb\\.model\\."));
        families.put("AWS DynamoDB client", Pattern.compile("^software\\.amazon\\.awssdk\\.services\\.dynamodb\\."));
        families.put("AWS KMS", Pattern.compile("^software\\.amazon\\.awssdk\\.services\\.kms\\."));
        families.put("AWS core, HTTP, auth, regions", Pattern.compile("^software\\.amazon\\.awssdk\\."));
        families.put("IoMT SDK core", Pattern.compile("^io\\.iomt\\.sdk\\.([A-Z]|internal\\.)"));
        families.put("IoMT SDK fitbit", Pattern.compile("^io\\.iomt\\.sdk\\.fitbit\\."));
        families.put("IoMT SDK dynamodb", Pattern.compile("^io\\.iomt\\.sdk\\.dynamodb\\."));
        families.put("Lambda sample", Pattern.compile("^io\\.iomt\\.sdk\\.lambda\\."));
        families.put("Jackson core", Pattern.compile("^com\\.fasterxml\\."));
        families.put("SLF4J", Pattern.compile("^org\\.slf4j\\."));
        families.put("java.net.http", Pattern.compile("^(java|jdk\\.internal)\\.net\\.http\\."));
        families.put("JDK TLS and crypto", Pattern.compile(
                "^(javax\\.net\\.ssl|sun\\.security|javax\\.crypto|com\\.sun\\.crypto|java\\.security|javax\\.security)\\."));
        families.put("java.util.concurrent", Pattern.compile("^java\\.util\\.concurrent\\."));
        families.put("Lambda and method-handle classes (hidden)", Pattern.compile("(\\$\\$Lambda|LambdaForm\\$|/0x)"));
        families.put("java.lang.invoke, reflection", Pattern.compile(
                "^(java\\.lang\\.invoke|java\\.lang\\.reflect|jdk\\.internal\\.reflect|sun\\.invoke)\\."));
        families.put("other JDK", Pattern.compile("^(java|javax|jdk|sun|com\\.sun)\\."));
        families.put("other", Pattern.compile(""));
        return families;
    }
}
