package io.iomt.sdk.testkit.internal;

import io.iomt.sdk.ActivityLevel;
import io.iomt.sdk.Series;
import io.iomt.sdk.SleepSessionKind;
import io.iomt.sdk.testkit.RecordedData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives the data types a Fitabase recording lacks from the heart rate, steps and sleep it has.
 * The values are plausible, not physiological: each is a fixed formula of the recorded data plus
 * a deterministic hash of the time, so the same recording always gives the same points. Every
 * point is labelled synthetic in its data source. The rules:
 * <ul>
 *   <li>heart-rate-variability: every 5 minutes inside each sleep log, from the mean heart rate
 *       of the 5 minutes before (RMSSD = 95 - 0.9 × bpm ± 6 ms, clamped to 8..150; SDNN about
 *       1.3 × RMSSD; LF and HF power about RMSSD²);</li>
 *   <li>oxygen-saturation: on the same 5-minute grid, 96 % ± 1.5, lower when the heart rate is
 *       above 70 bpm, clamped to 88..100;</li>
 *   <li>respiratory-rate-sleep-summary: one per sleep log at its end, 10 + 0.08 × mean bpm ± 0.5
 *       breaths per minute;</li>
 *   <li>daily-heart-rate-variability, daily-oxygen-saturation, daily-respiratory-rate: one per
 *       main sleep (not naps), dated the local day it ends, summarizing the points above;</li>
 *   <li>daily-resting-heart-rate: per local day with at least 1,000 heart-rate samples, the 10th
 *       percentile of that day's samples;</li>
 *   <li>activity-level: the step minutes outside sleep, 0 steps sedentary, under 40 lightly
 *       active, under 100 moderately active, else very active, consecutive equal minutes merged;</li>
 *   <li>sedentary-period: sedentary runs of at least 30 minutes.</li>
 * </ul>
 * The tables never refer back to the recording object.
 */
final class SyntheticTables {

    private static final long MINUTE = 60_000L;
    private static final long GRID = 5 * MINUTE;
    private static final long MIN_SEDENTARY = 30 * MINUTE;
    private static final int MIN_RESTING_SAMPLES = 1_000;

    private final ZoneId zone;
    private final ZoneRules rules;
    private final Series heartRate;
    private final Series steps;
    private final Series sessions;

    private SyntheticTables(RecordedData data) {
        this.zone = data.zone();
        this.rules = data.zone().getRules();
        this.heartRate = data.heartRate();
        this.steps = data.steps();
        this.sessions = data.sleepSessions();
    }

    static Map<DataTypeSpec, PointTable> build(RecordedData data) {
        return new SyntheticTables(data).build();
    }

