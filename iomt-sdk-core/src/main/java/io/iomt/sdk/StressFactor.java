package io.iomt.sdk;

import java.util.Objects;

/**
 * One input that contributed to a stress score, with its value, so a clinician can audit the
 * score. {@link #toString()} shows the name only, never the value. Immutable.
 *
 * @param name a stable identifier, such as {@code heart_rate_above_resting}
 * @param value the input's value in {@code unit}
 * @param unit the value's unit, such as {@code bpm} or {@code ms}
 * @param contribution the points of the 0-100 score this factor added
 */
public record StressFactor(String name, double value, String unit, double contribution) {

    /** Creates a factor. */
    public StressFactor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    @Override
    public String toString() {
        return "StressFactor[" + name + "]";
    }
}
