package io.iomt.sdk.testkit.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.iomt.sdk.Series;
import io.iomt.sdk.SleepSessionKind;
import io.iomt.sdk.SleepStage;
import io.iomt.sdk.testkit.RecordedData;
import java.io.IOException;
import java.time.Instant;
import java.time.zone.ZoneRules;
import java.util.EnumMap;
import java.util.Map;

/** Builds the simulator's response tables of a recording: recorded types here, derived ones in {@link SyntheticTables}. */
final class TableFactory {

    private TableFactory() {
    }

    static Map<DataTypeSpec, PointTable> build(RecordedData data) {
        Map<DataTypeSpec, PointTable> tables = new EnumMap<>(DataTypeSpec.class);
        ZoneRules rules = data.zone().getRules();
        tables.put(DataTypeSpec.HEART_RATE, heartRate(data.heartRate(), rules));
        tables.put(DataTypeSpec.STEPS, steps(data.steps(), rules));
        tables.put(DataTypeSpec.SLEEP, sleep(data.sleepSessions(), data.sleepStages(), rules));
        tables.putAll(SyntheticTables.build(data));
        return tables;
    }

    /** Returns the offset of point {@code i}, falling back to the zone's offset at its time. */
    static int offsetAt(Series series, int i, ZoneRules rules) {
        int offset = series.utcOffsetSecondsAt(i);
        return offset != Series.NO_OFFSET ? offset : zoneOffset(rules, series.timeAt(i));
    }

    static int zoneOffset(ZoneRules rules, long epochMillis) {
        return rules.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
    }

