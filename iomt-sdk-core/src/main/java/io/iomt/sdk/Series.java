package io.iomt.sdk;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A columnar series of one metric: parallel primitive arrays of epoch milliseconds, values and,
 * where the source gives them, per-point UTC offsets and interval durations.
 *
 * <p>Points are sorted by time, strictly ascending, so a time identifies a point: writing a
 * series into a {@link SampleStore} replaces stored points at the same times. Values are in the
 * metric's fixed {@linkplain Metric#unit() unit} and always finite. A day of 1 Hz heart rate is
 * 86,400 points, about 1.7 MB in this form instead of tens of MB as boxed objects.
 *
 * <p>Immutable and thread-safe. Accessors that return arrays return copies; use the indexed
 * accessors on hot paths. {@link #toString()} shows the metric, size and span, never a value.
 */
public final class Series {

    /** The offset returned by {@link #utcOffsetSecondsAt(int)} for a point whose offset is unknown. */
    public static final int NO_OFFSET = Integer.MIN_VALUE;

    private final Metric metric;
    private final long[] times;
    private final double[] values;
    private final int @Nullable [] offsets;
    private final long @Nullable [] durations;

    private Series(Metric metric, long[] times, double[] values, int @Nullable [] offsets, long @Nullable [] durations) {
        this.metric = metric;
        this.times = times;
        this.values = values;
        this.offsets = offsets;
        this.durations = durations;
    }

    /** Returns an empty series of {@code metric}. */
    public static Series empty(Metric metric) {
        return new Series(Objects.requireNonNull(metric, "metric"), new long[0], new double[0], null, null);
    }

    /**
     * Returns a series built from arrays that are copied; points need not be sorted, and for equal
     * times the later point wins.
     *
     * @param offsets per-point UTC offsets in seconds ({@link #NO_OFFSET} for unknown), or {@code null}
     * @param durations per-point durations in milliseconds, or {@code null}
     * @throws IllegalArgumentException if the arrays differ in length or a value is not finite
     */
    public static Series of(Metric metric, long[] times, double[] values, int @Nullable [] offsets, long @Nullable [] durations) {
        Builder builder = builder(metric, times.length);
        if (values.length != times.length
                || (offsets != null && offsets.length != times.length)
                || (durations != null && durations.length != times.length)) {
            throw new IllegalArgumentException("Series arrays differ in length: " + times.length + " times, "
                    + values.length + " values");
        }
        for (int i = 0; i < times.length; i++) {
            builder.add(times[i], values[i], offsets == null ? NO_OFFSET : offsets[i], durations == null ? 0 : durations[i]);
        }
        return builder.build();
    }

    /** Returns a builder for a series of {@code metric}. */
    public static Builder builder(Metric metric) {
        return new Builder(metric, 16);
    }

    /** Returns a builder sized for about {@code expectedSize} points. */
    public static Builder builder(Metric metric, int expectedSize) {
        return new Builder(metric, Math.max(1, expectedSize));
    }

    /** Returns the metric. */
    public Metric metric() {
        return metric;
    }

    /** Returns the number of points. */
    public int size() {
        return times.length;
    }

    /** Returns whether the series has no point. */
    public boolean isEmpty() {
        return times.length == 0;
    }

    /** Returns the time of point {@code i} in epoch milliseconds. */
    public long timeAt(int i) {
        return times[i];
    }

    /** Returns the value of point {@code i}, in the metric's unit. */
    public double valueAt(int i) {
        return values[i];
    }

    /** Returns whether any point carries a UTC offset. */
    public boolean hasOffsets() {
        return offsets != null;
    }

    /** Returns whether any point carries a duration. */
    public boolean hasDurations() {
        return durations != null;
    }

    /** Returns the UTC offset of point {@code i} in seconds, or {@link #NO_OFFSET}. */
    public int utcOffsetSecondsAt(int i) {
        return offsets == null ? NO_OFFSET : offsets[i];
    }

    /** Returns the duration of point {@code i} in milliseconds, or 0 for an instant. */
    public long durationMillisAt(int i) {
        return durations == null ? 0 : durations[i];
    }

    /** Returns a copy of the times in epoch milliseconds. */
    public long[] times() {
        return times.clone();
    }

    /** Returns a copy of the values. */
    public double[] values() {
        return values.clone();
    }

    /** Returns a copy of the UTC offsets in seconds, or {@code null} if no point has one. */
    public int @Nullable [] utcOffsetsSeconds() {
        return offsets == null ? null : offsets.clone();
    }

    /** Returns a copy of the durations in milliseconds, or {@code null} if no point has one. */
    public long @Nullable [] durationsMillis() {
        return durations == null ? null : durations.clone();
    }

    /** Returns the sum of all values. */
    public double sum() {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    /** Returns the index of the first point at or after {@code epochMillis}. */
    public int indexAtOrAfter(long epochMillis) {
        int index = Arrays.binarySearch(times, epochMillis);
        return index >= 0 ? index : -index - 1;
    }

    /** Returns the points whose time lies in {@code range}. */
    public Series slice(TimeRange range) {
        int from = indexAtOrAfter(range.startMillis());
        int to = indexAtOrAfter(range.endMillis());
        return slice(from, to);
    }

    /** Returns the points with index in {@code [from, to)}. */
    public Series slice(int from, int to) {
        if (from == 0 && to == times.length) {
            return this;
        }
        return new Series(metric,
                Arrays.copyOfRange(times, from, to),
                Arrays.copyOfRange(values, from, to),
                offsets == null ? null : Arrays.copyOfRange(offsets, from, to),
                durations == null ? null : Arrays.copyOfRange(durations, from, to));
    }

    /**
     * Returns the union of this series and {@code newer}; where both have a point at the same
     * time, the point of {@code newer} wins.
     *
     * @throws IllegalArgumentException if the metrics differ
     */
    public Series merge(Series newer) {
        if (newer.metric != metric) {
            throw new IllegalArgumentException("Cannot merge " + newer.metric + " into " + metric);
        }
        if (newer.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return newer;
        }
        Builder builder = builder(metric, size() + newer.size());
        int i = 0;
        int j = 0;
        while (i < size() || j < newer.size()) {
            if (j >= newer.size() || (i < size() && times[i] < newer.times[j])) {
                builder.add(times[i], values[i], utcOffsetSecondsAt(i), durationMillisAt(i));
                i++;
            } else {
                if (i < size() && times[i] == newer.times[j]) {
                    i++;
                }
                builder.add(newer.times[j], newer.values[j], newer.utcOffsetSecondsAt(j), newer.durationMillisAt(j));
                j++;
            }
        }
        return builder.build();
    }

    /** Returns whether both series have the same metric and the same points, offsets and durations. */
    public boolean contentEquals(Series other) {
        if (other.metric != metric || other.size() != size()) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            if (times[i] != other.times[i]
                    || Double.compare(values[i], other.values[i]) != 0
                    || utcOffsetSecondsAt(i) != other.utcOffsetSecondsAt(i)
                    || durationMillisAt(i) != other.durationMillisAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "Series[" + metric + ", empty]";
        }
        return "Series[" + metric + ", size=" + size() + ", from=" + java.time.Instant.ofEpochMilli(times[0])
                + ", to=" + java.time.Instant.ofEpochMilli(times[times.length - 1]) + "]";
    }

    /**
     * Collects points in any order and builds a sorted {@link Series}. For equal times the point
     * added last wins, so a builder fed newest-first pages and then a revision keeps the revision.
     * Not thread-safe.
     */
    public static final class Builder {
        private final Metric metric;
        private long[] times;
        private double[] values;
        private int @Nullable [] offsets;
        private long @Nullable [] durations;
        private int size;
        private boolean ascending = true;
        private boolean descending = true;

        private Builder(Metric metric, int capacity) {
            this.metric = Objects.requireNonNull(metric, "metric");
            this.times = new long[capacity];
            this.values = new double[capacity];
        }

        /** Adds a point with no offset and no duration. */
        public Builder add(long epochMillis, double value) {
            return add(epochMillis, value, NO_OFFSET, 0);
        }

        /**
         * Adds a point.
         *
         * @param utcOffsetSeconds the UTC offset in seconds, or {@link #NO_OFFSET}
         * @param durationMillis the interval length in milliseconds, or 0 for an instant
         * @throws IllegalArgumentException if the value is not finite or the duration is negative
         */
        public Builder add(long epochMillis, double value, int utcOffsetSeconds, long durationMillis) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("Invalid " + metric.id() + " point at " + java.time.Instant.ofEpochMilli(epochMillis)
                        + ": the value is not a finite number");
            }
            if (durationMillis < 0) {
                throw new IllegalArgumentException("Invalid " + metric.id() + " point at " + java.time.Instant.ofEpochMilli(epochMillis)
                        + ": negative duration " + durationMillis + " ms");
            }
            ensureCapacity(size + 1);
            if (size > 0) {
                long previous = times[size - 1];
                ascending &= epochMillis > previous;
                descending &= epochMillis < previous;
            }
            times[size] = epochMillis;
            values[size] = value;
            if (utcOffsetSeconds != NO_OFFSET) {
                offsetsColumn()[size] = utcOffsetSeconds;
            } else if (offsets != null) {
                offsets[size] = NO_OFFSET;
            }
            if (durationMillis != 0) {
                durationsColumn()[size] = durationMillis;
            }
            size++;
            return this;
        }

        /** Adds every point of {@code series}. */
        public Builder addAll(Series series) {
            for (int i = 0; i < series.size(); i++) {
                add(series.timeAt(i), series.valueAt(i), series.utcOffsetSecondsAt(i), series.durationMillisAt(i));
            }
            return this;
        }

        /** Returns the number of points added so far. */
        public int size() {
            return size;
        }

        /** Returns the sorted series; the builder must not be used afterwards. */
        public Series build() {
            if (ascending) {
                return new Series(metric, trim(times), trim(values), trim(offsets), trimDurations());
            }
            if (descending) {
                reverseInPlace();
                return new Series(metric, trim(times), trim(values), trim(offsets), trimDurations());
            }
            return sortAndDeduplicate();
        }

        private int[] offsetsColumn() {
            if (offsets == null) {
                offsets = new int[times.length];
                Arrays.fill(offsets, 0, size, NO_OFFSET);
            }
            return offsets;
        }

        private long[] durationsColumn() {
            if (durations == null) {
                durations = new long[times.length];
            }
            return durations;
        }

        private void ensureCapacity(int needed) {
            if (needed <= times.length) {
                return;
            }
            int capacity = Math.max(needed, times.length + (times.length >> 1) + 1);
            times = Arrays.copyOf(times, capacity);
            values = Arrays.copyOf(values, capacity);
            if (offsets != null) {
                offsets = Arrays.copyOf(offsets, capacity);
            }
            if (durations != null) {
                durations = Arrays.copyOf(durations, capacity);
            }
        }

        private void reverseInPlace() {
            for (int i = 0, j = size - 1; i < j; i++, j--) {
                long t = times[i];
                times[i] = times[j];
                times[j] = t;
                double v = values[i];
                values[i] = values[j];
                values[j] = v;
                if (offsets != null) {
                    int o = offsets[i];
                    offsets[i] = offsets[j];
                    offsets[j] = o;
                }
                if (durations != null) {
                    long d = durations[i];
                    durations[i] = durations[j];
                    durations[j] = d;
                }
            }
        }

        private Series sortAndDeduplicate() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            // A stable sort keeps insertion order among equal times, so the last one added is last.
            Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
            int unique = 0;
            for (int k = 0; k < size; k++) {
                if (k + 1 < size && times[order[k]] == times[order[k + 1]]) {
                    continue;
                }
                unique++;
            }
            long[] sortedTimes = new long[unique];
            double[] sortedValues = new double[unique];
            int[] sortedOffsets = offsets == null ? null : new int[unique];
            long[] sortedDurations = durations == null ? null : new long[unique];
            int out = 0;
            for (int k = 0; k < size; k++) {
                if (k + 1 < size && times[order[k]] == times[order[k + 1]]) {
                    continue;
                }
                int i = order[k];
                sortedTimes[out] = times[i];
                sortedValues[out] = values[i];
                if (sortedOffsets != null) {
                    sortedOffsets[out] = offsets[i];
                }
                if (sortedDurations != null) {
                    sortedDurations[out] = durations[i];
                }
                out++;
            }
            return new Series(metric, sortedTimes, sortedValues, sortedOffsets, sortedDurations);
        }

        private long[] trim(long[] array) {
            return array.length == size ? array : Arrays.copyOf(array, size);
        }

        private double[] trim(double[] array) {
            return array.length == size ? array : Arrays.copyOf(array, size);
        }

        private int @Nullable [] trim(int @Nullable [] array) {
            return array == null || array.length == size ? array : Arrays.copyOf(array, size);
        }

        private long @Nullable [] trimDurations() {
            return durations == null || durations.length == size ? durations : Arrays.copyOf(durations, size);
        }
    }
}
