package io.iomt.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} in the heap, for tests, demos and single-process hosts that keep tokens
 * elsewhere. Tokens are held in plain form and lost when the process ends.
 *
 * <p>Thread-safe: every compare-and-set is atomic. Owns no resources.
 */
public final class InMemoryTokenStore implements TokenStore {

    private final ConcurrentSkipListMap<String, ConnectionRecord> records = new ConcurrentSkipListMap<>();

    /** Creates an empty store. */
    public InMemoryTokenStore() {
    }

    @Override
    public Optional<ConnectionRecord> load(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(records.get(id.key()));
    }

    @Override
    public ConnectionRecord save(ConnectionRecord record) {
        Objects.requireNonNull(record, "record");
        ConnectionRecord next = record.withVersion(record.version() + 1);
        ConnectionRecord[] outcome = new ConnectionRecord[1];
        records.compute(record.id().key(), (key, stored) -> {
            // ConcurrentSkipListMap may call this function again after a lost race; reset first.
            outcome[0] = null;
            long storedVersion = stored == null ? 0 : stored.version();
            if (storedVersion != record.version()) {
                return stored;
            }
            outcome[0] = next;
            return next;
        });
        if (outcome[0] == null) {
            throw new VersionConflictException(record.id(), record.version());
        }
        return next;
    }

    @Override
    public boolean delete(ConnectionId id, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        boolean[] conflict = new boolean[1];
        boolean[] deleted = new boolean[1];
        records.computeIfPresent(id.key(), (key, stored) -> {
            conflict[0] = false;
            deleted[0] = false;
            if (stored.version() != expectedVersion) {
                conflict[0] = true;
                return stored;
            }
            deleted[0] = true;
            return null;
        });
        if (conflict[0]) {
            throw new VersionConflictException(id, expectedVersion);
        }
        return deleted[0];
    }

    @Override
    public ConnectionPage list(@Nullable String pageToken, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must lie in [1, 1000], got " + limit);
        }
        Map<String, ConnectionRecord> tail = pageToken == null ? records : records.tailMap(pageToken, false);
        List<ConnectionRecord> page = new ArrayList<>(Math.min(limit, 64));
        String lastKey = null;
        for (Map.Entry<String, ConnectionRecord> entry : tail.entrySet()) {
            if (page.size() == limit) {
                return new ConnectionPage(page, lastKey);
            }
            page.add(entry.getValue());
            lastKey = entry.getKey();
        }
        return new ConnectionPage(page, null);
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[connections=" + records.size() + "]";
    }
}
