package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the worker's first event in a fresh JVM from the deployment jar, as Lambda would, and checks
 * which classes it loaded. OkHttp with Kotlin and Caffeine cost tens of milliseconds each in a
 * cold start, and the worker needs neither: its Google Health client sends over the JDK's
 * HttpURLConnection, and its token cache is a bounded map. The worker's class list, which
 * {@link Priming} loads ahead of the first event, must still match what the event loads.
 * Runs in the {@code deployment-jar-tests} execution.
 */
class WorkerClassLoadTest {

    /** Share of the event's nameable classes that the class list must name. */
    private static final double MIN_COVERAGE = 0.90;

    /** Share of the class list, in percent, that may name JDK classes this JDK lacks. */
    private static final int MAX_MISSING_PERCENT = 2;

    private static final String REGENERATE = "The class list is stale; regenerate it with WorkerClassList "
            + "(see its Javadoc for the command) and package again.";

    private static final Pattern PRELOADED = Pattern.compile("Preloaded (\\d+) classes of \\S+ in \\d+ ms; (\\d+) not found");

    private static LambdaTestEnvironment env;

    @BeforeAll
    static void start() {
        env = LambdaTestEnvironment.start();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void coldWorkerLoadsNeitherOkHttpNorCaffeine() throws Exception {
        // Priming on, as deployed: neither the event nor the class list may bring them in.
        ChildWorker.Run run = runWorker("class-load", Map.of(), List.of());
        List<String> loaded = run.classes().stream().map(ChildWorker.LoadedClass::name).toList();

        assertThat(loaded).as("classes loaded by the worker").hasSizeGreaterThan(1_000);
        assertThat(loaded).filteredOn(name -> name.startsWith("okhttp3.") || name.startsWith("okio.")).isEmpty();
        assertThat(loaded).filteredOn(name -> name.startsWith("com.github.benmanes.caffeine.")).isEmpty();
        assertThat(loaded).contains(SyncWorkerHandler.class.getName());
        assertThat(classList()).as("class list").noneMatch(name -> name.startsWith("okhttp3.")
                || name.startsWith("okio.") || name.startsWith("com.github.benmanes.caffeine."));
    }

    @Test
    void classListCoversFirstEvent() throws Exception {
        ChildWorker.Run run = runWorker("class-list-coverage", Map.of(LambdaConfig.PRIMING, "false"), List.of());
        List<String> needed = run.classListNames();
        Set<String> listed = new HashSet<>(classList());

        List<String> unlisted = needed.stream().filter(name -> !listed.contains(name)).toList();
        double coverage = 1.0 - (double) unlisted.size() / needed.size();

        assertThat(needed).as("nameable classes of the first event").hasSizeGreaterThan(1_000);
        assertThat(coverage).as("share of the event's classes in the class list; %d unlisted, the first: %s%n%s",
                unlisted.size(), unlisted.subList(0, Math.min(20, unlisted.size())), REGENERATE)
                .isGreaterThanOrEqualTo(MIN_COVERAGE);
    }

    @Test
    void classListNamesOnlyExistingClasses() throws IOException {
        List<String> names = classList();
        List<String> missingFromJar = new ArrayList<>();
        List<String> missingFromJdk = new ArrayList<>();
        try (ZipFile jar = new ZipFile(deploymentJar().toFile())) {
            for (String name : names) {
                if (jar.getEntry(name.replace('.', '/') + ".class") != null || inJdk(name)) {
                    continue;
                }
                (isJdkName(name) ? missingFromJdk : missingFromJar).add(name);
            }
        }

        assertThat(missingFromJar).as("names of the jar's classes in the class list not found in the jar. %s", REGENERATE)
                .isEmpty();
        // Another JDK build may lack some internal classes of the recorded one; priming skips them.
        assertThat(missingFromJdk).as("JDK class names not found in this JDK. %s", REGENERATE)
                .hasSizeLessThanOrEqualTo(names.size() * MAX_MISSING_PERCENT / 100);
    }

    @Test
    void snapStartWorkerPreloadsWholeList() throws Exception {
        // At a SnapStart init the list loads before the handler exists, so the log line always precedes the event.
        ChildWorker.Run run = runWorker("class-list-preload", Map.of(LambdaConfig.INITIALIZATION_TYPE, "snap-start"),
                List.of("-Dorg.slf4j.simpleLogger.log.io.iomt.sdk.lambda.Priming=debug"));
        Matcher preloaded = PRELOADED.matcher(run.output());

        assertThat(preloaded.find()).as("preloader's debug line in:%n%s", run.tail()).isTrue();
        int listed = classList().size();
        int loaded = Integer.parseInt(preloaded.group(1));
        int notFound = Integer.parseInt(preloaded.group(2));
        assertThat(loaded + notFound).as("names read").isEqualTo(listed);
        assertThat(notFound).as("names not found").isLessThanOrEqualTo(listed * MAX_MISSING_PERCENT / 100);
    }

    /** Runs the worker for a new connection of {@code subject} in a new JVM and checks that it succeeded. */
    private static ChildWorker.Run runWorker(String subject, Map<String, String> environment, List<String> flags)
            throws IOException, InterruptedException {
        SubjectId id = SubjectId.of(subject);
        env.connect(id);
        String message = SyncMessage.incremental(ConnectionId.of(id, ProviderId.GOOGLE_HEALTH)).toJson();

        ChildWorker.Run run = ChildWorker.run(deploymentJar(), env.variables, environment, flags, message);

        assertThat(run.exitStatus()).as("worker exit status; output:%n%s", run.tail()).isZero();
        assertThat(run.output()).contains("ok=true");
        return run;
    }

    /** Returns the class names of the jar's class list. */
    private static List<String> classList() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile jar = new ZipFile(deploymentJar().toFile())) {
            ZipEntry entry = jar.getEntry(Priming.WORKER_CLASS_LIST);
            assertThat(entry).as("class list %s in the deployment jar", Priming.WORKER_CLASS_LIST).isNotNull();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(jar.getInputStream(entry), StandardCharsets.UTF_8))) {
                reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .forEach(names::add);
            }
        }
        return names;
    }

    private static boolean isJdkName(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.");
    }

    private static boolean inJdk(String name) {
        try {
            Class.forName(name, false, ClassLoader.getPlatformClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Path deploymentJar() {
        return Path.of(System.getProperty("iomt.deploy.jar", "target/iomt-lambda-deploy.jar"));
    }
}
