package io.iomt.sdk.dynamodb.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs independent tasks (one per sample bucket) with up to a given number at once: the calling
 * thread and up to {@code parallelism - 1} helpers on an executor take tasks from a shared list.
 * The calling thread always takes part, so the tasks finish even when the executor runs nothing
 * (all its threads busy, or rejecting), and a caller that is itself an executor thread cannot
 * deadlock on it. Stateless and thread-safe.
 */
public final class ParallelTasks {

    private ParallelTasks() {
    }

    /**
     * Runs every task and returns their results in task order. After a task fails, tasks not yet
     * started are skipped. Returns or throws only once no task runs any more; then rethrows the
     * failure of the earliest failed task. An interrupt of the calling thread while it waits is
     * kept for the caller.
     */
    public static <T> List<T> runAll(List<Supplier<T>> tasks, @Nullable Executor executor, int parallelism) {
        int count = tasks.size();
        Batch<T> batch = new Batch<>(tasks);
        int helpers = executor == null ? 0 : Math.min(parallelism, count) - 1;
        for (int i = 0; i < helpers; i++) {
            try {
                executor.execute(batch::work);
            } catch (RejectedExecutionException rejected) {
                break;
            }
        }
        batch.work();
        batch.awaitFinished();

        for (int i = 0; i < count; i++) {
            Throwable failure = batch.failures.get(i);
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        }
        List<T> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(batch.results.get(i));
        }
        return results;
    }

    /** The shared state of one {@link #runAll} call. */
    private static final class Batch<T> {
        private final List<Supplier<T>> tasks;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReferenceArray<T> results;
        private final AtomicReferenceArray<Throwable> failures;
        private final CountDownLatch done;
        private volatile boolean failed;

        Batch(List<Supplier<T>> tasks) {
            this.tasks = tasks;
            this.results = new AtomicReferenceArray<>(tasks.size());
            this.failures = new AtomicReferenceArray<>(tasks.size());
            this.done = new CountDownLatch(tasks.size());
        }

        /** Takes and runs tasks until none is left; after a failure, takes them without running them. */
        void work() {
            for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
                try {
                    if (!failed) {
                        results.set(i, tasks.get(i).get());
                    }
                } catch (RuntimeException | Error failure) {
                    failures.set(i, failure);
                    failed = true;
                } finally {
                    done.countDown();
                }
            }
        }

        /** Waits until every task was taken and has finished; the caller took the rest before this. */
        void awaitFinished() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
