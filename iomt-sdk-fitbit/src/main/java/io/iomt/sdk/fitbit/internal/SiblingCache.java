package io.iomt.sdk.fitbit.internal;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.GoogleHealthDataType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps, for a short time, the metrics that one fetch of a multi-metric data type read besides
 * the requested one, so that fetching them next for the same connection and range needs no
 * second request. Each kept series is handed out at most once, so a later fetch always goes to
 * the API. Thread-safe.
 */
public final class SiblingCache {

    private static final int MAX_ENTRIES = 1024;

    private final long ttlMillis;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** Creates a cache whose series expire {@code ttlMillis} after they were fetched; 0 disables it. */
    public SiblingCache(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    /** Removes and returns the kept series of {@code metric}, or {@code null} if none is kept or it expired. */
    public @Nullable Series take(ConnectionId connection, GoogleHealthDataType type, TimeRange range, Metric metric,
            long nowMillis) {
        if (ttlMillis == 0) {
            return null;
        }
        Key key = new Key(connection, type, range);
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        synchronized (entry) {
            if (nowMillis >= entry.expiresAtMillis) {
                entries.remove(key, entry);
                return null;
            }
            Series series = entry.series.remove(metric);
            if (entry.series.isEmpty()) {
                entries.remove(key, entry);
            }
            return series;
        }
    }

    /** Keeps every series of {@code fetched} except {@code requested}, replacing what was kept for the same key. */
    public void put(ConnectionId connection, GoogleHealthDataType type, TimeRange range, Metric requested,
            Map<Metric, Series> fetched, long nowMillis) {
        if (ttlMillis == 0 || fetched.size() < 2) {
            return;
        }
        Entry entry = new Entry(nowMillis + ttlMillis);
        for (Map.Entry<Metric, Series> item : fetched.entrySet()) {
            if (item.getKey() != requested) {
                entry.series.put(item.getKey(), item.getValue());
            }
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(old -> old.expiresAtMillis <= nowMillis);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(new Key(connection, type, range), entry);
    }

    private record Key(ConnectionId connection, GoogleHealthDataType type, TimeRange range) {
    }

    private static final class Entry {
        private final long expiresAtMillis;
        private final Map<Metric, Series> series = new EnumMap<>(Metric.class);

        private Entry(long expiresAtMillis) {
            this.expiresAtMillis = expiresAtMillis;
        }
    }
}
