package io.iomt.sdk.fitbit.internal;

import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.GoogleHealthDataType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Builds the AIP-160 {@code filter} of a {@code dataPoints.list} request for a half-open range.
 *
 * <p>Sample types filter on {@code sample_time.physical_time}, interval types on
 * {@code interval.start_time}, sleep on {@code interval.end_time} (the API rejects start-time
 * filters for sleep), and daily types on the civil {@code date} (the API rejects start-time
 * filters for them too). Only {@code >=} and {@code <} joined by {@code AND} are used.
 */
public final class Filters {

    private Filters() {
    }

    /**
     * Returns the filter selecting {@code range}, or {@code null} if the range selects nothing
     * (an empty range, or a daily range containing no UTC midnight).
     */
    public static @Nullable String forRange(GoogleHealthDataType type, TimeRange range) {
        if (range.isEmpty()) {
            return null;
        }
        String prefix = type.filterPrefix();
        return switch (type.shape()) {
            case SAMPLE -> between(prefix + ".sample_time.physical_time", timestamp(range.start()),
                    timestamp(range.end()));
            case INTERVAL -> between(prefix + ".interval.start_time", timestamp(range.start()), timestamp(range.end()));
            case SESSION -> between(prefix + ".interval.end_time", timestamp(range.start()), timestamp(range.end()));
            case DAILY -> dailyFilter(prefix, range);
        };
    }

    /**
     * Returns the date filter of the civil dates whose UTC midnight lies in {@code range}, the
     * same dates at which daily points are stored.
     */
    private static @Nullable String dailyFilter(String prefix, TimeRange range) {
        LocalDate first = firstMidnightAtOrAfter(range.start());
        LocalDate end = firstMidnightAtOrAfter(range.end());
        if (!first.isBefore(end)) {
            return null;
        }
        return between(prefix + ".date", first.toString(), end.toString());
    }

    private static LocalDate firstMidnightAtOrAfter(Instant instant) {
        LocalDate date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().equals(instant) ? date : date.plusDays(1);
    }

    private static String between(String field, String from, String to) {
        return field + " >= \"" + from + "\" AND " + field + " < \"" + to + "\"";
    }

    private static String timestamp(Instant instant) {
        return instant.toString();
    }
}
