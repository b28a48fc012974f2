package io.iomt.sdk.testkit.internal;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SleepSessionKind;
import io.iomt.sdk.SleepStage;
import io.iomt.sdk.testkit.FitabaseFormatException;
import io.iomt.sdk.testkit.FitabaseImportReport;
import io.iomt.sdk.testkit.FitabaseImportReport.SkipReason;
import io.iomt.sdk.testkit.FitabaseImportReport.SkippedRow;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Parses Fitabase CSV files into series; the rules are documented on
 * {@link io.iomt.sdk.testkit.FitabaseRecording}. One instance reads once; not thread-safe.
 */
public final class FitabaseReader {

    private static final long MINUTE_MILLIS = 60_000L;

    private final ZoneRules rules;
    private @Nullable String userId;
    private final @Nullable LocalDate firstDay;
    private final @Nullable LocalDate lastDay;
    private final long napThresholdMillis;

    private long rowsRead;
    private long rowsKept;
    private long rowsOfOtherUsers;
    private long rowsOutsideDays;
    private long dstGapsShifted;
    private long dstOverlapsResolved;
    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final List<SkippedRow> firstSkips = new ArrayList<>();

    /** Creates a reader with the selection rules of one import. */
    public FitabaseReader(ZoneId zone, @Nullable String userId, @Nullable LocalDate firstDay, @Nullable LocalDate lastDay,
            Duration napThreshold) {
        this.rules = zone.getRules();
        this.userId = userId;
        this.firstDay = firstDay;
        this.lastDay = lastDay;
        this.napThresholdMillis = napThreshold.toMillis();
    }

    /** Opens a fresh stream of one file. */
    @FunctionalInterface
    public interface Opener {
        /** Opens the stream; the reader closes it. */
        InputStream open() throws IOException;
    }

    /** A named file to read. */
    public record Source(String name, Opener opener) {
    }

    /** The series read and the report. */
    public record Result(List<Series> series, FitabaseImportReport report) {
    }

    /** Reads whichever of the three files are given. */
    public Result read(@Nullable Source heartRate, @Nullable Source steps, @Nullable Source sleep) {
        List<Series> series = new ArrayList<>();
        if (heartRate != null) {
            series.add(readSamples(heartRate, Metric.HEART_RATE, "Time", "Value", 20, 300, 0));
        }
        if (steps != null) {
            series.add(readSamples(steps, Metric.STEPS, "ActivityMinute", "Steps", 0, 1_000, MINUTE_MILLIS));
        }
        if (sleep != null) {
            series.addAll(readSleep(sleep));
        }
        FitabaseImportReport report = new FitabaseImportReport(rowsRead, rowsKept, rowsOfOtherUsers, rowsOutsideDays,
                skipped, firstSkips, dstGapsShifted, dstOverlapsResolved);
        return new Result(series, report);
    }