    private static PointTable heartRate(Series series, ZoneRules rules) {
        int n = series.size();
        long[] times = series.times();
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = offsetAt(series, i, rules);
        }
        double[] values = series.values();
        return new PointTable(DataTypeSpec.HEART_RATE, times, times, offsets, offsets, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.sampleTime(generator, times[i], offsets[i]);
            PointJson.int64(generator, "beatsPerMinute", Math.round(values[i]));
            generator.writeEndObject();
        });
    }

    private static PointTable steps(Series series, ZoneRules rules) {
        Intervals intervals = Intervals.of(series, rules, 60_000L);
        double[] values = series.values();
        return intervals.table(DataTypeSpec.STEPS, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.interval(generator, intervals.start[i], intervals.startOffset[i], intervals.end[i], intervals.endOffset[i]);
            PointJson.int64(generator, "count", Math.round(values[i]));
            generator.writeEndObject();
        });
    }

    private static PointTable sleep(Series sessions, Series stages, ZoneRules rules) {
        Intervals intervals = Intervals.of(sessions, rules, 60_000L);
        Intervals stageIntervals = Intervals.of(stages, rules, 60_000L);
        double[] kinds = sessions.values();
        double[] stageCodes = stages.values();
        return intervals.table(DataTypeSpec.SLEEP, (generator, i, user) -> {
            SleepSessionKind kind = SleepSessionKind.fromCode((int) kinds[i]);
            int from = stages.indexAtOrAfter(intervals.start[i]);
            int to = stages.indexAtOrAfter(intervals.end[i]);
            generator.writeStartObject();
            PointJson.interval(generator, intervals.start[i], intervals.startOffset[i], intervals.end[i], intervals.endOffset[i]);
            boolean classic = kind == SleepSessionKind.MAIN_CLASSIC || kind == SleepSessionKind.NAP_CLASSIC;
            generator.writeStringField("type", classic ? "CLASSIC" : "STAGES");
            generator.writeArrayFieldStart("stages");
            for (int s = from; s < to; s++) {
                generator.writeStartObject();
                PointJson.bounds(generator, stageIntervals.start[s], stageIntervals.startOffset[s], stageIntervals.end[s],
                        stageIntervals.endOffset[s]);
                generator.writeStringField("type", SleepStage.fromCode((int) stageCodes[s]).name());
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeObjectFieldStart("metadata");
            generator.writeBooleanField("processed", true);
            generator.writeBooleanField("manuallyEdited", false);
            generator.writeBooleanField("nap", kind.isNap());
            generator.writeEndObject();
            writeSleepSummary(generator, intervals.start[i], intervals.end[i], stageIntervals, stageCodes, from, to);
            String written = PointJson.timestamp(intervals.end[i] + 600_000L);
            generator.writeStringField("createTime", written);
            generator.writeStringField("updateTime", written);
            generator.writeEndObject();
        });
    }

    private static void writeSleepSummary(JsonGenerator generator, long start, long end, Intervals stages, double[] codes,
            int from, int to) throws IOException {
        long[] minutes = new long[SleepStage.values().length];
        long[] counts = new long[SleepStage.values().length];
        long firstAsleep = -1;
        long lastAsleepEnd = -1;
        for (int s = from; s < to; s++) {
            SleepStage stage = SleepStage.fromCode((int) codes[s]);
            minutes[stage.ordinal()] += (stages.end[s] - stages.start[s]) / 60_000L;
            counts[stage.ordinal()]++;
            if (asleep(stage)) {
                firstAsleep = firstAsleep < 0 ? stages.start[s] : firstAsleep;
                lastAsleepEnd = stages.end[s];
            }
        }
        long inPeriod = (end - start) / 60_000L;
        long asleepMinutes = 0;
        for (SleepStage stage : SleepStage.values()) {
            asleepMinutes += asleep(stage) ? minutes[stage.ordinal()] : 0;
        }
        generator.writeObjectFieldStart("summary");
        PointJson.int64(generator, "minutesInSleepPeriod", inPeriod);
        PointJson.int64(generator, "minutesAsleep", asleepMinutes);
        PointJson.int64(generator, "minutesAwake", inPeriod - asleepMinutes);
        PointJson.int64(generator, "minutesToFallAsleep", firstAsleep < 0 ? 0 : (firstAsleep - start) / 60_000L);
        PointJson.int64(generator, "minutesAfterWakeUp", lastAsleepEnd < 0 ? 0 : (end - lastAsleepEnd) / 60_000L);
        generator.writeArrayFieldStart("stagesSummary");
        for (SleepStage stage : SleepStage.values()) {
            if (counts[stage.ordinal()] == 0) {
                continue;
            }
            generator.writeStartObject();
            generator.writeStringField("type", stage.name());
            PointJson.int64(generator, "minutes", minutes[stage.ordinal()]);
            PointJson.int64(generator, "count", counts[stage.ordinal()]);
            generator.writeEndObject();
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    /** Returns whether a stage counts as asleep: restless and awake do not. */
    static boolean asleep(SleepStage stage) {
        return stage == SleepStage.ASLEEP || stage == SleepStage.LIGHT || stage == SleepStage.DEEP || stage == SleepStage.REM;
    }

    /** Start and end columns of an interval series; a point without a duration lasts {@code defaultMillis}. */
    static final class Intervals {
        final long[] start;
        final long[] end;
        final int[] startOffset;
        final int[] endOffset;

        private Intervals(int n) {
            start = new long[n];
            end = new long[n];
            startOffset = new int[n];
            endOffset = new int[n];
        }

        static Intervals of(Series series, ZoneRules rules, long defaultMillis) {
            Intervals intervals = new Intervals(series.size());
            for (int i = 0; i < series.size(); i++) {
                long duration = series.durationMillisAt(i);
                intervals.start[i] = series.timeAt(i);
                intervals.end[i] = series.timeAt(i) + (duration > 0 ? duration : defaultMillis);
                intervals.startOffset[i] = offsetAt(series, i, rules);
                // The end keeps the start's offset unless the zone changed offset inside the interval.
                intervals.endOffset[i] = intervals.startOffset[i] + zoneOffset(rules, intervals.end[i])
                        - zoneOffset(rules, intervals.start[i]);
            }
            return intervals;
        }

        PointTable table(DataTypeSpec type, PointTable.ValueWriter writer) {
            return new PointTable(type, start, end, startOffset, endOffset, writer);
        }
    }
}
