package io.iomt.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A series of beat-to-beat (RR or NN) intervals in milliseconds, each with the time of the beat
 * that ends it, in milliseconds on an arbitrary but common axis (epoch milliseconds when built
 * from a {@link Series}).
 *
 * <p>Every interval is finite and positive and beat times are strictly increasing. A beat time
 * may run ahead of the previous one by more than its interval: that is how a gap (a recording
 * break or a run of undetected beats) shows, and {@link #splitAtGaps(Duration)} cuts the series
 * there.
 *
 * <p>Immutable and thread-safe. Factories copy the arrays they are given, and accessors that
 * return arrays return copies. {@link #toString()} shows the size and span, never an interval.
 */
public final class RrIntervals {

    private final double[] intervals;
    private final double[] beatTimes;

    private RrIntervals(double[] intervals, double[] beatTimes) {
        this.intervals = intervals;
        this.beatTimes = beatTimes;
    }

    /**
     * Returns the intervals {@code intervalsMillis} in milliseconds, back to back: beat {@code i}
     * falls at the sum of the intervals up to and including {@code i}.
     *
     * @throws IllegalArgumentException if an interval is not a positive finite number
     */
    public static RrIntervals ofMillis(double... intervalsMillis) {
        double[] intervals = intervalsMillis.clone();
        double[] times = new double[intervals.length];
        double time = 0;
        for (int i = 0; i < intervals.length; i++) {
            checkInterval(intervals[i], i);
            time += intervals[i];
            times[i] = time;
        }
        return new RrIntervals(intervals, times);
    }

    /**
     * Returns intervals given in seconds, back to back, converted to milliseconds.
     *
     * @throws IllegalArgumentException if an interval is not a positive finite number
     */
    public static RrIntervals ofSeconds(double... intervalsSeconds) {
        double[] millis = new double[intervalsSeconds.length];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = intervalsSeconds[i] * 1000.0;
        }
        return ofMillis(millis);
    }

    /**
     * Returns intervals with explicit beat times.
     *
     * @param beatTimesMillis time of the beat that ends each interval, in milliseconds, strictly increasing
     * @param intervalsMillis intervals in milliseconds
     * @throws IllegalArgumentException if the arrays differ in length, an interval is not a
     *     positive finite number, or the times are not finite and strictly increasing
     */
    public static RrIntervals of(double[] beatTimesMillis, double[] intervalsMillis) {
        if (beatTimesMillis.length != intervalsMillis.length) {
            throw new IllegalArgumentException("RR arrays differ in length: " + beatTimesMillis.length
                    + " beat times and " + intervalsMillis.length + " intervals; pass one time per interval");
        }
        double[] intervals = intervalsMillis.clone();
        double[] times = beatTimesMillis.clone();
        for (int i = 0; i < intervals.length; i++) {
            checkInterval(intervals[i], i);
            if (!Double.isFinite(times[i]) || (i > 0 && times[i] <= times[i - 1])) {
                throw new IllegalArgumentException("Invalid beat time at index " + i
                        + ": beat times must be finite and strictly increasing; sort the beats and drop duplicates");
            }
        }
        return new RrIntervals(intervals, times);
    }

    /**
     * Returns the intervals of an {@link Metric#RR_INTERVAL} series: values in milliseconds, the
     * point's time is the time of the beat.
     *
     * @throws IllegalArgumentException if the series has another metric or a non-positive value
     */
    public static RrIntervals fromSeries(Series series) {
        Objects.requireNonNull(series, "series");
        if (series.metric() != Metric.RR_INTERVAL) {
            throw new IllegalArgumentException("Expected a " + Metric.RR_INTERVAL.id() + " series, got "
                    + series.metric().id());
        }
        int n = series.size();
        double[] intervals = new double[n];
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            intervals[i] = series.valueAt(i);
            checkInterval(intervals[i], i);
            times[i] = series.timeAt(i);
        }
        return new RrIntervals(intervals, times);
    }

    private static void checkInterval(double value, int index) {
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException("Invalid RR interval at index " + index
                    + ": it must be a positive finite number of milliseconds; drop or correct that beat");
        }
    }

    /** Returns the number of intervals. */
    public int size() {
        return intervals.length;
    }

    /** Returns whether there is no interval. */
    public boolean isEmpty() {
        return intervals.length == 0;
    }

    /** Returns interval {@code i} in milliseconds. */
    public double intervalMillisAt(int i) {
        return intervals[i];
    }

    /** Returns the time of the beat that ends interval {@code i}, in milliseconds. */
    public double beatTimeMillisAt(int i) {
        return beatTimes[i];
    }

    /** Returns a copy of the intervals in milliseconds. */
    public double[] intervalsMillis() {
        return intervals.clone();
    }

    /** Returns the intervals array itself, for read-only use inside this package without a copy. */
    double[] intervalsView() {
        return intervals;
    }

    /** Returns a copy of the beat times in milliseconds. */
    public double[] beatTimesMillis() {
        return beatTimes.clone();
    }

    /**
     * Returns the recorded duration in milliseconds: the sum of the intervals, which leaves out
     * the time lost in gaps.
     */
    public double totalIntervalMillis() {
        double sum = 0;
        for (double v : intervals) {
            sum += v;
        }
        return sum;
    }

    /** Returns the intervals with index in {@code [from, to)}. */
    public RrIntervals slice(int from, int to) {
        if (from == 0 && to == intervals.length) {
            return this;
        }
        return new RrIntervals(Arrays.copyOfRange(intervals, from, to), Arrays.copyOfRange(beatTimes, from, to));
    }

    /** Returns the intervals whose beat time lies in {@code [fromMillis, toMillis)}. */
    public RrIntervals sliceByTime(double fromMillis, double toMillis) {
        int from = lowerBound(fromMillis);
        int to = lowerBound(toMillis);
        return slice(from, Math.max(from, to));
    }

    private int lowerBound(double time) {
        int index = Arrays.binarySearch(beatTimes, time);
        if (index >= 0) {
            while (index > 0 && beatTimes[index - 1] == time) {
                index--;
            }
            return index;
        }
        return -index - 1;
    }

    /** Returns the same intervals with every beat time moved by {@code shiftMillis}. */
    public RrIntervals shiftedBy(double shiftMillis) {
        double[] times = beatTimes.clone();
        for (int i = 0; i < times.length; i++) {
            times[i] += shiftMillis;
        }
        return new RrIntervals(intervals, times);
    }

    /**
     * Returns only the intervals within {@code [minMillis, maxMillis]}, keeping each one's beat
     * time, so a removed interval leaves a gap in time rather than shifting later beats.
     */
    public RrIntervals keepWithin(double minMillis, double maxMillis) {
        int kept = 0;
        for (double v : intervals) {
            if (v >= minMillis && v <= maxMillis) {
                kept++;
            }
        }
        double[] keptIntervals = new double[kept];
        double[] keptTimes = new double[kept];
        int k = 0;
        for (int i = 0; i < intervals.length; i++) {
            if (intervals[i] >= minMillis && intervals[i] <= maxMillis) {
                keptIntervals[k] = intervals[i];
                keptTimes[k] = beatTimes[i];
                k++;
            }
        }
        return new RrIntervals(keptIntervals, keptTimes);
    }

    /**
     * Returns the contiguous runs of this series. A run ends before interval {@code i} when that
     * interval is longer than {@code maxGap}, or when its beat comes more than {@code maxGap}
     * later than the previous beat plus the interval (beats went undetected). An interval longer
     * than {@code maxGap} is dropped, since it spans a break rather than one beat.
     *
     * @throws IllegalArgumentException if {@code maxGap} is not positive
     */
    public List<RrIntervals> splitAtGaps(Duration maxGap) {
        if (maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException("maxGap must be positive, got " + maxGap);
        }
        double limit = maxGap.toNanos() / 1e6;
        List<RrIntervals> runs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < intervals.length; i++) {
            boolean longInterval = intervals[i] > limit;
            boolean timeJump = i > 0 && beatTimes[i] - beatTimes[i - 1] - intervals[i] > limit;
            if (longInterval || timeJump) {
                if (i > start) {
                    runs.add(slice(start, i));
                }
                start = longInterval ? i + 1 : i;
            }
        }
        if (start < intervals.length) {
            runs.add(slice(start, intervals.length));
        }
        return runs;
    }

    @Override
    public String toString() {
        if (intervals.length == 0) {
            return "RrIntervals[empty]";
        }
        return "RrIntervals[size=" + intervals.length + ", spanMillis=" + Math.round(beatTimes[beatTimes.length - 1] - beatTimes[0]) + "]";
    }
}
