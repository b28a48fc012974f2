package io.iomt.sdk.internal.token;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A concurrent map that keeps at most a fixed number of entries, for values that can be loaded
 * again on a miss (the token manager's cache in front of its token store).
 *
 * <h2>Eviction</h2>
 * A {@link #put} that adds a key while the cache is full removes other entries until the size is
 * back at the bound. Which entries go is arbitrary (the first ones in the underlying
 * {@link ConcurrentHashMap}'s iteration order, never the key just added): there is no recency or
 * frequency tracking, so a hot entry may be evicted and read again from its source. Replacing the
 * value of a key already present evicts nothing. Under concurrent puts the size can exceed the
 * bound briefly, by at most the number of threads adding at that moment; once they return it is
 * at or below the bound again.
 *
 * <p>Built on a plain {@link ConcurrentHashMap} so that creating it and its first use load no
 * extra classes and start no background tasks, which matters in a short-lived process such as a
 * serverless function's first event.
 *
 * <p>Thread-safe. Keys and values must not be null. Holds strong references only.
 *
 * @param <K> the key type, with consistent {@code equals} and {@code hashCode}
 * @param <V> the value type
 */
public final class BoundedCache<K, V> {

    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final long maximumSize;

    private BoundedCache(long maximumSize) {
        this.maximumSize = maximumSize;
    }

    /**
     * Returns an empty cache that keeps at most {@code maximumSize} entries.
     *
     * @throws IllegalArgumentException if {@code maximumSize} is below 1
     */
    public static <K, V> BoundedCache<K, V> create(long maximumSize) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be >= 1, got " + maximumSize);
        }
        return new BoundedCache<>(maximumSize);
    }

    /** Returns the value of {@code key}, or null if it is not cached. */
    public @Nullable V getIfPresent(K key) {
        return entries.get(Objects.requireNonNull(key, "key"));
    }

    /** Caches {@code value} under {@code key}, evicting other entries if the cache is full. */
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (entries.put(key, value) == null) {
            evictAbove(key);
        }
    }

    /**
     * Caches {@code value} under {@code key} unless the key has a value already, evicting other
     * entries if the cache is full; returns whether it was cached.
     */
    public boolean putIfAbsent(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (entries.putIfAbsent(key, value) != null) {
            return false;
        }
        evictAbove(key);
        return true;
    }

    /** Removes the entry of {@code key}, if any. */
    public void invalidate(K key) {
        entries.remove(Objects.requireNonNull(key, "key"));
    }

    /** Returns the number of cached entries; under concurrent changes, an estimate. */
    public long size() {
        return entries.mappingCount();
    }

    /** Returns the most entries this cache keeps once concurrent puts have returned. */
    public long maximumSize() {
        return maximumSize;
    }

    private void evictAbove(K added) {
        Iterator<K> keys = entries.keySet().iterator();
        while (entries.mappingCount() > maximumSize && keys.hasNext()) {
            K candidate = keys.next();
            if (!candidate.equals(added)) {
                keys.remove();
            }
        }
    }

    @Override
    public String toString() {
        return "BoundedCache[size=" + size() + ", maximumSize=" + maximumSize + "]";
    }
}
