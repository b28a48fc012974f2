package io.iomt.sdk;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The stored series a {@link StressAnalyzer} reads: for each of its input metrics, the points
 * from the start of the baseline history to the end of the assessed range. Immutable.
 */
public final class AnalyzerInput {

    private final Map<Metric, Series> series;

    private AnalyzerInput(Map<Metric, Series> series) {
        this.series = series;
    }

    /** Returns an input holding the given series, keyed by their metric. */
    public static AnalyzerInput of(Series... series) {
        Map<Metric, Series> map = new EnumMap<>(Metric.class);
        for (Series s : series) {
            map.put(s.metric(), s);
        }
        return new AnalyzerInput(map);
    }

    /** Returns an input holding the given series. */
    public static AnalyzerInput of(Map<Metric, Series> series) {
        Objects.requireNonNull(series, "series");
        return new AnalyzerInput(series.isEmpty() ? new EnumMap<>(Metric.class) : new EnumMap<>(series));
    }

    /** Returns the series of {@code metric}, empty if the input has none. */
    public Series series(Metric metric) {
        Series s = series.get(metric);
        return s == null ? Series.empty(metric) : s;
    }

    /** Returns whether the input has at least one point of {@code metric}. */
    public boolean has(Metric metric) {
        Series s = series.get(metric);
        return s != null && !s.isEmpty();
    }

    @Override
    public String toString() {
        return "AnalyzerInput" + series.keySet();
    }
}
