package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the worker's first event in a fresh JVM from the deployment jar, as Lambda would, and checks
 * which libraries it loaded. OkHttp with Kotlin and Caffeine cost tens of milliseconds each in a
 * cold start, and the worker needs neither: its Google Health client sends over the JDK's
 * HttpURLConnection, and its token cache is a bounded map. Runs in the
 * {@code deployment-jar-tests} execution.
 */
class WorkerClassLoadTest {

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
        SubjectId subject = SubjectId.of("class-load");
        env.connect(subject);
        String message = SyncMessage.incremental(ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH)).toJson();

        List<String> loaded = runWorker(message);

        assertThat(loaded).as("classes loaded by the worker").hasSizeGreaterThan(1_000);
        assertThat(loaded).filteredOn(name -> name.startsWith("okhttp3.") || name.startsWith("okio.")).isEmpty();
        assertThat(loaded).filteredOn(name -> name.startsWith("com.github.benmanes.caffeine.")).isEmpty();
        assertThat(loaded).contains(SyncWorkerHandler.class.getName());
    }

    /** Runs LocalInvoke's worker in a new JVM and returns the names of the classes it loaded. */
    private static List<String> runWorker(String message) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String jar = System.getProperty("iomt.deploy.jar", "target/iomt-lambda-deploy.jar");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xlog:class+load=info:stdout:none", "-cp", jar,
                LocalInvoke.class.getName(), "worker", message).redirectErrorStream(true);
        builder.environment().putAll(env.variables);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("worker finished").isTrue();
        assertThat(process.exitValue()).as("worker exit status; output:%n%s", tail(output)).isZero();
        assertThat(output).contains("ok=true");

        List<String> classes = new ArrayList<>();
        for (String line : output.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0 && line.contains(" source: ")) {
                classes.add(line.substring(0, space));
            }
        }
        return classes;
    }

    private static String tail(String output) {
        return output.length() <= 4_000 ? output : output.substring(output.length() - 4_000);
    }
}
