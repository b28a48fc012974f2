package io.iomt.sdk.lambda;

import io.iomt.sdk.dynamodb.AesGcmTokenCipher;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares a container for a handler's first event: loads the classes the event needs, then
 * warms up token encryption, so that the event spends less time on one-off JVM work.
 *
 * <p>The classes come from a class list: a resource with one binary class name per line, in the
 * order a recorded first event loaded them; blank lines and lines starting with {@code #} are
 * skipped. They are loaded without being initialized, so no static initializer runs early. A
 * name that is not found, or whose class fails to load, is counted and skipped; the handler then
 * loads what it needs as usual. The worker's list, {@value #WORKER_CLASS_LIST}, is written by the
 * test tool {@code WorkerClassList}, and {@code WorkerClassLoadTest} fails when it no longer
 * matches what the worker loads.
 *
 * <p>The warm-up runs one AES-GCM encryption with a throwaway key
 * ({@link AesGcmTokenCipher#warmUp()}). In an on-demand or provisioned container it also draws a few bytes from
 * a new {@link SecureRandom}, which sets up the platform's random source that the token cipher
 * draws its nonces from, and creates the JVM's default TLS context, which loads the trust store.
 * The cipher and the random source alone cost about 40 ms in a cold JVM (JDK 17, 2 cores).
 *
 * <p>When the container initializes before it serves an event ({@code AWS_LAMBDA_INITIALIZATION_TYPE}
 * {@code snap-start} or {@code provisioned-concurrency}), priming runs on the calling thread, so a
 * SnapStart snapshot contains the loaded classes. At a SnapStart init it skips the random source
 * and the TLS context, so that no seeded generator state lands in a snapshot shared by many
 * containers. In an on-demand container it runs
 * on a background thread while the handler builds its clients and sends its first requests. That
 * saves time only when the function has more than one vCPU's worth of CPU or waits on the
 * network, because both threads share the function's CPU. Stateless and thread-safe.
 */
final class Priming {

    /** The worker's class list, a resource of this jar. */
    static final String WORKER_CLASS_LIST = "io/iomt/sdk/lambda/worker.classlist";

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);

    private Priming() {
    }

    /** The outcome of one class list: classes loaded, and names not found or failing to load. */
    record Result(int loaded, int notFound) {

        static final Result NONE = new Result(0, 0);
    }

    /**
     * Primes the container as {@link LambdaConfig} sets it: not at all when {@code IOMT_PRIMING}
     * is {@code false}, on the calling thread when the container initializes ahead of its first
     * event, and otherwise on {@code background}. Returns a future that completes with the class
     * list's result once priming has finished, and never completes exceptionally.
     *
     * @throws IllegalStateException if {@code IOMT_PRIMING} is neither {@code true} nor {@code false}
     */
    static CompletableFuture<Result> atInit(LambdaConfig config, String classList, ClassLoader loader,
            Executor background) {
        if (!config.priming()) {
            return CompletableFuture.completedFuture(Result.NONE);
        }

        if (config.initializesAhead()) {
            Result result = loadClasses(classList, loader);
            warmUp(config.provisioned());
            return CompletableFuture.completedFuture(result);
        }

        CompletableFuture<Result> result = new CompletableFuture<>();
        try {
            background.execute(() -> {
                Result loaded = Result.NONE;
                try {
                    loaded = loadClasses(classList, loader);
                    warmUp(true);
                } finally {
                    result.complete(loaded);
                }
            });
        } catch (RuntimeException rejected) {
            LOG.warn("Could not start priming; classes load on first use ({})", rejected.toString());
            result.complete(Result.NONE);
        }
        return result;
    }

    /**
     * Loads, without initializing, every class named in {@code resource} through {@code loader}, on
     * the calling thread. A missing or unreadable list is logged and loads nothing.
     */
    static Result loadClasses(String resource, ClassLoader loader) {
        long start = System.nanoTime();
        int loaded = 0;
        int notFound = 0;

        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                LOG.warn("Class list {} is missing from the class path; classes load on first use", resource);
                return Result.NONE;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                if (loadOne(name, loader)) {
                    loaded++;
                } else {
                    notFound++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not read class list {}; the rest of its classes load on first use", resource, e);
        }

        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.debug("Preloaded {} classes of {} in {} ms; {} not found", loaded, resource, millis, notFound);
        return new Result(loaded, notFound);
    }

    private static boolean loadOne(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Warms up token encryption and, with {@code randomSource}, the platform's random source and
     * the JVM's default TLS context, whose set-up seeds a random generator. A failure is logged,
     * and the first request then pays the cost or reports the problem.
     */
    private static void warmUp(boolean randomSource) {
        try {
            AesGcmTokenCipher.warmUp();
            if (randomSource) {
                new SecureRandom().nextBytes(new byte[16]);
                SSLContext.getDefault();
            }
        } catch (RuntimeException | GeneralSecurityException e) {
            LOG.warn("Warming up encryption failed; the first request will set it up", e);
        }
    }

    /** Runs {@code task} on a new daemon thread, which ends with the task. */
    static void onDaemonThread(Runnable task) {
        Thread thread = new Thread(task, "iomt-priming");
        thread.setDaemon(true);
        thread.start();
    }

    /** Returns the class loader of the handler classes, which also loads the SDK and its dependencies. */
    static ClassLoader handlerLoader() {
        @Nullable ClassLoader loader = Priming.class.getClassLoader();
        return loader != null ? loader : ClassLoader.getSystemClassLoader();
    }
}
