package io.iomt.sdk.testkit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of reading Fitabase CSV files: how many rows were read, kept, filtered out and
 * skipped, and why. Rows are never half-imported: a row that fails any check is skipped whole and
 * counted under one {@link SkipReason}.
 *
 * <p>The report names files and line numbers, never a row's values, so it can be logged. Immutable
 * and thread-safe.
 *
 * @param rowsRead data rows read, headers and blank lines excluded
 * @param rowsKept rows that became points (or minutes of a sleep log)
 * @param rowsOfOtherUsers well-formed rows of a Fitabase user other than the one selected
 * @param rowsOutsideDays well-formed rows of the user outside the selected local days
 * @param skipped skipped rows per reason; reasons with no row are absent
 * @param firstSkips the first skipped rows (at most {@link #MAX_EXAMPLES}), in reading order
 * @param dstGapsShifted kept rows whose local time fell in a daylight-saving gap and was shifted forward
 * @param dstOverlapsResolved kept rows whose local time fell in a daylight-saving overlap and got the earlier offset
 */
public record FitabaseImportReport(
        long rowsRead,
        long rowsKept,
        long rowsOfOtherUsers,
        long rowsOutsideDays,
        Map<SkipReason, Long> skipped,
        List<SkippedRow> firstSkips,
        long dstGapsShifted,
        long dstOverlapsResolved) {

    /** The largest number of skipped rows listed in {@link #firstSkips()}. */
    public static final int MAX_EXAMPLES = 20;

    /** Creates a report; the map and list are copied. */
    public FitabaseImportReport {
        Objects.requireNonNull(skipped, "skipped");
        Objects.requireNonNull(firstSkips, "firstSkips");
        skipped = skipped.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(skipped));
        firstSkips = List.copyOf(firstSkips);
    }

    /** Returns the number of skipped rows over all reasons. */
    public long skippedTotal() {
        long total = 0;
        for (long count : skipped.values()) {
            total += count;
        }
        return total;
    }

    /** Returns the number of rows skipped for {@code reason}. */
    public long skipped(SkipReason reason) {
        return skipped.getOrDefault(Objects.requireNonNull(reason, "reason"), 0L);
    }

    /** The reason a row was skipped. */
    public enum SkipReason {
        /** The row has fewer columns than the header names. */
        MALFORMED_ROW,
        /** The time column is not a valid {@code M/d/yyyy h:mm:ss AM} time. */
        INVALID_TIME,
        /**
         * The value column is not a number in the metric's range: heart rate 20 to 300 bpm, steps
         * 0 to 1,000 per minute, sleep value 1, 2 or 3, and a numeric sleep log id.
         */
        INVALID_VALUE,
        /** An earlier row of the same series (or the same sleep log) has the same instant; the later row is dropped. */
        DUPLICATE_TIME
    }

    /**
     * One skipped row, without its values.
     *
     * @param file the file name given to the reader
     * @param line the 1-based line number, the header being line 1
     * @param reason why the row was skipped
     */
    public record SkippedRow(String file, long line, SkipReason reason) {

        /** Creates a skipped-row entry. */
        public SkippedRow {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
