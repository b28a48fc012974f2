package io.iomt.sdk;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A subject's stress crossed the alert threshold of a {@link StressAlertMonitor}: either an alert
 * was {@linkplain Type#RAISED raised} or it was {@linkplain Type#CLEARED cleared}. The event
 * carries the window that completed the crossing with its score and factors, so a clinician can
 * see why. {@link #toString()} shows the subject, the times and the type, never the score or a
 * factor's value. Immutable.
 *
 * @param type whether the alert was raised or cleared
 * @param subject the subject
 * @param modelVersion the analyzer's model version that produced the scores
 * @param window the scored window that completed the crossing
 * @param since the start of the first window of the run of windows that led to the crossing
 * @param score the window's score, from 0 to 100
 * @param level the window's level
 * @param factors the window's factors
 */
public record StressAlertEvent(Type type, SubjectId subject, String modelVersion, TimeRange window, Instant since,
        double score, StressLevel level, List<StressFactor> factors) {

    /** Whether an alert starts or ends. */
    public enum Type {
        /** The score stayed at or above the enter threshold long enough. */
        RAISED,
        /** The score stayed below the leave threshold long enough. */
        CLEARED
    }

    /** Creates an event; {@code factors} is copied. */
    public StressAlertEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(level, "level");
        factors = List.copyOf(Objects.requireNonNull(factors, "factors"));
    }

    @Override
    public String toString() {
        return "StressAlertEvent[" + type + ", subject=" + subject + ", model=" + modelVersion + ", window=" + window
                + ", since=" + since + ", factors=" + factors.size() + "]";
    }
}
