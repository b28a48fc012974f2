package io.iomt.sdk.dynamodb.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
 * is given, in which case they survive a restart on the same directory. It serves plain HTTP
 * unless started with {@link #startWithTls}. dynalite 4.0.0 lacks UpdateTimeToLive, transactions,
 * PartiQL and streams.
 *
 * <p>Thread-safe. {@link #close()} stops the process and is idempotent; the process also exits
 * by itself when this JVM dies, because the launcher exits when its standard input closes.
 */
public final class DynaliteServer implements AutoCloseable {

    /** How long {@link #start} waits for the launcher to print its port. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern LISTENING = Pattern.compile("dynalite listening on (\\d+)");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    /** The subject alternative name types of {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final Process process;
    private final int port;
    private final URI endpoint;
    private final @Nullable Path dataDirectory;

    private DynaliteServer(Process process, int port, String scheme, String host, @Nullable Path dataDirectory) {
        this.process = process;
        this.port = port;
        this.endpoint = URI.create(scheme + "://" + host + ":" + port);
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
        return launch(launcherDirectory, dataDirectory, port, List.of(), "http", "127.0.0.1");
    }

    /**
     * Starts dynalite with tables in memory on a free port, serving HTTPS with the given
     * certificate. The {@linkplain #endpoint() endpoint} names {@code 127.0.0.1} if the
     * certificate's subject alternative names contain that IP address, or else {@code localhost}
     * if they contain that DNS name, so that a client verifying the host name accepts it. Clients
     * must trust the certificate or its issuer, for example through the JVM's
     * {@code javax.net.ssl.trustStore} system property.
     *
     * @param launcherDirectory the directory with {@code launch.js} and {@code node_modules}
     * @param certificate a PEM file with the server certificate, optionally followed by its
     *     intermediate certificates
     * @param privateKey a PEM file with the certificate's unencrypted private key
     * @throws IllegalArgumentException if a file is missing, the certificate cannot be read, or
     *     its subject alternative names contain neither {@code 127.0.0.1} nor {@code localhost}
     * @throws IllegalStateException if the launcher or node is missing, or dynalite does not start
     *     within {@link #START_TIMEOUT}
     */
    public static DynaliteServer startWithTls(Path launcherDirectory, Path certificate, Path privateKey) {
        Objects.requireNonNull(launcherDirectory, "launcherDirectory");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!Files.isRegularFile(privateKey)) {
            throw new IllegalArgumentException("The private key file " + privateKey.toAbsolutePath() + " does not exist");
        }
        String host = hostNamedBy(certificate);
        List<String> tlsOptions = List.of("--ssl", "--cert", certificate.toAbsolutePath().toString(),
                "--key", privateKey.toAbsolutePath().toString());
        return launch(launcherDirectory, null, 0, tlsOptions, "https", host);
    }

    private static DynaliteServer launch(Path launcherDirectory, @Nullable Path dataDirectory, int port,
            List<String> tlsOptions, String scheme, String host) {
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
        command.addAll(tlsOptions);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(launcherDirectory.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException notStarted) {
            throw new IllegalStateException("Could not run node to start dynalite; install Node.js 20 or later", notStarted);
        }
        return new DynaliteServer(process, awaitPort(process), scheme, host, dataDirectory);
    }

    /** Returns the loopback host name that the certificate's subject alternative names contain. */
    private static String hostNamedBy(Path certificate) {
        X509Certificate server = readFirstCertificate(certificate);
        boolean namesLoopbackAddress = false;
        boolean namesLocalhost = false;
        try {
            Collection<List<?>> names = server.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                int type = (Integer) name.get(0);
                namesLoopbackAddress |= type == IP_ADDRESS && "127.0.0.1".equals(name.get(1));
                namesLocalhost |= type == DNS_NAME && "localhost".equalsIgnoreCase(String.valueOf(name.get(1)));
            }
        } catch (CertificateException unparsable) {
            throw new IllegalArgumentException("Cannot read the subject alternative names of " + certificate.toAbsolutePath()
                    + ": " + unparsable.getMessage(), unparsable);
        }
        if (namesLoopbackAddress) {
            return "127.0.0.1";
        }
        if (namesLocalhost) {
            return "localhost";
        }
        throw new IllegalArgumentException("The certificate " + server.getSubjectX500Principal() + " in "
                + certificate.toAbsolutePath() + " names neither IP address 127.0.0.1 nor DNS name localhost, so clients"
                + " would reject dynalite's host name; issue it with subject alternative name IP:127.0.0.1 or DNS:localhost");
    }

    private static X509Certificate readFirstCertificate(Path certificate) {
        try (InputStream pem = Files.newInputStream(certificate)) {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(pem);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("The certificate file " + certificate.toAbsolutePath()
                        + " contains no certificate; pass a PEM file that starts with the server certificate");
            }
            return (X509Certificate) chain.iterator().next();
        } catch (IOException | CertificateException unreadable) {
            throw new IllegalArgumentException("Cannot read the certificate file " + certificate.toAbsolutePath() + ": "
                    + unreadable.getMessage(), unreadable);
        }
    }

    /** Returns the port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * Returns the endpoint: {@code http://127.0.0.1:<port>}, or with {@link #startWithTls}
     * {@code https://127.0.0.1:<port>} or {@code https://localhost:<port>}.
     */
    public URI endpoint() {
        return endpoint;
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
