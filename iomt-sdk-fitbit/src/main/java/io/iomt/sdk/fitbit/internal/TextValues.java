package io.iomt.sdk.fitbit.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Allocation-free readers for the scalar forms the Google Health API uses: RFC 3339 timestamps,
 * int64 values sent as strings, and duration strings such as {@code "3600s"}. Each reads a
 * slice of a character buffer, as handed out by Jackson's {@code getTextCharacters()}.
 *
 * <p>Every method throws {@link NumberFormatException} on text it cannot read; the caller maps
 * that to a typed error naming the field.
 */
public final class TextValues {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private TextValues() {
    }

    /**
     * Parses an RFC 3339 timestamp such as {@code 2026-12-01T07:15:10Z} or
     * {@code 2026-12-01T08:15:10.250+01:00} into epoch milliseconds. Fractions beyond milliseconds
     * are truncated. The common forms are read without allocating; other valid forms fall back to
     * {@link OffsetDateTime}.
     */
    public static long parseTimestampMillis(char[] text, int offset, int length) {
        if (length < 20 || text[offset + 4] != '-' || text[offset + 7] != '-' || (text[offset + 10] != 'T'
                && text[offset + 10] != 't') || text[offset + 13] != ':' || text[offset + 16] != ':') {
            return parseSlow(text, offset, length);
        }
        int year = digits(text, offset, 4);
        int month = digits(text, offset + 5, 2);
        int day = digits(text, offset + 8, 2);
        int hour = digits(text, offset + 11, 2);
        int minute = digits(text, offset + 14, 2);
        int second = digits(text, offset + 17, 2);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
            throw new NumberFormatException("timestamp field out of range");
        }

        int position = offset + 19;
        int end = offset + length;
        int millis = 0;
        if (text[position] == '.') {
            position++;
            int scale = 100;
            int fractionStart = position;
            while (position < end && isDigit(text[position])) {
                millis += scale * (text[position] - '0');
                scale /= 10;
                position++;
            }
            if (position == fractionStart) {
                throw new NumberFormatException("empty fraction in timestamp");
            }
        }
        if (position >= end) {
            throw new NumberFormatException("timestamp without zone");
        }

        int offsetSeconds = zoneOffsetSeconds(text, position, end);
        long epochDay = epochDay(year, month, day);
        return epochDay * MILLIS_PER_DAY + ((hour * 60L + minute) * 60L + Math.min(second, 59) - offsetSeconds) * 1000L
                + millis;
    }

    private static int zoneOffsetSeconds(char[] text, int position, int end) {
        char sign = text[position];
        if (sign == 'Z' || sign == 'z') {
            if (position + 1 != end) {
                throw new NumberFormatException("text after zone");
            }
            return 0;
        }
        if ((sign != '+' && sign != '-') || end - position != 6 || text[position + 3] != ':') {
            throw new NumberFormatException("invalid zone offset");
        }
        int seconds = digits(text, position + 1, 2) * 3600 + digits(text, position + 4, 2) * 60;
        return sign == '-' ? -seconds : seconds;
    }

    private static long parseSlow(char[] text, int offset, int length) {
        try {
            return OffsetDateTime.parse(new String(text, offset, length)).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new NumberFormatException("invalid RFC 3339 timestamp");
        }
    }

    /**
     * Parses a decimal integer, optionally signed, such as an int64 sent as a JSON string.
     */
    public static long parseLong(char[] text, int offset, int length) {
        if (length == 0) {
            throw new NumberFormatException("empty number");
        }
        int position = offset;
        int end = offset + length;
        boolean negative = text[position] == '-';
        if (negative || text[position] == '+') {
            position++;
        }
        if (position == end || end - position > 18) {
            return slowLong(text, offset, length);
        }
        long value = 0;
        for (; position < end; position++) {
            char c = text[position];
            if (!isDigit(c)) {
                throw new NumberFormatException("not a decimal integer");
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    private static long slowLong(char[] text, int offset, int length) {
        return Long.parseLong(new String(text, offset, length));
    }

    /**
     * Parses a protobuf JSON duration such as {@code "3600s"}, {@code "-18000s"} or
     * {@code "3.5s"} into whole seconds; a fraction is truncated toward zero.
     */
    public static long parseDurationSeconds(char[] text, int offset, int length) {
        if (length < 2 || text[offset + length - 1] != 's') {
            throw new NumberFormatException("duration without 's' suffix");
        }
        int end = offset + length - 1;
        int dot = end;
        for (int i = offset; i < end; i++) {
            if (text[i] == '.') {
                dot = i;
                break;
            }
        }
        for (int i = dot + 1; i < end; i++) {
            if (!isDigit(text[i])) {
                throw new NumberFormatException("invalid duration fraction");
            }
        }
        return parseLong(text, offset, dot - offset);
    }

    /** Returns the day number since 1970-01-01 of a proleptic Gregorian date. */
    public static long epochDay(int year, int month, int day) {
        // Days-from-civil: shift the year to start in March so the leap day is last.
        long y = month <= 2 ? year - 1L : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** Returns the epoch milliseconds of a civil date's midnight in UTC. */
    public static long utcMidnightMillis(int year, int month, int day) {
        return epochDay(year, month, day) * MILLIS_PER_DAY;
    }

    private static int digits(char[] text, int offset, int count) {
        int value = 0;
        for (int i = offset; i < offset + count; i++) {
            char c = text[i];
            if (!isDigit(c)) {
                throw new NumberFormatException("expected a digit");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