    private Series readSamples(Source source, Metric metric, String timeColumn, String valueColumn,
            double minimum, double maximum, long durationMillis) {
        Series.Builder builder = Series.builder(metric, 1 << 12);
        long previousMillis = Long.MIN_VALUE;
        try (BufferedReader reader = open(source)) {
            int[] columns = header(source, reader, "Id", timeColumn, valueColumn);
            String line;
            long lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                Row row = row(source, line, lineNumber, columns);
                if (row == null || !selected(row)) {
                    continue;
                }
                Double value = number(row.fields[columns[2]], minimum, maximum);
                if (value == null) {
                    skip(source, lineNumber, SkipReason.INVALID_VALUE);
                    continue;
                }
                Instant instant = instant(row.time);
                if (instant.epochMillis == previousMillis) {
                    skip(source, lineNumber, SkipReason.DUPLICATE_TIME);
                    continue;
                }
                previousMillis = instant.epochMillis;
                builder.add(instant.epochMillis, value, instant.offsetSeconds, durationMillis);
                countDst(instant);
            }
        } catch (IOException e) {
            throw new FitabaseFormatException("Failed to read Fitabase file " + source.name() + ": " + e.getMessage(), e);
        }
        int added = builder.size();
        Series series = builder.build();
        // Out-of-order duplicates are merged by the builder (the later row wins); count them too.
        for (int i = series.size(); i < added; i++) {
            skip(source, -1, SkipReason.DUPLICATE_TIME);
        }
        rowsKept += series.size();
        return series;
    }

    private List<Series> readSleep(Source source) {
        Map<String, List<Minute>> logs = new LinkedHashMap<>();
        try (BufferedReader reader = open(source)) {
            int[] columns = header(source, reader, "Id", "date", "value", "logId");
            String line;
            long lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                Row row = row(source, line, lineNumber, columns);
                if (row == null || !userSelected(row)) {
                    continue;
                }
                Double value = number(row.fields[columns[2]], 1, 3);
                String logId = row.fields[columns[3]].trim();
                if (value == null || value != Math.rint(value) || logId.isEmpty() || !logId.chars().allMatch(Character::isDigit)) {
                    skip(source, lineNumber, SkipReason.INVALID_VALUE);
                    continue;
                }
                logs.computeIfAbsent(logId, id -> new ArrayList<>()).add(new Minute(lineNumber, row.time, value.intValue()));
            }
        } catch (IOException e) {
            throw new FitabaseFormatException("Failed to read Fitabase file " + source.name() + ": " + e.getMessage(), e);
        }
        Series.Builder sessions = Series.builder(Metric.SLEEP_SESSION);
        Series.Builder stages = Series.builder(Metric.SLEEP_STAGE, 256);
        for (List<Minute> log : logs.values()) {
            addLog(source, log, sessions, stages);
        }
        return List.of(sessions.build(), stages.build());
    }

    private void addLog(Source source, List<Minute> log, Series.Builder sessions, Series.Builder stages) {
        log.sort((a, b) -> a.time.compareTo(b.time));
        LocalDate endDay = log.get(log.size() - 1).time.toLocalDate();
        if (!inDays(endDay)) {
            rowsOutsideDays += log.size();
            return;
        }
        List<Minute> unique = new ArrayList<>(log.size());
        List<Instant> instants = new ArrayList<>(log.size());
        for (Minute minute : log) {
            Instant instant = instant(minute.time);
            if (!instants.isEmpty() && instants.get(instants.size() - 1).epochMillis >= instant.epochMillis) {
                skip(source, minute.line, SkipReason.DUPLICATE_TIME);
                continue;
            }
            unique.add(minute);
            instants.add(instant);
            countDst(instant);
        }
        rowsKept += unique.size();

        Instant start = instants.get(0);
        long end = instants.get(instants.size() - 1).epochMillis + MINUTE_MILLIS;
        SleepSessionKind kind = end - start.epochMillis < napThresholdMillis ? SleepSessionKind.NAP_CLASSIC : SleepSessionKind.MAIN_CLASSIC;
        sessions.add(start.epochMillis, kind.code(), start.offsetSeconds, end - start.epochMillis);

        int runStart = 0;
        for (int i = 1; i <= unique.size(); i++) {
            boolean runEnds = i == unique.size()
                    || unique.get(i).value != unique.get(runStart).value
                    || instants.get(i).epochMillis != instants.get(i - 1).epochMillis + MINUTE_MILLIS;
            if (runEnds) {
                Instant runInstant = instants.get(runStart);
                long runEnd = instants.get(i - 1).epochMillis + MINUTE_MILLIS;
                stages.add(runInstant.epochMillis, stage(unique.get(runStart).value).code(), runInstant.offsetSeconds,
                        runEnd - runInstant.epochMillis);
                runStart = i;
            }
        }
    }

    private static SleepStage stage(int fitabaseValue) {
        switch (fitabaseValue) {
            case 1:
                return SleepStage.ASLEEP;
            case 2:
                return SleepStage.RESTLESS;
            default:
                return SleepStage.AWAKE;
        }
    }

    private BufferedReader open(Source source) {
        try {
            InputStream raw = new BufferedInputStream(source.opener().open(), 1 << 16);
            raw.mark(2);
            int first = raw.read();
            int second = raw.read();
            raw.reset();
            InputStream text = first == 0x1f && second == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            return new BufferedReader(new InputStreamReader(text, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new FitabaseFormatException("Failed to open Fitabase file " + source.name() + ": " + e.getMessage(), e);
        }
    }

    private static int[] header(Source source, BufferedReader reader, String... expected) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            throw new FitabaseFormatException("Fitabase file " + source.name() + " is empty; expected a header line "
                    + String.join(",", expected));
        }
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        List<String> names = Arrays.stream(line.split(",", -1)).map(name -> name.trim().toLowerCase(Locale.ROOT)).toList();
        int[] columns = new int[expected.length];
        for (int i = 0; i < expected.length; i++) {
            columns[i] = names.indexOf(expected[i].toLowerCase(Locale.ROOT));
            if (columns[i] < 0) {
                throw new FitabaseFormatException("Fitabase file " + source.name() + " has no column '" + expected[i]
                        + "' in its header; expected the columns " + String.join(",", expected));
            }
        }
        return columns;
    }

    private @Nullable Row row(Source source, String line, long lineNumber, int[] columns) {
        if (line.isBlank()) {
            return null;
        }
        rowsRead++;
        String[] fields = line.split(",", -1);
        int needed = Arrays.stream(columns).max().orElse(0) + 1;
        if (fields.length < needed) {
            skip(source, lineNumber, SkipReason.MALFORMED_ROW);
            return null;
        }
        LocalDateTime time = FitabaseTimes.parse(fields[columns[1]]);
        if (time == null) {
            skip(source, lineNumber, SkipReason.INVALID_TIME);
            return null;
        }
        return new Row(fields[columns[0]].trim(), fields, time);
    }

    private boolean selected(Row row) {
        if (!userSelected(row)) {
            return false;
        }
        if (!inDays(row.time.toLocalDate())) {
            rowsOutsideDays++;
            return false;
        }
        return true;
    }

    private boolean userSelected(Row row) {
        if (userId == null) {
            userId = row.user;
        }
        if (!userId.equals(row.user)) {
            rowsOfOtherUsers++;
            return false;
        }
        return true;
    }

    private boolean inDays(LocalDate day) {
        return (firstDay == null || !day.isBefore(firstDay)) && (lastDay == null || !day.isAfter(lastDay));
    }

    private static @Nullable Double number(String text, double minimum, double maximum) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) && value >= minimum && value <= maximum ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Instant instant(LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.size() == 1) {
            ZoneOffset offset = offsets.get(0);
            return new Instant(local.toEpochSecond(offset) * 1000L, offset.getTotalSeconds(), 0);
        }
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (offsets.isEmpty()) {
            // Gap: shift forward by the gap's length, which keeps the instant and uses the later offset.
            ZoneOffset before = transition.getOffsetBefore();
            ZoneOffset after = transition.getOffsetAfter();
            return new Instant(local.toEpochSecond(before) * 1000L, after.getTotalSeconds(), 1);
        }
        ZoneOffset earlier = transition.getOffsetBefore();
        return new Instant(local.toEpochSecond(earlier) * 1000L, earlier.getTotalSeconds(), 2);
    }

    private void countDst(Instant instant) {
        if (instant.dst == 1) {
            dstGapsShifted++;
        } else if (instant.dst == 2) {
            dstOverlapsResolved++;
        }
    }

    private void skip(Source source, long line, SkipReason reason) {
        skipped.merge(reason, 1L, Long::sum);
        if (firstSkips.size() < FitabaseImportReport.MAX_EXAMPLES && line > 0) {
            firstSkips.add(new SkippedRow(source.name(), line, reason));
        }
    }

    private record Row(String user, String[] fields, LocalDateTime time) {
    }

    private record Minute(long line, LocalDateTime time, int value) {
    }

    /** An instant with its offset; {@code dst} is 0 for a plain time, 1 for a gap, 2 for an overlap. */
    private record Instant(long epochMillis, int offsetSeconds, int dst) {
    }
}
