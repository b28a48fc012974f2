package io.iomt.sdk.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.fitbit.DataPointsPageParser;
import io.iomt.sdk.fitbit.GoogleHealthDataType;
import io.iomt.sdk.fitbit.internal.BodyChunks;
import io.iomt.sdk.fitbit.internal.PageTokenScanner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing one 10,000-point {@code heart-rate} page of the Google Health API, against a bare
 * Jackson token scan of the same bytes.
 *
 * <p>The page has the documented shape of a Fitbit wrist reading: data source with device,
 * sample time with UTC offset and civil time, int64 beats per minute as a JSON string, and
 * motion/sensor metadata (about 440 bytes per point, 4.4 MB per page). {@link #parsePage} fills
 * a builder sized for the page and builds the series, so its allocation includes the output
 * arrays (times, values and offsets: 20 bytes per point). Throughput mode, operations are whole
 * pages.
 *
 * <p>Each call also adds the calling thread's CPU time to {@link CpuCounters}, so the two
 * benchmarks can be compared by CPU time per page on a machine shared with other work, where
 * wall-clock throughput mostly measures the share of CPU the fork was given.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class GoogleHealthPageBenchmark {

    /** Points on the page: the API's maximum page size. */
    static final int POINTS = 10_000;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final DataPointsPageParser parser = DataPointsPageParser.forType(GoogleHealthDataType.HEART_RATE);
    private byte[] page = new byte[0];
    private List<byte[]> chunks = List.of();

    /** Builds the page newest first, one reading every 5 seconds with a +01:00 offset. */
    @Setup
    public void buildPage() {
        StringBuilder body = new StringBuilder(POINTS * 450).append("{\"dataPoints\":[");
        Instant newest = Instant.parse("2026-12-01T23:59:55Z");
        for (int i = 0; i < POINTS; i++) {
            Instant time = newest.minusSeconds(5L * i);
            ZonedDateTime civil = time.atZone(ZoneOffset.ofHours(1));
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"dataSource\":{\"recordingMethod\":\"PASSIVELY_MEASURED\",\"device\":{\"formFactor\":"
                    + "\"WATCH\",\"manufacturer\":\"Google\",\"displayName\":\"Pixel Watch 3\"},\"platform\":"
                    + "\"FITBIT\"},\"heartRate\":{\"sampleTime\":{\"physicalTime\":\"")
                    .append(time)
                    .append("\",\"utcOffset\":\"3600s\",\"civilTime\":{\"date\":{\"year\":").append(civil.getYear())
                    .append(",\"month\":").append(civil.getMonthValue())
                    .append(",\"day\":").append(civil.getDayOfMonth())
                    .append("},\"time\":{\"hours\":").append(civil.getHour())
                    .append(",\"minutes\":").append(civil.getMinute())
                    .append(",\"seconds\":").append(civil.getSecond())
                    .append("}}},\"beatsPerMinute\":\"").append(55 + (i * 7) % 60)
                    .append("\",\"metadata\":{\"motionContext\":\"SEDENTARY\",\"sensorLocation\":\"WRIST\"}}}");
        }
        body.append("],\"nextPageToken\":\"CiQKIgoaMjAyNi0xMi0wMVQwNzoxNTowMFoQAhoKaGVhcnQtcmF0ZQ\"}");
        page = body.toString().getBytes(StandardCharsets.UTF_8);
        try {
            chunks = BodyChunks.read(new ByteArrayInputStream(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (PageTokenScanner.scan(chunks).nextPageToken() == null) {
            throw new IllegalStateException("The scan found no next page token in the page");
        }
        Series check = parsePage();
        if (check.size() != POINTS) {
            throw new IllegalStateException("Expected " + POINTS + " points, parsed " + check.size());
        }
    }

    /** Counts the page's JSON tokens and decodes nothing: the floor any streaming parser pays. */
    @Benchmark
    public int tokenScan(CpuCounters cpu) throws IOException {
        long start = cpu.start();
        int tokens = scan();
        cpu.stop(start);
        return tokens;
    }

    /**
     * Finds the page's next page token with the scan that {@code GoogleHealthWearable.receive}
     * runs on the sync thread, over the body in the chunks it is received in.
     */
    @Benchmark
    public PageTokenScanner.Result nextPageTokenScan(CpuCounters cpu) {
        long start = cpu.start();
        PageTokenScanner.Result result = PageTokenScanner.scan(chunks);
        cpu.stop(start);
        return result;
    }

    /** Parses the page into a heart-rate series with offsets. */
    @Benchmark
    public Series parsePage(CpuCounters cpu) {
        long start = cpu.start();
        Series series = parsePage();
        cpu.stop(start);
        return series;
    }

    private int scan() throws IOException {
        int tokens = 0;
        try (JsonParser json = JSON.createParser(page)) {
            while (json.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    private Series parsePage() {
        Series.Builder builder = Series.builder(Metric.HEART_RATE, POINTS);
        parser.parse(page, Map.of(Metric.HEART_RATE, builder));
        return builder.build();
    }

    /**
     * CPU time of the benchmark thread, summed per iteration: {@code cpuMicros} over
     * {@code pages} is the CPU time per page. Read with {@link ThreadMXBean#getCurrentThreadCpuTime()},
     * which costs microseconds against tens of milliseconds per page.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuCounters {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        /** CPU microseconds spent in the iteration's calls. */
        public long cpuMicros;
        /** Pages handled in the iteration. */
        public long pages;

        /** Clears the counters before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            cpuMicros = 0;
            pages = 0;
        }

        long start() {
            return THREADS.getCurrentThreadCpuTime();
        }

        void stop(long startNanos) {
            cpuMicros += (THREADS.getCurrentThreadCpuTime() - startNanos) / 1000;
            pages++;
        }
    }
}