    private Map<DataTypeSpec, PointTable> build() {
        Map<DataTypeSpec, PointTable> tables = new EnumMap<>(DataTypeSpec.class);
        Columns hrv = new Columns();
        Columns spo2 = new Columns();
        Columns respiration = new Columns();
        Map<LocalDate, double[]> dailyHrv = new TreeMap<>();
        Map<LocalDate, double[]> dailySpo2 = new TreeMap<>();
        Map<LocalDate, double[]> dailyRespiration = new TreeMap<>();

        for (int s = 0; s < sessions.size(); s++) {
            long start = sessions.timeAt(s);
            long end = start + Math.max(MINUTE, sessions.durationMillisAt(s));
            boolean main = !SleepSessionKind.fromCode((int) sessions.valueAt(s)).isNap();
            int firstHrv = hrv.size;
            int firstSpo2 = spo2.size;
            for (long t = start + GRID; t <= end; t += GRID) {
                double bpm = meanHeartRate(t - GRID, t);
                if (Double.isNaN(bpm)) {
                    continue;
                }
                double rmssd = clamp(95 - 0.9 * bpm + 6 * noise(t, 1), 8, 150);
                double sdnn = clamp(rmssd * 1.3 + 4 * noise(t, 2), 10, 200);
                hrv.add(t, t, offset(t), rmssd, sdnn, rmssd * rmssd * (1.1 + 0.3 * noise(t, 3)),
                        rmssd * rmssd * (0.9 + 0.3 * noise(t, 4)));
                double saturation = clamp(96 + 1.5 * noise(t, 6) - Math.max(0, bpm - 70) * 0.05, 88, 100);
                spo2.add(t, t, offset(t), saturation);
            }
            double sleepBpm = meanHeartRate(start, end);
            double breaths = Double.isNaN(sleepBpm) ? 14 + noise(end, 7) : 10 + 0.08 * sleepBpm + 0.5 * noise(end, 7);
            respiration.add(end, end, offset(end), breaths, 0.8 + 0.3 * noise(end, 8), 12 + 3 * noise(end, 9));
            if (!main) {
                continue;
            }
            LocalDate day = Instant.ofEpochMilli(end - 1).atZone(zone).toLocalDate();
            if (hrv.size > firstHrv) {
                double average = hrv.mean(0, firstHrv, hrv.size);
                dailyHrv.put(day, new double[] {average, average * 1.12, Math.round(sleepBpm), 2.5 + 0.3 * noise(day.toEpochDay(), 5)});
            }
            if (spo2.size > firstSpo2) {
                dailySpo2.put(day, new double[] {spo2.mean(0, firstSpo2, spo2.size), spo2.min(0, firstSpo2, spo2.size),
                    spo2.max(0, firstSpo2, spo2.size), spo2.deviation(0, firstSpo2, spo2.size)});
            }
            dailyRespiration.put(day, new double[] {breaths});
        }

        tables.put(DataTypeSpec.HEART_RATE_VARIABILITY, hrvTable(hrv));
        tables.put(DataTypeSpec.OXYGEN_SATURATION, spo2Table(spo2));
        tables.put(DataTypeSpec.RESPIRATORY_RATE_SLEEP_SUMMARY, respirationTable(respiration));
        tables.put(DataTypeSpec.DAILY_HEART_RATE_VARIABILITY, dailyHrvTable(Columns.daily(dailyHrv)));
        tables.put(DataTypeSpec.DAILY_OXYGEN_SATURATION, dailySpo2Table(Columns.daily(dailySpo2)));
        tables.put(DataTypeSpec.DAILY_RESPIRATORY_RATE, dailyRespirationTable(Columns.daily(dailyRespiration)));
        tables.put(DataTypeSpec.DAILY_RESTING_HEART_RATE, restingTable(Columns.daily(restingHeartRates())));
        Columns levels = activityLevels();
        tables.put(DataTypeSpec.ACTIVITY_LEVEL, levelTable(levels));
        tables.put(DataTypeSpec.SEDENTARY_PERIOD, sedentaryTable(sedentaryPeriods(levels)));
        return tables;
    }

    // ---- derivations ----

