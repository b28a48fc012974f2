package io.iomt.sdk;

import static io.iomt.sdk.SyncFakes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.SyncFakes.FakeTokenEndpoint;
import io.iomt.sdk.SyncFakes.FakeWearable;
import io.iomt.sdk.SyncFakes.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which inputs {@link MonitoringPipeline#assess} reads, with and without {@code assessedInputs}. */
@Timeout(60)
class PipelineAssessedInputsTest {

    private static final SubjectId SUBJECT = new SubjectId("subject-assessed");
    private static final TimeRange DAY = TimeRange.of(T0.minus(Duration.ofDays(1)), T0);
    private static final TimeRange STORED = TimeRange.of(T0.minus(Duration.ofDays(3)), T0);

    @Test
    void defaultReadsEveryInput() {
        ReadRecordingStore store = storeWithHeartRateAndSteps();

        pipeline(store, null).assess(SUBJECT, DAY);

        assertThat(store.readMetrics).containsExactlyInAnyOrderElementsOf(PersonalBaselineStressAnalyzer.create().inputs());
    }

    @Test
    void leftOutInputsAreNotRead() {
        ReadRecordingStore store = storeWithHeartRateAndSteps();

        pipeline(store, EnumSet.of(Metric.HEART_RATE, Metric.STEPS)).assess(SUBJECT, DAY);

        assertThat(store.readMetrics).containsExactlyInAnyOrder(Metric.HEART_RATE, Metric.STEPS);
    }

    @Test
    void leftOutEmptyInputsKeepScores() {
        StressAssessment all = pipeline(storeWithHeartRateAndSteps(), null).assess(SUBJECT, DAY);
        StressAssessment some = pipeline(storeWithHeartRateAndSteps(), EnumSet.of(Metric.HEART_RATE, Metric.STEPS))
                .assess(SUBJECT, DAY);

        assertThat(all.windows()).as("windows").hasSize(24);
        assertThat(all.windows()).as("reasons: %s", all.windows().stream().map(StressWindow::reason).toList()).anySatisfy(window -> assertThat(window.isScored()).isTrue());
        assertThat(some.windows()).isEqualTo(all.windows());
    }

    @Test
    void storeExecutorReadsInputsInParallel() throws InterruptedException {
        // Each read waits until the other has started, so reading one after the other would time out.
        CyclicBarrier bothReading = new CyclicBarrier(2);
        ReadRecordingStore store = storeWithHeartRateAndSteps();
        store.beforeRead = () -> await(bothReading);
        ExecutorService reads = Executors.newFixedThreadPool(1);
        try {
            StressAssessment assessment = pipeline(store, EnumSet.of(Metric.HEART_RATE, Metric.STEPS), reads)
                    .assess(SUBJECT, DAY);

            assertThat(assessment.windows()).anySatisfy(window -> assertThat(window.isScored()).isTrue());
            assertThat(store.readMetrics).containsExactlyInAnyOrder(Metric.HEART_RATE, Metric.STEPS);
        } finally {
            reads.shutdownNow();
            assertThat(reads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void unstartedReadsRunOnCaller() {
        List<Runnable> neverRun = new ArrayList<>();
        ReadRecordingStore store = storeWithHeartRateAndSteps();

        StressAssessment assessment = pipeline(store, null, neverRun::add).assess(SUBJECT, DAY);

        assertThat(neverRun).as("reads handed to the executor").hasSize(4);
        assertThat(store.readMetrics).containsExactlyInAnyOrderElementsOf(PersonalBaselineStressAnalyzer.create().inputs());
        assertThat(assessment.windows()).anySatisfy(window -> assertThat(window.isScored()).isTrue());
    }

    @Test
    void failedParallelReadPropagates() {
        // Only the read on the executor's thread fails, so the failure must cross threads. The
        // caller's own read waits for it to start, so the caller cannot run that read itself.
        Thread caller = Thread.currentThread();
        CountDownLatch started = new CountDownLatch(1);
        StoreException outage = new StoreException("Sample table unavailable", true, null);
        ReadRecordingStore store = storeWithHeartRateAndSteps();
        store.beforeRead = () -> {
            if (Thread.currentThread() != caller) {
                started.countDown();
                throw outage;
            }
            await(started);
        };
        ExecutorService reads = Executors.newFixedThreadPool(1);
        try {
            MonitoringPipeline pipeline = pipeline(store, EnumSet.of(Metric.HEART_RATE, Metric.STEPS), reads);

            assertThatThrownBy(() -> pipeline.assess(SUBJECT, DAY)).isSameAs(outage);
        } finally {
            reads.shutdownNow();
        }
    }

    @Test
    void interruptStopsWaitingForReads() throws InterruptedException {
        // The executor's read never ends on its own. The caller's read waits for it to start,
        // then the caller is interrupted before it waits for that read.
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        ReadRecordingStore store = storeWithHeartRateAndSteps();
        store.beforeRead = () -> {
            if (Thread.currentThread() != caller) {
                started.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("read cancelled", e);
                }
            } else {
                await(started);
                caller.interrupt();
            }
        };
        ExecutorService reads = Executors.newFixedThreadPool(1);
        try {
            MonitoringPipeline pipeline = pipeline(store, EnumSet.of(Metric.HEART_RATE, Metric.STEPS), reads);

            assertThatThrownBy(() -> pipeline.assess(SUBJECT, DAY)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("Interrupted");
            assertThat(Thread.interrupted()).as("interrupt flag set again").isTrue();
            // The cancelled read frees the executor's only thread for the next task.
            assertThat(reads.submit(() -> "free").get(10, TimeUnit.SECONDS)).isEqualTo("free");
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new AssertionError("The executor's thread was not freed", e);
        } finally {
            reads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The executor's read did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("The other input was not read at the same time", e);
        }
    }

    @Test
    void emptyInputsRejected() {
        assertThatThrownBy(() -> MonitoringPipeline.builder().assessedInputs(Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("assessedInputs");
    }

    @Test
    void inputsOutsideAnalyzerRejected() {
        assertThatThrownBy(() -> pipeline(storeWithHeartRateAndSteps(), EnumSet.of(Metric.SLEEP_STAGE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none of the analyzer's inputs");
    }

    private static ReadRecordingStore storeWithHeartRateAndSteps() {
        ReadRecordingStore store = new ReadRecordingStore();
        store.write(SUBJECT, heartRate());
        store.write(SUBJECT, restingSteps());
        return store;
    }

    /** Heart rate every 10 seconds, from 60 to 99 bpm over each 40 samples. */
    private static Series heartRate() {
        Series.Builder builder = Series.builder(Metric.HEART_RATE);
        int i = 0;
        for (long t = STORED.startMillis(); t < STORED.endMillis(); t += 10_000) {
            builder.add(t, 60 + (i++ % 40));
        }
        return builder.build();
    }

    /** No steps in any minute, so no window is gated out as active. */
    private static Series restingSteps() {
        Series.Builder builder = Series.builder(Metric.STEPS);
        for (long t = STORED.startMillis(); t < STORED.endMillis(); t += 60_000) {
            builder.add(t, 0);
        }
        return builder.build();
    }

    private static MonitoringPipeline pipeline(SampleStore samples, Set<Metric> assessedInputs) {
        return pipeline(samples, assessedInputs, null);
    }

    private static MonitoringPipeline pipeline(SampleStore samples, Set<Metric> assessedInputs, Executor reads) {
        ManualClock clock = new ManualClock(T0);
        MonitoringPipeline.Builder builder = MonitoringPipeline.builder()
                .wearable(new FakeWearable(new FakeTokenEndpoint(clock), Metric.HEART_RATE, Metric.STEPS))
                .tokenStore(new InMemoryTokenStore())
                .sampleStore(samples)
                .clock(clock)
                .storeScores(false);
        if (assessedInputs != null) {
            builder.assessedInputs(assessedInputs);
        }
        if (reads != null) {
            builder.storeExecutor(reads);
        }
        return builder.build();
    }

    /** An in-memory sample store that records the metric of every read. */
    private static final class ReadRecordingStore implements SampleStore {
        final InMemorySampleStore delegate = new InMemorySampleStore();
        final List<Metric> readMetrics = new CopyOnWriteArrayList<>();
        volatile Runnable beforeRead = () -> { };

        @Override
        public WriteResult write(SubjectId subject, Series series) {
            return delegate.write(subject, series);
        }

        @Override
        public Series read(SubjectId subject, Metric metric, TimeRange range) {
            readMetrics.add(metric);
            beforeRead.run();
            return delegate.read(subject, metric, range);
        }

        @Override
        public long delete(SubjectId subject, Metric metric, TimeRange range) {
            return delegate.delete(subject, metric, range);
        }
    }
}
