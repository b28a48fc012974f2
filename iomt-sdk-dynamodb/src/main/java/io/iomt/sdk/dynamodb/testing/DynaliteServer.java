package io.iomt.sdk.dynamodb.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A dynalite process (a DynamoDB-compatible server on Node.js) listening on 127.0.0.1, for tests
 * and demos; <strong>not for production</strong>. It runs {@code node launch.js} from a directory
 * that contains the launcher and a {@code node_modules} installed with
 * {@code npm ci --ignore-scripts} (in this repository: {@code tools/dynalite}).
 *
 * <pre>{@code
 * try (DynaliteServer dynalite = DynaliteServer.start(Path.of("tools/dynalite"))) {
 *     DynamoDbClient client = DynamoDbClient.builder()
 *             .endpointOverride(dynalite.endpoint())
 *             .region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
 *             .httpClient(UrlConnectionHttpClient.create())
 *             .build();
 *     DynamoDbTables.createSampleTable(client, "samples");
 * }
 * }</pre>
 *
 * <p>dynalite answers any credentials and region. Tables live in memory unless a data directory
 * is given, in which case they survive a restart on the same directory. dynalite 4.0.0 lacks
 * UpdateTimeToLive, transactions, PartiQL and streams.
 *
 * <p>Thread-safe. {@link #close()} stops the process and is idempotent; the process also exits
 * by itself when this JVM dies, because the launcher exits when its standard input closes.
 */
public final class DynaliteServer implements AutoCloseable {

    /** How long {@link #start} waits for the launcher to print its port. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern LISTENING = Pattern.compile("dynalite listening on (\\d+)");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final int port;
    private final @Nullable Path dataDirectory;

    private DynaliteServer(Process process, int port, @Nullable Path dataDirectory) {
        this.process = process;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts dynalite with tables in memory on a free port.
     *
     * @param launcherDirectory the directory with {@code launch.js} and {@code node_modules}
     * @throws IllegalStateException if the launcher or node is missing, or dynalite does not start
     *     within {@link #START_TIMEOUT}
     */
    public static DynaliteServer start(Path launcherDirectory) {
        return start(launcherDirectory, null, 0);
    }

    /**
     * Starts dynalite.
     *
     * @param launcherDirectory the directory with {@code launch.js} and {@code node_modules}
     * @param dataDirectory where dynalite keeps its tables (LevelDB), or {@code null} for memory
     * @param port the port on 127.0.0.1, or 0 for a free one chosen by the operating system
     * @throws IllegalArgumentException if {@code port} is outside [0, 65535]
     * @throws IllegalStateException if the launcher or node is missing, or dynalite does not start
     *     within {@link #START_TIMEOUT} (for example because {@code port} is taken)
     */
    public static DynaliteServer start(Path launcherDirectory, @Nullable Path dataDirectory, int port) {
        Objects.requireNonNull(launcherDirectory, "launcherDirectory");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must lie in [0, 65535], got " + port);
        }
        Path launcher = launcherDirectory.resolve("launch.js");
        if (!Files.isRegularFile(launcher) || !Files.isDirectory(launcherDirectory.resolve("node_modules/dynalite"))) {
            throw new IllegalStateException("dynalite is not installed in " + launcherDirectory.toAbsolutePath()
                    + ": expected launch.js and node_modules/dynalite; run npm ci --ignore-scripts --prefix "
                    + launcherDirectory);
        }
        List<String> command = new ArrayList<>(List.of("node", launcher.toAbsolutePath().toString(), "--port",
                Integer.toString(port)));
        if (dataDirectory != null) {
            command.add("--path");
            command.add(dataDirectory.toAbsolutePath().toString());
        }
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(launcherDirectory.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException notStarted) {
            throw new IllegalStateException("Could not run node to start dynalite; install Node.js 20 or later", notStarted);
        }
        return new DynaliteServer(process, awaitPort(process), dataDirectory);
    }

    /** Returns the port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Returns the endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Returns the data directory, or {@code null} if the tables are in memory. */
    public @Nullable Path dataDirectory() {
        return dataDirectory;
    }

    /** Returns whether the process is running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Stops dynalite: closes its standard input, which makes the launcher close the server and
     * exit, and kills the process if it is still running after 5 seconds. Idempotent.
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // The pipe is gone, so the launcher reads end of input anyway.
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "DynaliteServer[endpoint=" + endpoint() + ", data=" + (dataDirectory == null ? "memory" : dataDirectory)
                + ", running=" + isRunning() + "]";
    }

    private static int awaitPort(Process process) {
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> readPort(process));
        try {
            return port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException failed) {
            process.destroyForcibly();
            if (failed instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("dynalite did not report its port within " + START_TIMEOUT
                    + "; see its error output above", failed);
        }
    }

    private static int readPort(Process process) {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = output.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    drainInBackground(output);
                    return Integer.parseInt(matcher.group(1));
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        throw new IllegalStateException("dynalite exited with code " + exitCode(process) + " before it listened");
    }

    /** Keeps reading the launcher's output so that a full pipe never blocks it. */
    private static void drainInBackground(BufferedReader output) {
        Thread drain = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // Discard: the launcher prints nothing else in normal operation.
                }
            } catch (IOException closed) {
                // The process ended.
            }
        }, "dynalite-output");
        drain.setDaemon(true);
        drain.start();
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "unknown";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
