package io.iomt.sdk.testkit;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.TimeRange;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A recording of one person: at most one {@link Series} per {@link Metric}, and the time zone in
 * which the person lived while it was made. The {@link GoogleHealthSimulator} serves it, and tests
 * compare what a client synced against it.
 *
 * <p>The simulator serves {@link Metric#HEART_RATE} (samples), {@link Metric#STEPS} (intervals),
 * {@link Metric#SLEEP_SESSION} and {@link Metric#SLEEP_STAGE} (intervals, values are
 * {@link io.iomt.sdk.SleepSessionKind} and {@link io.iomt.sdk.SleepStage} codes) from here; points
 * without a UTC offset are served with the zone's offset at that instant.
 *
 * <p>Immutable and thread-safe; one instance may back any number of simulated users.
 */
public final class RecordedData {

    private final ZoneId zone;
    private final Map<Metric, Series> series;
    private final @Nullable FitabaseImportReport importReport;

    private RecordedData(ZoneId zone, Map<Metric, Series> series, @Nullable FitabaseImportReport importReport) {
        this.zone = zone;
        this.series = series;
        this.importReport = importReport;
    }

    /**
     * Returns a recording of the given series.
     *
     * @param zone the person's time zone, used for civil times and daily values
     * @throws IllegalArgumentException if two series have the same metric
     */
    public static RecordedData of(ZoneId zone, Collection<Series> series) {
        return create(zone, series, null);
    }

    /** Returns a recording of the given series. */
    public static RecordedData of(ZoneId zone, Series... series) {
        return create(zone, java.util.Arrays.asList(series), null);
    }

    static RecordedData create(ZoneId zone, Collection<Series> series, @Nullable FitabaseImportReport report) {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(series, "series");
        Map<Metric, Series> byMetric = new EnumMap<>(Metric.class);
        for (Series one : series) {
            Objects.requireNonNull(one, "series element");
            if (byMetric.put(one.metric(), one) != null) {
                throw new IllegalArgumentException("Two series of metric " + one.metric().id()
                        + " were given; merge them with Series.merge first");
            }
        }
        return new RecordedData(zone, Collections.unmodifiableMap(byMetric), report);
    }

    /** Returns the person's time zone. */
    public ZoneId zone() {
        return zone;
    }

    /** Returns the metrics that have a series, empty ones included. */
    public Set<Metric> metrics() {
        return series.keySet();
    }

    /** Returns the series of {@code metric}, or an empty series if the recording has none. */
    public Series series(Metric metric) {
        Objects.requireNonNull(metric, "metric");
        Series found = series.get(metric);
        return found != null ? found : Series.empty(metric);
    }

    /** Returns the heart-rate samples in bpm. */
    public Series heartRate() {
        return series(Metric.HEART_RATE);
    }

    /** Returns the step counts per interval (one minute for Fitabase data). */
    public Series steps() {
        return series(Metric.STEPS);
    }

    /** Returns the sleep stage runs; values are {@link io.iomt.sdk.SleepStage} codes. */
    public Series sleepStages() {
        return series(Metric.SLEEP_STAGE);
    }

    /** Returns the sleep logs; values are {@link io.iomt.sdk.SleepSessionKind} codes. */
    public Series sleepSessions() {
        return series(Metric.SLEEP_SESSION);
    }

    /** Returns the report of the Fitabase import that made this recording, if it came from one. */
    public Optional<FitabaseImportReport> importReport() {
        return Optional.ofNullable(importReport);
    }

    /**
     * Returns a recording with only the points that start in {@code range}, such as one day for a
     * test with many users. Slice once and share the result: the simulator builds its response
     * tables once per recording object. The slice has no import report.
     */
    public RecordedData slice(TimeRange range) {
        Objects.requireNonNull(range, "range");
        java.util.List<Series> sliced = new java.util.ArrayList<>();
        for (Series one : series.values()) {
            sliced.add(one.slice(range));
        }
        return new RecordedData(zone, Collections.unmodifiableMap(byMetric(sliced)), null);
    }

    private static Map<Metric, Series> byMetric(Collection<Series> series) {
        Map<Metric, Series> byMetric = new EnumMap<>(Metric.class);
        for (Series one : series) {
            byMetric.put(one.metric(), one);
        }
        return byMetric;
    }

    /**
     * Returns the smallest range containing every point and interval of the recording, or an empty
     * range at the epoch if the recording has no point.
     */
    public TimeRange span() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Series one : series.values()) {
            if (one.isEmpty()) {
                continue;
            }
            first = Math.min(first, one.timeAt(0));
            int lastIndex = one.size() - 1;
            last = Math.max(last, one.timeAt(lastIndex) + Math.max(1, one.durationMillisAt(lastIndex)));
        }
        if (first == Long.MAX_VALUE) {
            return TimeRange.of(Instant.EPOCH, Instant.EPOCH);
        }
        return TimeRange.of(Instant.ofEpochMilli(first), Instant.ofEpochMilli(last));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("RecordedData[zone=").append(zone);
        for (Map.Entry<Metric, Series> entry : series.entrySet()) {
            text.append(", ").append(entry.getKey().id()).append('=').append(entry.getValue().size());
        }
        return text.append(']').toString();
    }
}
