package io.iomt.sdk.testkit.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import org.jspecify.annotations.Nullable;

/** Parses Fitabase's {@code M/d/yyyy h:mm:ss AM} local times without a formatter, for speed. Thread-safe. */
public final class FitabaseTimes {

    private FitabaseTimes() {
    }

    /** Returns the local time, or {@code null} if {@code text} is not a valid Fitabase time. */
    public static @Nullable LocalDateTime parse(String text) {
        String s = text.trim();
        int[] position = {0};
        int month = number(s, position, '/');
        int day = number(s, position, '/');
        int year = number(s, position, ' ');
        int hour = number(s, position, ':');
        int minute = number(s, position, ':');
        int second = number(s, position, ' ');
        if (month < 0 || day < 0 || year < 0 || hour < 1 || hour > 12 || minute < 0 || second < 0) {
            return null;
        }
        String marker = s.substring(position[0]).trim();
        boolean pm;
        if (marker.equalsIgnoreCase("AM")) {
            pm = false;
        } else if (marker.equalsIgnoreCase("PM")) {
            pm = true;
        } else {
            return null;
        }
        int hour24 = hour % 12 + (pm ? 12 : 0);
        try {
            return LocalDateTime.of(year, month, day, hour24, minute, second);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Reads digits up to {@code end} (or the end of text when {@code end} is a space and none follows); -1 if invalid. */
    private static int number(String s, int[] position, char end) {
        int i = position[0];
        int value = 0;
        int digits = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            value = value * 10 + (s.charAt(i) - '0');
            digits++;
            i++;
            if (digits > 4) {
                return -1;
            }
        }
        if (digits == 0 || i >= s.length() || s.charAt(i) != end) {
            return -1;
        }
        if (end == ' ') {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            position[0] = i;
        } else {
            position[0] = i + 1;
        }
        return value;
    }
}
