package io.iomt.sdk;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link TokenStore} keeps for one connection: the connection, its tokens, the
 * per-metric sync watermarks, the refresh lease and the version used for compare-and-set.
 *
 * <p>{@link #toString()} never shows a token. Immutable and thread-safe.
 *
 * @param connection the connection
 * @param tokens the current token pair, or {@code null} after revocation or before consent
 * @param watermarks for each metric, the instant up to which data is durably stored
 * @param lease the refresh lease, or {@code null} if no host is refreshing
 * @param version the stored version; 0 for a record that has never been stored
 */
public record ConnectionRecord(
        Connection connection,
        @Nullable TokenPair tokens,
        Map<Metric, Instant> watermarks,
        @Nullable RefreshLease lease,
        long version) {

    /** Creates a record; {@code watermarks} is copied. */
    public ConnectionRecord {
        Objects.requireNonNull(connection, "connection");
        watermarks = Map.copyOf(Objects.requireNonNull(watermarks, "watermarks"));
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
    }

    /** Returns a record for a new connection, not yet stored (version 0). */
    public static ConnectionRecord newConnection(Connection connection, TokenPair tokens) {
        return new ConnectionRecord(connection, tokens, Map.of(), null, 0);
    }

    /** Returns the connection id. */
    public ConnectionId id() {
        return connection.id();
    }

    /** Returns the watermark of {@code metric}, if the metric was ever synced. */
    public Optional<Instant> watermark(Metric metric) {
        return Optional.ofNullable(watermarks.get(metric));
    }

    /** Returns a copy with another connection. */
    public ConnectionRecord withConnection(Connection newConnection) {
        return new ConnectionRecord(newConnection, tokens, watermarks, lease, version);
    }

    /** Returns a copy with other tokens. */
    public ConnectionRecord withTokens(@Nullable TokenPair newTokens) {
        return new ConnectionRecord(connection, newTokens, watermarks, lease, version);
    }

    /** Returns a copy with another lease. */
    public ConnectionRecord withLease(@Nullable RefreshLease newLease) {
        return new ConnectionRecord(connection, tokens, watermarks, newLease, version);
    }

    /** Returns a copy whose watermark for {@code metric} is {@code at}. */
    public ConnectionRecord withWatermark(Metric metric, Instant at) {
        Map<Metric, Instant> copy = new TreeMap<>(watermarks);
        copy.put(metric, at);
        return new ConnectionRecord(connection, tokens, copy, lease, version);
    }

    /** Returns a copy with another version; stores call this after a successful write. */
    public ConnectionRecord withVersion(long newVersion) {
        return new ConnectionRecord(connection, tokens, watermarks, lease, newVersion);
    }

    @Override
    public String toString() {
        return "ConnectionRecord[id=" + id() + ", status=" + connection.status()
                + ", tokens=" + (tokens == null ? "none" : "<redacted>")
                + ", watermarks=" + watermarks + ", lease=" + lease + ", version=" + version + "]";
    }
}
