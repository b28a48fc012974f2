package io.iomt.sdk.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

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

    final DataTypeSpec type;
    final long[] start;
    final long[] end;
    final int[] startOffset;
    final int[] endOffset;
    final ValueWriter writer;

    PointTable(DataTypeSpec type, long[] start, long[] end, int[] startOffset, int[] endOffset, ValueWriter writer) {
        this.type = type;
        this.start = start;
        this.end = end;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
        this.writer = writer;
    }

    static PointTable empty(DataTypeSpec type) {
        return new PointTable(type, new long[0], new long[0], new int[0], new int[0], (generator, index, user) -> {
        });
    }

    int size() {
        return start.length;
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

    /** Returns a stable identifier of an identifiable point, derived from its start time. */
    String pointId(int index) {
        return "sim-" + type.id + "-" + start[index];
    }
}
