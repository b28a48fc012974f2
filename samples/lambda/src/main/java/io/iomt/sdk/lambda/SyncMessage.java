package io.iomt.sdk.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.TimeRange;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The body of one message on the sync queue: the connection to sync and, for a webhook-triggered
 * sync, the metrics and changed ranges. Without ranges the worker syncs from the watermarks. With
 * {@code replace}, sent for a webhook {@code DELETE}, the worker deletes the stored points of the
 * ranges before syncing them again. Immutable. The JSON contains ids and instants only, never a token
 * or a health value:
 * <pre>{@code {"connection":"subject/google-health","metrics":["heart-rate"],
 *   "ranges":[{"start":"2026-12-01T00:00:00Z","end":"2026-12-01T01:00:00Z"}],"replace":true}}</pre>
 *
 * @param connection the connection to sync
 * @param metrics the metrics to sync; empty means all synced metrics
 * @param ranges the ranges to sync again; empty means sync incrementally from the watermarks
 * @param replace whether to delete the stored points of the ranges first; needs ranges
 */
record SyncMessage(ConnectionId connection, Set<Metric> metrics, List<TimeRange> ranges, boolean replace) {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    SyncMessage {
        Objects.requireNonNull(connection, "connection");
        metrics = metrics.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(metrics));
        ranges = List.copyOf(ranges);
        if (replace && ranges.isEmpty()) {
            throw new IllegalArgumentException("Sync message for " + connection
                    + " is invalid: 'replace' needs 'ranges'; add the ranges or drop 'replace'");
        }
    }

    /** Returns a message that syncs {@code ranges} again without deleting anything first. */
    SyncMessage(ConnectionId connection, Set<Metric> metrics, List<TimeRange> ranges) {
        this(connection, metrics, ranges, false);
    }

    /** Returns an incremental sync of {@code connection}. */
    static SyncMessage incremental(ConnectionId connection) {
        return new SyncMessage(connection, Set.of(), List.of());
    }

    String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("connection", connection.key());
            if (!metrics.isEmpty()) {
                json.writeArrayFieldStart("metrics");
                for (Metric metric : metrics.stream().sorted().toList()) {
                    json.writeString(metric.id());
                }
                json.writeEndArray();
            }
            if (!ranges.isEmpty()) {
                json.writeArrayFieldStart("ranges");
                for (TimeRange range : ranges) {
                    json.writeStartObject();
                    json.writeStringField("start", range.start().toString());
                    json.writeStringField("end", range.end().toString());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            if (replace) {
                json.writeBooleanField("replace", true);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a sync message to memory failed", e);
        }
        return out.toString();
    }

    /**
     * Parses a message body. Fields other than the four above are ignored, so that a newer
     * sender's messages still parse.
     *
     * @throws IllegalArgumentException naming the field when the body is not a valid sync message
     */
    static SyncMessage parse(String body) {
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("Sync message is not a JSON object");
            }
            String connection = null;
            Set<Metric> metrics = EnumSet.noneOf(Metric.class);
            List<TimeRange> ranges = new ArrayList<>();
            boolean replace = false;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "connection" -> connection = text(json, value);
                    case "metrics" -> readMetrics(json, value, metrics);
                    case "ranges" -> readRanges(json, value, ranges);
                    case "replace" -> replace = flag(value);
                    default -> json.skipChildren();
                }
            }
            if (connection == null) {
                throw new IllegalArgumentException("Sync message has no text field 'connection'");
            }
            return new SyncMessage(ConnectionId.parse(connection), metrics, ranges, replace);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Sync message is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading a sync message from memory failed", e);
        }
    }

    private static void readMetrics(JsonParser json, JsonToken value, Set<Metric> metrics) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            metrics.clear();
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("Sync message field 'metrics' is not an array of metric ids");
        }
        metrics.clear();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            if (json.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("Sync message field 'metrics' holds a value that is not a metric id");
            }
            metrics.add(Metric.fromId(json.getText()));
        }
    }

    private static void readRanges(JsonParser json, JsonToken value, List<TimeRange> ranges) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            ranges.clear();
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("Sync message field 'ranges' is not an array of ranges");
        }
        ranges.clear();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            ranges.add(readRange(json));
        }
    }

    private static TimeRange readRange(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("Sync message range is not an object with 'start' and 'end'");
        }
        String start = null;
        String end = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("start")) {
                start = text(json, value);
            } else if (field.equals("end")) {
                end = text(json, value);
            } else {
                json.skipChildren();
            }
        }
        return TimeRange.of(instant(start, "start"), instant(end, "end"));
    }

    private static boolean flag(JsonToken value) {
        return switch (value) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw new IllegalArgumentException("Sync message field 'replace' is invalid; use true or false");
        };
    }

    /** Returns the string at the parser, or null after skipping any other value. */
    private static @Nullable String text(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return json.getText();
        }
        json.skipChildren();
        return null;
    }

    private static Instant instant(@Nullable String text, String field) {
        if (text == null) {
            throw new IllegalArgumentException("Sync message range has no text field '" + field + "'");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Sync message range field '" + field
                    + "' is not an ISO-8601 instant such as 2026-12-01T00:00:00Z", e);
        }
    }
}
