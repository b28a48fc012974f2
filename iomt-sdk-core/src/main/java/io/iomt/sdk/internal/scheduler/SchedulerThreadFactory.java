package io.iomt.sdk.internal.scheduler;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the scheduler's own threads: daemon threads named {@code iomt-scheduler-N}, numbered
 * across every scheduler of the process, so they never keep a JVM alive and are easy to find in a
 * thread dump.
 */
public final class SchedulerThreadFactory implements ThreadFactory {

    private static final AtomicInteger NEXT = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "iomt-scheduler-" + NEXT.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    }
}
