package io.iomt.sdk.fitbit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads an HTTP {@code Retry-After} header: delay seconds or an HTTP date (RFC 9110). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * Returns the wait the header requests, measured from {@code clock}'s now for a date; zero for
     * a date in the past; {@code null} for a missing or unreadable header.
     */
    public static @Nullable Duration parse(@Nullable String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            if (value.length() > 9) {
                return null;
            }
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), date.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
