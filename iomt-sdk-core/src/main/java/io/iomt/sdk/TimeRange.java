package io.iomt.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A half-open time range {@code [start, end)}: it contains {@code start} and not {@code end}.
 * Immutable and thread-safe.
 *
 * @param start the first instant in the range
 * @param end the first instant after the range
 */
public record TimeRange(Instant start, Instant end) {

    /**
     * Creates a range.
     *
     * @throws IllegalArgumentException if {@code end} is before {@code start}
     */
    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("Invalid time range: end " + end + " is before start " + start);
        }
    }

    /** Returns the range {@code [start, end)}. */
    public static TimeRange of(Instant start, Instant end) {
        return new TimeRange(start, end);
    }

    /** Returns the range that starts at {@code start} and lasts {@code length}. */
    public static TimeRange starting(Instant start, Duration length) {
        return new TimeRange(start, start.plus(length));
    }

    /** Returns the start in epoch milliseconds. */
    public long startMillis() {
        return start.toEpochMilli();
    }

    /** Returns the end in epoch milliseconds. */
    public long endMillis() {
        return end.toEpochMilli();
    }

    /** Returns the length of the range. */
    public Duration duration() {
        return Duration.between(start, end);
    }

    /** Returns whether the range contains no instant. */
    public boolean isEmpty() {
        return start.equals(end);
    }

    /** Returns whether {@code instant} lies in {@code [start, end)}. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /** Returns whether the epoch-millisecond instant lies in {@code [start, end)}. */
    public boolean containsMillis(long epochMillis) {
        return epochMillis >= startMillis() && epochMillis < endMillis();
    }

    /** Returns whether the two ranges share at least one instant. */
    public boolean overlaps(TimeRange other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /**
     * Splits the range into consecutive pieces of {@code length}; the last piece may be shorter.
     *
     * @throws IllegalArgumentException if {@code length} is not positive
     */
    public List<TimeRange> split(Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("length must be positive, got " + length);
        }
        List<TimeRange> pieces = new ArrayList<>();
        Instant pieceStart = start;
        while (pieceStart.isBefore(end)) {
            Instant pieceEnd = pieceStart.plus(length);
            if (pieceEnd.isAfter(end)) {
                pieceEnd = end;
            }
            pieces.add(new TimeRange(pieceStart, pieceEnd));
            pieceStart = pieceEnd;
        }
        return pieces;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
