package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrimingTest {

    private static final String LIST = "io/iomt/sdk/lambda/preloader-test.classlist";

    /** Static initializers run by the marker classes; preloading must run none. */
    static final AtomicInteger INITIALIZED = new AtomicInteger();

    static final class Marked {
        static {
            INITIALIZED.incrementAndGet();
        }
    }

    static final class AlsoMarked {
        static {
            INITIALIZED.incrementAndGet();
        }
    }

    private RecordingLoader loader;

    @AfterAll
    static void noClassInitialized() {
        // Every test loads the marker classes; none may have run their static initializer.
        assertThat(INITIALIZED).as("static initializers run by priming").hasValue(0);
    }

    @BeforeEach
    void newLoader() {
        loader = new RecordingLoader(getClass().getClassLoader());
    }

    @Test
    void loadsListedClassesWithoutInitializing() {
        int before = INITIALIZED.get();

        Priming.Result result = Priming.loadClasses(LIST, loader);

        assertThat(loader.requested).contains(Marked.class.getName(), AlsoMarked.class.getName());
        assertThat(result.loaded()).isEqualTo(2);
        assertThat(INITIALIZED.get()).as("static initializers run").isEqualTo(before);
    }

    @Test
    void unknownNamesCountedAndSkipped() {
        Priming.Result result = Priming.loadClasses(LIST, loader);

        assertThat(result.notFound()).as("unknown class and invalid name").isEqualTo(2);
        assertThat(loader.requested).doesNotContain("# Used by PrimingTest.", "");
    }

    @Test
    void missingListLoadsNothing() {
        Priming.Result result = Priming.loadClasses("io/iomt/sdk/lambda/no-such.classlist", loader);

        assertThat(result).isEqualTo(Priming.Result.NONE);
        assertThat(loader.requested).isEmpty();
    }

    @Test
    void onDemandLoadsOnExecutor() {
        QueuedExecutor executor = new QueuedExecutor();

        CompletableFuture<Priming.Result> result = Priming.atInit(LambdaConfig.of(Map.of()), LIST, loader, executor);

        assertThat(result).as("not run before the executor runs it").isNotDone();
        assertThat(loader.requested).isEmpty();
        executor.runAll();
        assertThat(result).isCompletedWithValue(new Priming.Result(2, 2));
    }

    @Test
    void snapStartLoadsOnCallingThread() {
        for (String type : List.of("snap-start", "provisioned-concurrency")) {
            QueuedExecutor executor = new QueuedExecutor();
            LambdaConfig config = LambdaConfig.of(Map.of(LambdaConfig.INITIALIZATION_TYPE, type));

            CompletableFuture<Priming.Result> result = Priming.atInit(config, LIST, loader, executor);

            assertThat(result).as(type).isCompletedWithValue(new Priming.Result(2, 2));
            assertThat(executor.tasks).as("tasks queued at %s", type).isEmpty();
        }
    }

    @Test
    void disabledLoadsNothing() {
        QueuedExecutor executor = new QueuedExecutor();
        LambdaConfig config = LambdaConfig.of(Map.of(LambdaConfig.PRIMING, "FALSE",
                LambdaConfig.INITIALIZATION_TYPE, "snap-start"));

        CompletableFuture<Priming.Result> result = Priming.atInit(config, LIST, loader, executor);

        assertThat(result).isCompletedWithValue(Priming.Result.NONE);
        assertThat(executor.tasks).isEmpty();
        assertThat(loader.requested).isEmpty();
    }

    @Test
    void rejectedExecutorLoadsNothing() {
        Executor rejecting = task -> {
            throw new RejectedExecutionException("no threads left");
        };

        CompletableFuture<Priming.Result> result = Priming.atInit(LambdaConfig.of(Map.of()), LIST, loader, rejecting);

        assertThat(result).isCompletedWithValue(Priming.Result.NONE);
    }

    @Test
    void invalidSwitchNamesVariable() {
        LambdaConfig config = LambdaConfig.of(Map.of(LambdaConfig.PRIMING, "yes"));

        assertThatThrownBy(() -> Priming.atInit(config, LIST, loader, new QueuedExecutor()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(LambdaConfig.PRIMING)
                .hasMessageContaining("yes");
    }

    /** Delegates to its parent and records every class name it was asked for. */
    private static final class RecordingLoader extends ClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }

    /** Keeps tasks until {@link #runAll()}. */
    private static final class QueuedExecutor implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            tasks.forEach(Runnable::run);
        }
    }
}
