package io.iomt.sdk;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The stress assessment of one time window. A window is either scored (score 0-100, a level, a
 * confidence and the factors) or not scorable with a reason. {@link #toString()} shows the
 * window and whether it was scored, never the score. Immutable.
 *
 * @param window the assessed time range
 * @param score the score from 0 (no sign of stress) to 100, or {@code NaN} when not scorable
 * @param level the level of the score, {@link StressLevel#NOT_SCORABLE} when not scorable
 * @param confidence from 0 to 1, from data coverage and quality in the window
 * @param factors the inputs that produced the score
 * @param notScorableReason why the window was not scored, or {@code null} when scored
 */
public record StressWindow(TimeRange window, double score, StressLevel level, double confidence,
        List<StressFactor> factors, @Nullable String notScorableReason) {

    /** Creates a window; {@code factors} is copied. */
    public StressWindow {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(level, "level");
        factors = List.copyOf(Objects.requireNonNull(factors, "factors"));
        if (level == StressLevel.NOT_SCORABLE) {
            if (notScorableReason == null) {
                throw new IllegalArgumentException("A window that is not scorable needs a reason");
            }
        } else if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("A scored window needs a score in [0, 100]");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must lie in [0, 1]");
        }
    }

    /** Returns a scored window. */
    public static StressWindow scored(TimeRange window, double score, StressLevel level, double confidence,
            List<StressFactor> factors) {
        return new StressWindow(window, score, level, confidence, factors, null);
    }

    /** Returns a window that could not be scored, with the reason. */
    public static StressWindow notScorable(TimeRange window, String reason, double confidence) {
        return new StressWindow(window, Double.NaN, StressLevel.NOT_SCORABLE, confidence, List.of(), reason);
    }

    /** Returns whether the window has a score. */
    public boolean isScored() {
        return level != StressLevel.NOT_SCORABLE;
    }

    /** Returns the reason the window was not scored, if it was not. */
    public Optional<String> reason() {
        return Optional.ofNullable(notScorableReason);
    }

    @Override
    public String toString() {
        return "StressWindow[" + window + (isScored() ? ", scored" : ", not scorable") + "]";
    }
}