    private double meanHeartRate(long from, long to) {
        int first = heartRate.indexAtOrAfter(from);
        int last = heartRate.indexAtOrAfter(to);
        if (last <= first) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = first; i < last; i++) {
            sum += heartRate.valueAt(i);
        }
        return sum / (last - first);
    }

    private Map<LocalDate, double[]> restingHeartRates() {
        Map<LocalDate, double[]> resting = new TreeMap<>();
        int dayStart = 0;
        while (dayStart < heartRate.size()) {
            LocalDate day = Instant.ofEpochMilli(heartRate.timeAt(dayStart)).atZone(zone).toLocalDate();
            long nextDay = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            int dayEnd = heartRate.indexAtOrAfter(nextDay);
            if (dayEnd - dayStart >= MIN_RESTING_SAMPLES) {
                double[] values = Arrays.copyOfRange(heartRate.values(), dayStart, dayEnd);
                Arrays.sort(values);
                resting.put(day, new double[] {Math.round(values[values.length / 10])});
            }
            dayStart = dayEnd;
        }
        return resting;
    }

    private Columns activityLevels() {
        Columns levels = new Columns();
        for (int i = 0; i < steps.size(); i++) {
            long start = steps.timeAt(i);
            long end = start + Math.max(MINUTE, steps.durationMillisAt(i));
            if (inSleep(start)) {
                continue;
            }
            double count = steps.valueAt(i);
            ActivityLevel level = count == 0 ? ActivityLevel.SEDENTARY : count < 40 ? ActivityLevel.LIGHTLY_ACTIVE
                    : count < 100 ? ActivityLevel.MODERATELY_ACTIVE : ActivityLevel.VERY_ACTIVE;
            int last = levels.size - 1;
            if (last >= 0 && levels.end[last] == start && levels.values[0][last] == level.code()) {
                levels.end[last] = end;
                levels.endOffset[last] = offset(end);
            } else {
                levels.add(start, end, offset(start), level.code());
                levels.endOffset[levels.size - 1] = offset(end);
            }
        }
        return levels;
    }

    private static Columns sedentaryPeriods(Columns levels) {
        Columns periods = new Columns();
        for (int i = 0; i < levels.size; i++) {
            if (levels.values[0][i] == ActivityLevel.SEDENTARY.code() && levels.end[i] - levels.start[i] >= MIN_SEDENTARY) {
                periods.add(levels.start[i], levels.end[i], levels.startOffset[i], 1);
                periods.endOffset[periods.size - 1] = levels.endOffset[i];
            }
        }
        return periods;
    }

    private boolean inSleep(long time) {
        int next = sessions.indexAtOrAfter(time + 1);
        int candidate = next - 1;
        return candidate >= 0 && time < sessions.timeAt(candidate) + sessions.durationMillisAt(candidate);
    }

    private int offset(long time) {
        return rules.getOffset(Instant.ofEpochMilli(time)).getTotalSeconds();
    }

    /** Returns a deterministic value in [-1, 1) for a time and a salt (SplitMix64 finalizer). */
    static double noise(long key, int salt) {
        long z = key * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return ((z >>> 11) * 0x1.0p-53) * 2 - 1;
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    // ---- JSON ----

    private static PointTable hrvTable(Columns c) {
        return c.table(DataTypeSpec.HEART_RATE_VARIABILITY, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.sampleTime(generator, c.start[i], c.startOffset[i]);
            PointJson.decimal(generator, "rootMeanSquareOfSuccessiveDifferencesMilliseconds", c.values[0][i], 1);
            PointJson.decimal(generator, "standardDeviationMilliseconds", c.values[1][i], 1);
            generator.writeObjectFieldStart("metadata");
            PointJson.decimal(generator, "lowFrequencyPower", c.values[2][i], 1);
            PointJson.decimal(generator, "highFrequencyPower", c.values[3][i], 1);
            generator.writeEndObject();
            generator.writeEndObject();
        });
    }

    private static PointTable spo2Table(Columns c) {
        return c.table(DataTypeSpec.OXYGEN_SATURATION, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.sampleTime(generator, c.start[i], c.startOffset[i]);
            PointJson.decimal(generator, "percentage", c.values[0][i], 1);
            generator.writeEndObject();
        });
    }

    private static PointTable respirationTable(Columns c) {
        return c.table(DataTypeSpec.RESPIRATORY_RATE_SLEEP_SUMMARY, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.sampleTime(generator, c.start[i], c.startOffset[i]);
            generator.writeObjectFieldStart("fullSleepStats");
            PointJson.decimal(generator, "breathsPerMinute", c.values[0][i], 1);
            PointJson.decimal(generator, "standardDeviation", c.values[1][i], 2);
            PointJson.decimal(generator, "signalToNoise", c.values[2][i], 1);
            generator.writeEndObject();
            generator.writeEndObject();
        });
    }

    private static PointTable dailyHrvTable(Columns c) {
        return c.table(DataTypeSpec.DAILY_HEART_RATE_VARIABILITY, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.date(generator, "date", c.day(i));
            PointJson.decimal(generator, "averageHeartRateVariabilityMilliseconds", c.values[0][i], 1);
            PointJson.decimal(generator, "deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds", c.values[1][i], 1);
            PointJson.int64(generator, "nonRemHeartRateBeatsPerMinute", (long) c.values[2][i]);
            PointJson.decimal(generator, "entropy", c.values[3][i], 2);
            generator.writeEndObject();
        });
    }

    private static PointTable dailySpo2Table(Columns c) {
        return c.table(DataTypeSpec.DAILY_OXYGEN_SATURATION, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.date(generator, "date", c.day(i));
            PointJson.decimal(generator, "averagePercentage", c.values[0][i], 1);
            PointJson.decimal(generator, "lowerBoundPercentage", c.values[1][i], 1);
            PointJson.decimal(generator, "upperBoundPercentage", c.values[2][i], 1);
            PointJson.decimal(generator, "standardDeviationPercentage", c.values[3][i], 2);
            generator.writeEndObject();
        });
    }

    private static PointTable dailyRespirationTable(Columns c) {
        return c.table(DataTypeSpec.DAILY_RESPIRATORY_RATE, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.date(generator, "date", c.day(i));
            PointJson.decimal(generator, "breathsPerMinute", c.values[0][i], 1);
            generator.writeEndObject();
        });
    }

    private static PointTable restingTable(Columns c) {
        return c.table(DataTypeSpec.DAILY_RESTING_HEART_RATE, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.date(generator, "date", c.day(i));
            PointJson.int64(generator, "beatsPerMinute", (long) c.values[0][i]);
            generator.writeObjectFieldStart("dailyRestingHeartRateMetadata");
            generator.writeStringField("calculationMethod", "WITH_SLEEP");
            generator.writeEndObject();
            generator.writeEndObject();
        });
    }

    private static PointTable levelTable(Columns c) {
        return c.table(DataTypeSpec.ACTIVITY_LEVEL, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.interval(generator, c.start[i], c.startOffset[i], c.end[i], c.endOffset[i]);
            generator.writeStringField("activityLevelType", ActivityLevel.fromCode((int) c.values[0][i]).name());
            generator.writeEndObject();
        });
    }

    private static PointTable sedentaryTable(Columns c) {
        return c.table(DataTypeSpec.SEDENTARY_PERIOD, (generator, i, user) -> {
            generator.writeStartObject();
            PointJson.interval(generator, c.start[i], c.startOffset[i], c.end[i], c.endOffset[i]);
            generator.writeEndObject();
        });
    }

    /** Growable point columns with up to four values per point. Not thread-safe; frozen into a table. */
    private static final class Columns {
        long[] start = new long[64];
        long[] end = new long[64];
        int[] startOffset = new int[64];
        int[] endOffset = new int[64];
        double[][] values = new double[4][64];
        int size;

        static Columns daily(Map<LocalDate, double[]> byDay) {
            Columns columns = new Columns();
            for (Map.Entry<LocalDate, double[]> entry : byDay.entrySet()) {
                long start = entry.getKey().toEpochDay() * PointTable.DAY_MILLIS;
                columns.add(start, start + PointTable.DAY_MILLIS, 0, entry.getValue());
            }
            return columns;
        }

        void add(long pointStart, long pointEnd, int offset, double... pointValues) {
            if (size == start.length) {
                int capacity = size * 2;
                start = Arrays.copyOf(start, capacity);
                end = Arrays.copyOf(end, capacity);
                startOffset = Arrays.copyOf(startOffset, capacity);
                endOffset = Arrays.copyOf(endOffset, capacity);
                for (int v = 0; v < values.length; v++) {
                    values[v] = Arrays.copyOf(values[v], capacity);
                }
            }
            start[size] = pointStart;
            end[size] = pointEnd;
            startOffset[size] = offset;
            endOffset[size] = offset;
            for (int v = 0; v < pointValues.length; v++) {
                values[v][size] = pointValues[v];
            }
            size++;
        }

        LocalDate day(int index) {
            return LocalDate.ofEpochDay(start[index] / PointTable.DAY_MILLIS);
        }

        double mean(int column, int from, int to) {
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += values[column][i];
            }
            return sum / (to - from);
        }

        double min(int column, int from, int to) {
            double min = Double.MAX_VALUE;
            for (int i = from; i < to; i++) {
                min = Math.min(min, values[column][i]);
            }
            return min;
        }

        double max(int column, int from, int to) {
            double max = -Double.MAX_VALUE;
            for (int i = from; i < to; i++) {
                max = Math.max(max, values[column][i]);
            }
            return max;
        }

        double deviation(int column, int from, int to) {
            double mean = mean(column, from, to);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += (values[column][i] - mean) * (values[column][i] - mean);
            }
            return Math.sqrt(sum / (to - from));
        }

        PointTable table(DataTypeSpec type, PointTable.ValueWriter writer) {
            start = Arrays.copyOf(start, size);
            end = Arrays.copyOf(end, size);
            startOffset = Arrays.copyOf(startOffset, size);
            endOffset = Arrays.copyOf(endOffset, size);
            return new PointTable(type, start, end, startOffset, endOffset, writer);
        }
    }
}
