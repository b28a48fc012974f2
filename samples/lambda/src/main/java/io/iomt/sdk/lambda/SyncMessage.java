package io.iomt.sdk.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The body of one message on the sync queue: the connection to sync and, for a webhook-triggered
 * sync, the metrics and changed ranges. Without ranges the worker syncs from the watermarks.
 * Immutable. The JSON holds ids and instants only, never a token or a health value:
 * <pre>{@code {"connection":"subject/google-health","metrics":["heart-rate"],
 *   "ranges":[{"start":"2026-12-01T00:00:00Z","end":"2026-12-01T01:00:00Z"}]}}</pre>
 *
 * @param connection the connection to sync
 * @param metrics the metrics to sync; empty means all synced metrics
 * @param ranges the ranges to sync again; empty means sync incrementally from the watermarks
 */
record SyncMessage(ConnectionId connection, Set<Metric> metrics, List<TimeRange> ranges) {

    private static final ObjectMapper JSON = new ObjectMapper();

    SyncMessage {
        Objects.requireNonNull(connection, "connection");
        metrics = metrics.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(metrics));
        ranges = List.copyOf(ranges);
    }

    /** Returns an incremental sync of {@code connection}. */
    static SyncMessage incremental(ConnectionId connection) {
        return new SyncMessage(connection, Set.of(), List.of());
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("connection", connection.key());
        if (!metrics.isEmpty()) {
            ArrayNode list = root.putArray("metrics");
            metrics.stream().sorted().forEach(metric -> list.add(metric.id()));
        }
        if (!ranges.isEmpty()) {
            ArrayNode list = root.putArray("ranges");
            for (TimeRange range : ranges) {
                list.addObject().put("start", range.start().toString()).put("end", range.end().toString());
            }
        }
        return root.toString();
    }

    /**
     * Parses a message body.
     *
     * @throws IllegalArgumentException naming the field when the body is not a valid sync message
     */
    static SyncMessage parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("Sync message is not JSON", e);
        }
        if (root == null || !root.isObject() || !root.path("connection").isTextual()) {
            throw new IllegalArgumentException("Sync message has no text field 'connection'");
        }
        ConnectionId connection = ConnectionId.parse(root.get("connection").asText());
        Set<Metric> metrics = EnumSet.noneOf(Metric.class);
        for (JsonNode metric : root.path("metrics")) {
            metrics.add(Metric.fromId(metric.asText()));
        }
        List<TimeRange> ranges = new ArrayList<>();
        for (JsonNode range : root.path("ranges")) {
            ranges.add(TimeRange.of(instant(range, "start"), instant(range, "end")));
        }
        return new SyncMessage(connection, metrics, ranges);
    }

    private static Instant instant(JsonNode range, String field) {
        if (!range.path(field).isTextual()) {
            throw new IllegalArgumentException("Sync message range has no text field '" + field + "'");
        }
        return Instant.parse(range.get(field).asText());
    }
}
