package io.iomt.sdk.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs {@link HrvBenchmark#fullHrv} in a plain loop and prints the median of both wall time and
 * thread CPU time per call. On a machine shared with other work, wall time also counts the time
 * the thread waits for a core, and CPU time does not. CPU time still grows when other threads
 * evict the caches between time slices, so it is most likely an upper bound for an idle machine.
 *
 * <p>Run with {@code java -cp benchmarks/target/benchmarks.jar io.iomt.sdk.benchmarks.HrvCpuTime}.
 */
public final class HrvCpuTime {

    private static final int WARMUP_CALLS = 300;
    private static final int MEASURED_CALLS = 300;

    private HrvCpuTime() {
    }

    /** Prints the medians; no arguments. */
    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        HrvBenchmark benchmark = new HrvBenchmark();
        benchmark.load();
        Blackhole blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (int i = 0; i < WARMUP_CALLS; i++) {
            benchmark.fullHrv(blackhole);
        }
        double[] wall = new double[MEASURED_CALLS];
        double[] cpu = new double[MEASURED_CALLS];
        for (int i = 0; i < MEASURED_CALLS; i++) {
            long wallStart = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            benchmark.fullHrv(blackhole);
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            wall[i] = (System.nanoTime() - wallStart) / 1e6;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "fullHrv over %d calls: wall median %.2f ms (min %.2f), CPU median %.2f ms (min %.2f)%n",
                MEASURED_CALLS, wall[MEASURED_CALLS / 2], wall[0], cpu[MEASURED_CALLS / 2], cpu[0]);
    }
}
