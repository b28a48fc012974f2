package io.iomt.sdk.lambda;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the worker's class list ({@link Priming#WORKER_CLASS_LIST}): runs the deployment
 * jar's worker once in a new JVM, with priming off, on a 6-hour incremental sync against
 * dynalite and the simulator (the cold-start benchmark's event), and lists the classes it loaded
 * from the jar and the JDK, in load order. Both servers speak HTTPS with a certificate of a local
 * CA ({@link LocalTls}), as DynamoDB and Google do, so the list contains the TLS classes too. A tool, not a test. Run it after {@code mvn package}
 * whenever {@code WorkerClassLoadTest} reports that the list no longer matches, then package again:
 *
 * <pre>{@code
 * java -Diomt.dynalite.dir=../../tools/dynalite -cp <test classpath> io.iomt.sdk.lambda.WorkerClassList \
 *     target/iomt-lambda-deploy.jar src/main/resources/io/iomt/sdk/lambda/worker.classlist
 * }</pre>
 */
public final class WorkerClassList {

    private WorkerClassList() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/iomt-lambda-deploy.jar");
        Path output = Path.of(args.length > 1 ? args[1] : "src/main/resources/" + Priming.WORKER_CLASS_LIST);

        List<String> names;
        try (LocalTls tls = LocalTls.generate(); LambdaTestEnvironment env = LambdaTestEnvironment.startTls(tls)) {
            ConnectionId connection = ConnectionId.of(SubjectId.of("class-list"), ProviderId.GOOGLE_HEALTH);
            env.connect(connection.subject());
            env.watermarksAt(connection, LambdaTestEnvironment.NOW.minus(Duration.ofHours(6)));

            ChildWorker.Run run = ChildWorker.run(jar, env.variables, Map.of(LambdaConfig.PRIMING, "false"),
                    tls.jvmFlags(), SyncMessage.incremental(connection).toJson());
            if (run.exitStatus() != 0 || !run.output().contains("ok=true")) {
                throw new IllegalStateException("The worker failed (exit " + run.exitStatus() + "):\n" + run.tail());
            }
            names = run.classListNames();
        }

        List<String> lines = new ArrayList<>();
        lines.add("# The classes the sync worker's first event loads from its jar and the JDK, in load order.");
        lines.add("# Written by io.iomt.sdk.lambda.WorkerClassList (test sources) on " + LocalDate.now(ZoneOffset.UTC)
                + " from a 6-hour incremental sync over HTTPS; " + names.size() + " classes.");
        lines.add("# Regenerate after code or dependency changes, when WorkerClassLoadTest reports a stale list.");
        lines.addAll(names);
        Files.write(output, lines, StandardCharsets.UTF_8);
        System.out.println("wrote " + names.size() + " class names to " + output);
    }
}
