package io.iomt.sdk.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The points of one data type for one recording, sorted by start time ascending, with a writer
 * for each point's type-specific JSON object. Daily types keep the date's epoch day times
 * 86,400,000 in {@code start} and zero offsets. Immutable after construction; thread-safe.
 */
final class PointTable {

    /** Writes the object under the type's JSON field for point {@code index}. */
    @FunctionalInterface
    interface ValueWriter {
        void write(JsonGenerator generator, int index, String healthUserId) throws IOException;
    }

    static final long DAY_MILLIS = 86_400_000L;

    /** How many rendered pages one table keeps; pages asked for once the cache is full are rendered each time. */
    static final int MAX_CACHED_PAGES = 64;

    final DataTypeSpec type;
    final long[] start;
    final long[] end;
    final int[] startOffset;
    final int[] endOffset;
    final ValueWriter writer;
    /** Serialized points of types whose JSON does not depend on the user, filled on first use. */
    private final AtomicReferenceArray<byte[]> serialized;
    /** Last pages that do not depend on the user, by filter, page size and first index. */
    private final Map<String, ResponseBody> pages = new ConcurrentHashMap<>();

    PointTable(DataTypeSpec type, long[] start, long[] end, int[] startOffset, int[] endOffset, ValueWriter writer) {
        this.type = type;
        this.start = start;
        this.end = end;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
        this.writer = writer;
        this.serialized = new AtomicReferenceArray<>(type.shape == DataTypeSpec.Shape.SESSION ? 0 : start.length);
    }

    static PointTable empty(DataTypeSpec type) {
        return new PointTable(type, new long[0], new long[0], new int[0], new int[0], (generator, index, user) -> {
        });
    }

    int size() {
        return start.length;
    }

    /**
     * Returns the JSON bytes of the data point at {@code index}. Points of every type but sessions
     * are serialized once and then reused, since a page of 10,000 points is otherwise rebuilt on
     * every request.
     */
    byte[] pointJson(int index, String healthUserId) {
        boolean cacheable = type.shape != DataTypeSpec.Shape.SESSION;
        if (cacheable) {
            byte[] cached = serialized.get(index);
            if (cached != null) {
                return cached;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator generator = Json.FACTORY.createGenerator(out)) {
            writePoint(generator, index, healthUserId);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write a data point in memory", e);
        }
        byte[] json = out.toByteArray();
        if (cacheable) {
            serialized.set(index, json);
        }
        return json;
    }

    /** Writes the whole data point object at {@code index}. */
    void writePoint(JsonGenerator generator, int index, String healthUserId) throws IOException {
        generator.writeStartObject();
        if (type.shape == DataTypeSpec.Shape.SESSION) {
            generator.writeStringField("name", "users/" + healthUserId + "/dataTypes/" + type.id + "/dataPoints/" + pointId(index));
        }
        generator.writeFieldName("dataSource");
        generator.writeRawValue(type.synthetic ? PointJson.SYNTHETIC_SOURCE : PointJson.RECORDED_SOURCE);
        generator.writeFieldName(type.jsonField);
        writer.write(generator, index, healthUserId);
        generator.writeEndObject();
    }

    /** Returns a rendered page kept by {@link #keepPage}, or null. */
    @Nullable ResponseBody cachedPage(String key) {
        return pages.get(key);
    }

    /**
     * Keeps a rendered page that is the same for every user (no session names, no page token),
     * unless the cache is full, and returns the body to serve.
     */
    ResponseBody keepPage(String key, byte[] page) {
        ResponseBody body = new ResponseBody(page);
        if (pages.size() >= MAX_CACHED_PAGES) {
            return body;
        }
        ResponseBody kept = pages.putIfAbsent(key, body);
        return kept != null ? kept : body;
    }

    /** Returns the number of pages kept; for tests. */
    int cachedPages() {
        return pages.size();
    }

    /** Returns a stable identifier of an identifiable point, derived from its start time. */
    String pointId(int index) {
        return "sim-" + type.id + "-" + start[index];
    }
}
