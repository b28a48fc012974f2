package io.iomt.sdk.fitbit.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.iomt.sdk.ActivityLevel;
import io.iomt.sdk.Series;
import io.iomt.sdk.SleepSessionKind;
import io.iomt.sdk.SleepStage;
import io.iomt.sdk.fitbit.GoogleHealthDataType;
import java.io.IOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads the data points of one page, one at a time, into series builders. One instance per page
 * parse; not thread-safe.
 *
 * <p>Values are kept in one slot per metric of the data type (in the order of
 * {@link GoogleHealthDataType#metrics()}); {@code NaN} marks a missing value. Field names are
 * compared as Jackson hands them out (canonical strings), and timestamps and int64 strings are
 * read from Jackson's character buffer, so a point costs no allocation.
 */
public final class DataPointReader {

    private static final int NO_OFFSET = Series.NO_OFFSET;
    private static final int MAX_OFFSET_SECONDS = 18 * 3600;
    private static final int CLASSIC = 1;
    private static final int STAGES = 2;

    private static final SerializedString DATA_SOURCE = new SerializedString("dataSource");
    private static final SerializedString[] SAMPLE_TIME_ORDER = names("physicalTime", "utcOffset", "civilTime");
    private static final SerializedString[] INTERVAL_ORDER = names("startTime", "startUtcOffset", "endTime",
            "endUtcOffset", "civilStartTime", "civilEndTime");

    private final GoogleHealthDataType type;
    private final String unionField;
    private final SerializedString unionName;
    private final SerializedString[] unionOrder;
    private final Series.@Nullable Builder[] targets;
    private final int[] skipped;
    private final double[] values;
    private int dataPoints;
    private int pointsAdded;

    private boolean hasStart;
    private long start;
    private int startOffset;
    private boolean hasEnd;
    private long end;
    private boolean hasDate;
    private int year;
    private int month;
    private int day;

    private int sessionType;
    private boolean nap;
    private int stageCount;
    private long[] stageStarts = new long[0];
    private long[] stageEnds = new long[0];
    private int[] stageOffsets = new int[0];
    private int[] stageCodes = new int[0];

    private DataPointReader(GoogleHealthDataType type, Series.@Nullable Builder[] targets) {
        this.type = type;
        this.unionField = type.jsonField();
        this.unionName = new SerializedString(unionField);
        this.unionOrder = unionOrder(type);
        this.targets = targets;
        this.skipped = new int[targets.length];
        this.values = new double[targets.length];
    }

    /**
     * Returns a reader for {@code type} that adds to {@code targets}, indexed like
     * {@link GoogleHealthDataType#metrics()}; a {@code null} target is not collected.
     */
    public static DataPointReader create(GoogleHealthDataType type, Series.@Nullable Builder[] targets) {
        if (targets.length != type.metrics().size()) {
            throw new IllegalArgumentException("Expected " + type.metrics().size() + " targets for " + type.pathId()
                    + ", got " + targets.length);
        }
        return new DataPointReader(type, targets);
    }

    /** Returns the number of data points read so far. */
    public int dataPoints() {
        return dataPoints;
    }

    /** Returns the number of points added to the builders so far. */
    public int pointsAdded() {
        return pointsAdded;
    }

    /** Returns the number of points skipped for the metric at {@code index}. */
    public int skipped(int index) {
        return skipped[index];
    }

    /** Reads one data point; the parser is positioned on its {@code START_OBJECT}. */
    public void readPoint(JsonParser parser) throws IOException {
        dataPoints++;
        reset();
        boolean found = false;
        SerializedString expected = DATA_SOURCE;
        String name;
        while ((name = nextName(parser, expected)) != null) {
            expected = unionName;
            JsonToken value = parser.nextToken();
            if (name.equals(unionField)) {
                expectObject(value, unionField);
                readUnion(parser);
                found = true;
            } else {
                parser.skipChildren();
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw new MalformedPageException("a data point object is not closed");
        }
        if (!found) {
            skipAll(1);
            return;
        }
        if (type == GoogleHealthDataType.SLEEP) {
            emitSleep();
        } else {
            emit();
        }
    }

    /**
     * Reads the next field name, trying the name the API usually sends next first: a match skips
     * Jackson's symbol-table lookup. Returns {@code null} at the end of the object.
     */
    private static @Nullable String nextName(JsonParser parser, SerializedString expected) throws IOException {
        if (parser.nextFieldName(expected)) {
            return expected.getValue();
        }
        return parser.currentToken() == JsonToken.FIELD_NAME ? parser.currentName() : null;
    }

    /** Returns the usual order of the union object's fields, as the API sends them. */
    private static SerializedString[] unionOrder(GoogleHealthDataType type) {
        return switch (type) {
            case HEART_RATE -> names("sampleTime", "beatsPerMinute", "metadata");
            case STEPS -> names("interval", "count");
            case HEART_RATE_VARIABILITY -> names("sampleTime", "rootMeanSquareOfSuccessiveDifferencesMilliseconds");
            default -> switch (type.shape()) {
                case SAMPLE -> names("sampleTime");
                case DAILY -> names("date");
                default -> names("interval");
            };
        };
    }

    private static SerializedString[] names(String... names) {
        SerializedString[] serialized = new SerializedString[names.length];
        for (int i = 0; i < names.length; i++) {
            serialized[i] = new SerializedString(names[i]);
        }
        return serialized;
    }

    private void reset() {
        Arrays.fill(values, Double.NaN);
        if (type == GoogleHealthDataType.SEDENTARY_PERIOD) {
            values[0] = 1;
        }
        hasStart = false;
        hasEnd = false;
        hasDate = false;
        startOffset = NO_OFFSET;
        sessionType = 0;
        nap = false;
        stageCount = 0;
    }

    private void readUnion(JsonParser parser) throws IOException {
        int position = 0;
        String name;
        while ((name = nextName(parser, unionOrder[Math.min(position++, unionOrder.length - 1)])) != null) {
            JsonToken value = parser.nextToken();
            switch (name) {
                case "sampleTime" -> readSampleTime(parser, value);
                case "interval" -> readInterval(parser, value);
                case "date" -> readDate(parser, value);
                default -> {
                    if (type == GoogleHealthDataType.SLEEP) {
                        readSleepField(parser, name, value);
                    } else {
                        readValueField(parser, null, name, value);
                    }
                }
            }
        }
    }

    private void readValueField(JsonParser parser, @Nullable String parent, String name, JsonToken value)
            throws IOException {
        int slot = slot(parent, name);
        if (slot >= 0) {
            values[slot] = type == GoogleHealthDataType.ACTIVITY_LEVEL ? readActivityLevel(parser, value)
                    : readNumber(parser, value, name);
            return;
        }
        if (parent == null && value == JsonToken.START_OBJECT && isContainer(name)) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String child = parser.currentName();
                readValueField(parser, name, child, parser.nextToken());
            }
            return;
        }
        parser.skipChildren();
    }

    private boolean isContainer(String name) {
        return switch (type) {
            case HEART_RATE_VARIABILITY -> name.equals("metadata");
            case RESPIRATORY_RATE_SLEEP_SUMMARY -> name.equals("fullSleepStats");
            default -> false;
        };
    }

    private int slot(@Nullable String parent, String name) {
        if (parent != null) {
            return switch (type) {
                case HEART_RATE_VARIABILITY -> name.equals("lowFrequencyPower") ? 2
                        : name.equals("highFrequencyPower") ? 3 : -1;
                case RESPIRATORY_RATE_SLEEP_SUMMARY -> name.equals("breathsPerMinute") ? 0 : -1;
                default -> -1;
            };
        }
        return switch (type) {
            case HEART_RATE, DAILY_RESTING_HEART_RATE -> name.equals("beatsPerMinute") ? 0 : -1;
            case HEART_RATE_VARIABILITY -> name.equals("rootMeanSquareOfSuccessiveDifferencesMilliseconds") ? 0
                    : name.equals("standardDeviationMilliseconds") ? 1 : -1;
            case DAILY_HEART_RATE_VARIABILITY -> switch (name) {
                case "averageHeartRateVariabilityMilliseconds" -> 0;
                case "deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds" -> 1;
                case "nonRemHeartRateBeatsPerMinute" -> 2;
                case "entropy" -> 3;
                default -> -1;
            };
            case STEPS -> name.equals("count") ? 0 : -1;
            case OXYGEN_SATURATION -> name.equals("percentage") ? 0 : -1;
            case DAILY_OXYGEN_SATURATION -> name.equals("averagePercentage") ? 0 : -1;
            case DAILY_RESPIRATORY_RATE -> name.equals("breathsPerMinute") ? 0 : -1;
            case ACTIVITY_LEVEL -> name.equals("activityLevelType") ? 0 : -1;
            default -> -1;
        };
    }

    private void readSampleTime(JsonParser parser, JsonToken value) throws IOException {
        expectObject(value, "sampleTime");
        int position = 0;
        String name;
        while ((name = nextName(parser, SAMPLE_TIME_ORDER[Math.min(position++, 2)])) != null) {
            JsonToken field = parser.nextToken();
            switch (name) {
                case "physicalTime" -> {
                    start = readTimestamp(parser, field, name);
                    hasStart = true;
                }
                case "utcOffset" -> startOffset = readOffset(parser, field, name);
                default -> parser.skipChildren();
            }
        }
    }

    private void readInterval(JsonParser parser, JsonToken value) throws IOException {
        expectObject(value, "interval");
        int position = 0;
        String name;
        while ((name = nextName(parser, INTERVAL_ORDER[Math.min(position++, 5)])) != null) {
            JsonToken field = parser.nextToken();
            switch (name) {
                case "startTime" -> {
                    start = readTimestamp(parser, field, name);
                    hasStart = true;
                }
                case "endTime" -> {
                    end = readTimestamp(parser, field, name);
                    hasEnd = true;
                }
                case "startUtcOffset" -> startOffset = readOffset(parser, field, name);
                default -> parser.skipChildren();
            }
        }
    }

    private void readDate(JsonParser parser, JsonToken value) throws IOException {
        expectObject(value, "date");
        int y = 0;
        int m = 0;
        int d = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken field = parser.nextToken();
            switch (name) {
                case "year" -> y = readInt(parser, field, name);
                case "month" -> m = readInt(parser, field, name);
                case "day" -> d = readInt(parser, field, name);
                default -> parser.skipChildren();
            }
        }
        if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
            year = y;
            month = m;
            day = d;
            hasDate = true;
        }
    }

    private void readSleepField(JsonParser parser, String name, JsonToken value) throws IOException {
        switch (name) {
            case "type" -> sessionType = readSleepType(parser, value);
            case "metadata" -> readSleepMetadata(parser, value);
            case "stages" -> readStages(parser, value);
            default -> parser.skipChildren();
        }
    }

    private static int readSleepType(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return 0;
        }
        if (textEquals(parser, "CLASSIC")) {
            return CLASSIC;
        }
        return textEquals(parser, "STAGES") ? STAGES : 0;
    }

    private void readSleepMetadata(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken field = parser.nextToken();
            if (name.equals("nap")) {
                nap = field == JsonToken.VALUE_TRUE;
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readStages(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedPageException("'sleep.stages' is not an array");
        }
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
            readStage(parser);
        }
        if (token != JsonToken.END_ARRAY) {
            throw new MalformedPageException("an element of 'sleep.stages' is not an object");
        }
    }

    private void readStage(JsonParser parser) throws IOException {
        long stageStart = Long.MIN_VALUE;
        long stageEnd = Long.MIN_VALUE;
        int offset = NO_OFFSET;
        int code = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken field = parser.nextToken();
            switch (name) {
                case "startTime" -> stageStart = readTimestamp(parser, field, name);
                case "endTime" -> stageEnd = readTimestamp(parser, field, name);
                case "startUtcOffset" -> offset = readOffset(parser, field, name);
                case "type" -> code = readStageCode(parser, field);
                default -> parser.skipChildren();
            }
        }
        if (stageStart == Long.MIN_VALUE || stageEnd == Long.MIN_VALUE || stageEnd < stageStart) {
            code = -1;
        }
        appendStage(stageStart, stageEnd, offset, code);
    }

    private void appendStage(long stageStart, long stageEnd, int offset, int code) {
        if (stageCount == stageStarts.length) {
            int capacity = Math.max(16, stageCount * 2);
            stageStarts = Arrays.copyOf(stageStarts, capacity);
            stageEnds = Arrays.copyOf(stageEnds, capacity);
            stageOffsets = Arrays.copyOf(stageOffsets, capacity);
            stageCodes = Arrays.copyOf(stageCodes, capacity);
        }
        stageStarts[stageCount] = stageStart;
        stageEnds[stageCount] = stageEnd;
        stageOffsets[stageCount] = offset;
        stageCodes[stageCount] = code;
        stageCount++;
    }

    private static int readStageCode(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return -1;
        }
        for (SleepStage stage : SleepStage.values()) {
            if (textEquals(parser, stage.name())) {
                return stage.code();
            }
        }
        return -1;
    }

    private static double readActivityLevel(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return Double.NaN;
        }
        for (ActivityLevel level : ActivityLevel.values()) {
            if (textEquals(parser, level.name())) {
                return level.code();
            }
        }
        return Double.NaN;
    }

    private void emit() {
        boolean placed;
        long time;
        long duration = 0;
        int offset = startOffset;
        switch (type.shape()) {
            case DAILY -> {
                placed = hasDate;
                time = hasDate ? TextValues.utcMidnightMillis(year, month, day) : 0;
                offset = NO_OFFSET;
            }
            case INTERVAL -> {
                placed = hasStart && hasEnd && end >= start;
                time = start;
                duration = placed ? end - start : 0;
            }
            default -> {
                placed = hasStart;
                time = start;
            }
        }
        if (!placed) {
            skipAll(1);
            return;
        }
        for (int i = 0; i < targets.length; i++) {
            Series.Builder target = targets[i];
            if (target == null) {
                continue;
            }
            if (Double.isNaN(values[i])) {
                skipped[i]++;
                continue;
            }
            target.add(time, values[i], offset, duration);
            pointsAdded++;
        }
    }

    private void emitSleep() {
        Series.Builder sessions = targets[0];
        Series.Builder stages = targets[1];
        if (!hasStart || !hasEnd || end < start) {
            skipped[0] += sessions == null ? 0 : 1;
            skipped[1] += stages == null ? 0 : stageCount;
            return;
        }
        if (sessions != null) {
            sessions.add(start, sessionKind().code(), startOffset, end - start);
            pointsAdded++;
        }
        if (stages == null) {
            return;
        }
        for (int i = 0; i < stageCount; i++) {
            if (stageCodes[i] < 0) {
                skipped[1]++;
                continue;
            }
            stages.add(stageStarts[i], stageCodes[i], stageOffsets[i], stageEnds[i] - stageStarts[i]);
            pointsAdded++;
        }
    }

    /**
     * Returns the session kind. A log that does not state its type is classic when it has classic
     * stages (asleep, restless) or no stages at all, because Fitbit records short sleeps and
     * stage-less logs in the classic format.
     */
    private SleepSessionKind sessionKind() {
        boolean classic = sessionType == CLASSIC;
        if (sessionType == 0) {
            classic = stageCount == 0;
            for (int i = 0; i < stageCount; i++) {
                if (stageCodes[i] == SleepStage.ASLEEP.code() || stageCodes[i] == SleepStage.RESTLESS.code()) {
                    classic = true;
                }
            }
        }
        if (nap) {
            return classic ? SleepSessionKind.NAP_CLASSIC : SleepSessionKind.NAP_STAGES;
        }
        return classic ? SleepSessionKind.MAIN_CLASSIC : SleepSessionKind.MAIN_STAGES;
    }

    private void skipAll(int count) {
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] != null) {
                skipped[i] += count;
            }
        }
    }

    private static void expectObject(JsonToken value, String field) throws MalformedPageException {
        if (value != JsonToken.START_OBJECT) {
            throw new MalformedPageException("'" + field + "' is not an object");
        }
    }

    private static long readTimestamp(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedPageException("'" + field + "' is not a string");
        }
        try {
            return TextValues.parseTimestampMillis(parser.getTextCharacters(), parser.getTextOffset(),
                    parser.getTextLength());
        } catch (NumberFormatException e) {
            throw new MalformedPageException("'" + field + "' is not an RFC 3339 timestamp");
        }
    }

    private static int readOffset(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return NO_OFFSET;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedPageException("'" + field + "' is not a duration string");
        }
        long seconds;
        try {
            seconds = TextValues.parseDurationSeconds(parser.getTextCharacters(), parser.getTextOffset(),
                    parser.getTextLength());
        } catch (NumberFormatException e) {
            throw new MalformedPageException("'" + field + "' is not a duration such as \"3600s\"");
        }
        if (Math.abs(seconds) > MAX_OFFSET_SECONDS) {
            throw new MalformedPageException("'" + field + "' is outside +/-18 hours");
        }
        return (int) seconds;
    }

    private static int readInt(JsonParser parser, JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getIntValue();
        }
        double number = readNumber(parser, value, field);
        return Double.isNaN(number) ? 0 : (int) number;
    }

    private static double readNumber(JsonParser parser, JsonToken value, String field) throws IOException {
        switch (value) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                double number = parser.getDoubleValue();
                return Double.isFinite(number) ? number : Double.NaN;
            }
            case VALUE_STRING -> {
                return parseNumberText(parser, field);
            }
            case VALUE_NULL -> {
                return Double.NaN;
            }
            default -> throw new MalformedPageException("'" + field + "' is not a number");
        }
    }

    private static double parseNumberText(JsonParser parser, String field) throws IOException {
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int length = parser.getTextLength();
        try {
            if (isInteger(text, offset, length)) {
                return TextValues.parseLong(text, offset, length);
            }
            double number = Double.parseDouble(new String(text, offset, length));
            return Double.isFinite(number) ? number : Double.NaN;
        } catch (NumberFormatException e) {
            throw new MalformedPageException("'" + field + "' is not a number");
        }
    }

    private static boolean isInteger(char[] text, int offset, int length) {
        if (length == 0) {
            return false;
        }
        int first = text[offset] == '-' || text[offset] == '+' ? offset + 1 : offset;
        if (first == offset + length) {
            return false;
        }
        for (int i = first; i < offset + length; i++) {
            if (text[i] < '0' || text[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean textEquals(JsonParser parser, String expected) throws IOException {
        int length = parser.getTextLength();
        if (length != expected.length()) {
            return false;
        }
        char[] text = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        for (int i = 0; i < length; i++) {
            if (text[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
