package io.iomt.sdk.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Writes the time shapes of Google Health data points (RFC 3339 instants, duration offsets, civil times). */
final class PointJson {

    /** The data source of points read from a recording. */
    static final String RECORDED_SOURCE = "{\"recordingMethod\":\"PASSIVELY_MEASURED\",\"device\":{\"formFactor\":\"FITNESS_BAND\","
            + "\"manufacturer\":\"Fitbit\",\"displayName\":\"Fitbit tracker (recorded)\"},\"platform\":\"FITBIT\"}";

    /** The data source of points the simulator derived; the display name marks them as made up. */
    static final String SYNTHETIC_SOURCE = "{\"recordingMethod\":\"DERIVED\",\"device\":{\"formFactor\":\"FITNESS_BAND\","
            + "\"manufacturer\":\"iomt-testkit\",\"displayName\":\"iomt-testkit synthetic\"},\"platform\":\"FITBIT\"}";

    private PointJson() {
    }

    /** Returns an RFC 3339 UTC timestamp with milliseconds only when they are not zero. */
    static String timestamp(long epochMillis) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        StringBuilder text = new StringBuilder(24);
        pad(text, time.getYear(), 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2);
        if (millis != 0) {
            pad(text.append('.'), millis, 3);
        }
        return text.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }

    static String offset(int offsetSeconds) {
        return offsetSeconds + "s";
    }

    /** Writes a {@code {date, time}} civil date-time object, leaving out zero time fields as proto3 JSON does. */
    static void civil(JsonGenerator generator, String field, long epochMillis, int offsetSeconds) throws IOException {
        long localMillis = epochMillis + offsetSeconds * 1000L;
        LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(localMillis, 1000L),
                (int) Math.floorMod(localMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
        generator.writeObjectFieldStart(field);
        date(generator, "date", local.toLocalDate());
        generator.writeObjectFieldStart("time");
        if (local.getHour() != 0) {
            generator.writeNumberField("hours", local.getHour());
        }
        if (local.getMinute() != 0) {
            generator.writeNumberField("minutes", local.getMinute());
        }
        if (local.getSecond() != 0) {
            generator.writeNumberField("seconds", local.getSecond());
        }
        if (local.getNano() != 0) {
            generator.writeNumberField("nanos", local.getNano());
        }
        generator.writeEndObject();
        generator.writeEndObject();
    }

    static void date(JsonGenerator generator, String field, LocalDate date) throws IOException {
        generator.writeObjectFieldStart(field);
        generator.writeNumberField("year", date.getYear());
        generator.writeNumberField("month", date.getMonthValue());
        generator.writeNumberField("day", date.getDayOfMonth());
        generator.writeEndObject();
    }

    /** Writes {@code sampleTime} of a sample type. */
    static void sampleTime(JsonGenerator generator, long epochMillis, int offsetSeconds) throws IOException {
        generator.writeObjectFieldStart("sampleTime");
        generator.writeStringField("physicalTime", timestamp(epochMillis));
        generator.writeStringField("utcOffset", offset(offsetSeconds));
        civil(generator, "civilTime", epochMillis, offsetSeconds);
        generator.writeEndObject();
    }

    /** Writes the four required interval fields (start and end with offsets), without civil times. */
    static void bounds(JsonGenerator generator, long start, int startOffset, long end, int endOffset) throws IOException {
        generator.writeStringField("startTime", timestamp(start));
        generator.writeStringField("startUtcOffset", offset(startOffset));
        generator.writeStringField("endTime", timestamp(end));
        generator.writeStringField("endUtcOffset", offset(endOffset));
    }

    /** Writes {@code interval} of an interval or session type, civil times included. */
    static void interval(JsonGenerator generator, long start, int startOffset, long end, int endOffset) throws IOException {
        generator.writeObjectFieldStart("interval");
        bounds(generator, start, startOffset, end, endOffset);
        civil(generator, "civilStartTime", start, startOffset);
        civil(generator, "civilEndTime", end, endOffset);
        generator.writeEndObject();
    }

    /** Writes an int64 as a JSON string, as the API does. */
    static void int64(JsonGenerator generator, String field, long value) throws IOException {
        generator.writeStringField(field, Long.toString(value));
    }

    /** Writes a double rounded to {@code decimals} places. */
    static void decimal(JsonGenerator generator, String field, double value, int decimals) throws IOException {
        generator.writeNumberField(field, round(value, decimals));
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
