package io.iomt.sdk.benchmarks;

import io.iomt.sdk.HrvAnalysis;
import io.iomt.sdk.HrvFrequencyDomain;
import io.iomt.sdk.HrvGeometric;
import io.iomt.sdk.HrvOptions;
import io.iomt.sdk.HrvPoincare;
import io.iomt.sdk.HrvSpectralMethod;
import io.iomt.sdk.HrvTimeDomain;
import io.iomt.sdk.RrIntervals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Full HRV of a 24-hour Holter record: time domain, Welch on the 4 Hz cubic-spline tachogram,
 * Poincaré and geometric measures. The record is PhysioNet nsr2db nsr022 with the intervals of
 * 300 to 2000 ms kept (81,699 beats) and laid back to back, as hrv-analysis does. Sample mode,
 * so JMH reports the median (p0.50) of single calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class HrvBenchmark {

    /** Beats left after keeping 300 to 2000 ms, the figure the comparison with hrv-analysis uses. */
    static final int EXPECTED_BEATS = 81_699;

    private RrIntervals nn = RrIntervals.ofMillis();
    private final HrvOptions options = HrvOptions.defaults();

    /**
     * Loads the record, drops its first line (the offset of the first beat, not an interval) and
     * keeps the intervals of 300 to 2000 ms.
     */
    @Setup
    public void load() throws IOException {
        double[] millis = new double[100_000];
        int n = 0;
        try (InputStream raw = HrvBenchmark.class.getResourceAsStream("/hrv/nsr2db_nsr022_rr_secs.txt.gz")) {
            if (raw == null) {
                throw new IOException("Benchmark resource /hrv/nsr2db_nsr022_rr_secs.txt.gz not found");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                double value = Double.parseDouble(line.trim()) * 1000.0;
                if (value >= 300 && value <= 2000) {
                    if (n == millis.length) {
                        millis = java.util.Arrays.copyOf(millis, n * 2);
                    }
                    millis[n++] = value;
                }
            }
        }
        if (n != EXPECTED_BEATS) {
            throw new IllegalStateException("Expected " + EXPECTED_BEATS + " beats after filtering, got " + n);
        }
        nn = RrIntervals.ofMillis(java.util.Arrays.copyOf(millis, n));
    }

    /** Computes the four measure groups of the comparison. */
    @Benchmark
    public void fullHrv(Blackhole blackhole) {
        HrvTimeDomain time = HrvAnalysis.timeDomain(nn);
        HrvFrequencyDomain welch = HrvAnalysis.frequencyDomain(nn, options, HrvSpectralMethod.WELCH);
        HrvPoincare poincare = HrvAnalysis.poincare(nn);
        HrvGeometric geometric = HrvAnalysis.geometric(nn);
        blackhole.consume(time);
        blackhole.consume(welch);
        blackhole.consume(poincare);
        blackhole.consume(geometric);
    }
}
