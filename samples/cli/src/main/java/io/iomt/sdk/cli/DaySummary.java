package io.iomt.sdk.cli;

import java.time.LocalDate;
import java.util.Locale;
import java.util.OptionalDouble;

/** One local day of the demo's output. Immutable. */
record DaySummary(LocalDate date, int heartRateSamples, long steps, OptionalDouble restingHeartRate,
        OptionalDouble meanStress, OptionalDouble maxStress) {

    String restingText() {
        return format(restingHeartRate);
    }

    String meanStressText() {
        return format(meanStress);
    }

    String maxStressText() {
        return format(maxStress);
    }

    private static String format(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f", value.getAsDouble()) : "n/a";
    }
}
