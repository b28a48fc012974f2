package io.iomt.sdk;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SampleStore} in the heap, for tests, demos and hosts that analyse without persisting.
 * Data is lost when the process ends.
 *
 * <p>Thread-safe: concurrent writes to the same subject and metric are merged atomically, so no
 * writer loses another's points. Owns no resources.
 */
public final class InMemorySampleStore implements SampleStore {

    private record Key(SubjectId subject, Metric metric) {
    }

    private final ConcurrentHashMap<Key, Series> data = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemorySampleStore() {
    }

    @Override
    public WriteResult write(SubjectId subject, Series series) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(series, "series");
        if (series.isEmpty()) {
            return WriteResult.EMPTY;
        }
        WriteResult[] result = new WriteResult[1];
        data.compute(new Key(subject, series.metric()), (key, stored) -> {
            Series current = stored == null ? Series.empty(series.metric()) : stored;
            result[0] = compare(current, series);
            return current.merge(series);
        });
        return result[0];
    }

    @Override
    public Series read(SubjectId subject, Metric metric, TimeRange range) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(range, "range");
        Series stored = data.get(new Key(subject, metric));
        return stored == null ? Series.empty(metric) : stored.slice(range);
    }

    @Override
    public long delete(SubjectId subject, Metric metric, TimeRange range) {
        long[] deleted = new long[1];
        data.computeIfPresent(new Key(subject, metric), (key, stored) -> {
            Series inside = stored.slice(range);
            deleted[0] = inside.size();
            if (inside.isEmpty()) {
                return stored;
            }
            Series before = stored.slice(0, stored.indexAtOrAfter(range.startMillis()));
            Series after = stored.slice(stored.indexAtOrAfter(range.endMillis()), stored.size());
            Series remaining = before.merge(after);
            return remaining.isEmpty() ? null : remaining;
        });
        return deleted[0];
    }

    private static WriteResult compare(Series stored, Series incoming) {
        int inserted = 0;
        int replaced = 0;
        int unchanged = 0;
        for (int i = 0; i < incoming.size(); i++) {
            int at = stored.indexAtOrAfter(incoming.timeAt(i));
            if (at >= stored.size() || stored.timeAt(at) != incoming.timeAt(i)) {
                inserted++;
            } else if (Double.compare(stored.valueAt(at), incoming.valueAt(i)) == 0
                    && stored.utcOffsetSecondsAt(at) == incoming.utcOffsetSecondsAt(i)
                    && stored.durationMillisAt(at) == incoming.durationMillisAt(i)) {
                unchanged++;
            } else {
                replaced++;
            }
        }
        return new WriteResult(incoming.size(), inserted, replaced, unchanged);
    }

    @Override
    public String toString() {
        return "InMemorySampleStore[series=" + data.size() + "]";
    }
}
