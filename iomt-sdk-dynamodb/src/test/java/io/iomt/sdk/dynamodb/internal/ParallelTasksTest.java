package io.iomt.sdk.dynamodb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ParallelTasksTest {

    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void resultsInTaskOrder() {
        List<Supplier<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int value = i;
            tasks.add(() -> value * value);
        }

        List<Integer> results = ParallelTasks.runAll(tasks, pool, 4);

        assertThat(results).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(results.get(i)).isEqualTo(i * i);
        }
    }

    @Test
    void runsUpToParallelismAtOnce() {
        CyclicBarrier allThree = new CyclicBarrier(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Supplier<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            tasks.add(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    allThree.await(10, TimeUnit.SECONDS);
                    return true;
                } catch (Exception e) {
                    throw new IllegalStateException("three tasks never ran at once", e);
                } finally {
                    running.decrementAndGet();
                }
            });
        }

        assertThat(ParallelTasks.runAll(tasks, pool, 3)).containsOnly(true);
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void callerRunsAllWhenExecutorIdle() {
        List<Runnable> neverRun = new ArrayList<>();
        List<Supplier<String>> tasks = List.of(() -> Thread.currentThread().getName(), () -> Thread.currentThread().getName());

        List<String> threads = ParallelTasks.runAll(tasks, neverRun::add, 8);

        assertThat(threads).containsOnly(Thread.currentThread().getName());
        assertThat(neverRun).hasSize(1);
        neverRun.forEach(Runnable::run);
    }

    @Test
    void callerRunsAllWhenRejected() {
        List<Supplier<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);

        assertThat(ParallelTasks.runAll(tasks, task -> {
            throw new RejectedExecutionException("full");
        }, 3)).containsExactly(1, 2, 3);
    }

    @Test
    void sameSingleThreadPoolNoDeadlock() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            List<Supplier<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3, () -> 4);
            List<Integer> results = single.submit(() -> ParallelTasks.runAll(tasks, single, 4)).get(10, TimeUnit.SECONDS);
            assertThat(results).containsExactly(1, 2, 3, 4);
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void failureSkipsLaterTasks() {
        AtomicBoolean laterRan = new AtomicBoolean();
        List<Supplier<Integer>> tasks = List.of(() -> {
            throw new IllegalStateException("bucket 0");
        }, () -> {
            laterRan.set(true);
            return 1;
        });

        assertThatThrownBy(() -> ParallelTasks.runAll(tasks, null, 4)).hasMessage("bucket 0");
        assertThat(laterRan).isFalse();
    }

    @Test
    void failureWaitsForRunningTasks() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch failed = new CountDownLatch(1);
        AtomicBoolean slowFinished = new AtomicBoolean();
        List<Supplier<Integer>> tasks = List.of(() -> {
            slowStarted.countDown();
            await(release);
            slowFinished.set(true);
            return 0;
        }, () -> {
            await(slowStarted);
            failed.countDown();
            throw new IllegalStateException("bucket 1");
        });
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<List<Integer>> call = CompletableFuture.supplyAsync(() -> ParallelTasks.runAll(tasks, pool, 2),
                    caller);
            assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(call).isNotDone();

            release.countDown();
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("bucket 1");
            assertThat(slowFinished).isTrue();
        } finally {
            caller.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
