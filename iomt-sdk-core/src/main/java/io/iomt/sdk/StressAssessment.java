package io.iomt.sdk;

import java.util.List;
import java.util.Objects;

/**
 * The stress windows of one subject over a range, with the model version that produced them so
 * that a score can be traced to its formula. Immutable.
 *
 * @param subject the assessed subject
 * @param modelVersion the analyzer's {@linkplain StressAnalyzer#modelVersion() model version}
 * @param range the assessed range
 * @param windows the windows, in time order
 */
public record StressAssessment(SubjectId subject, String modelVersion, TimeRange range, List<StressWindow> windows) {

    /** Creates an assessment; {@code windows} is copied. */
    public StressAssessment {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(range, "range");
        windows = List.copyOf(Objects.requireNonNull(windows, "windows"));
    }

    /** Returns the scored windows only. */
    public List<StressWindow> scoredWindows() {
        return windows.stream().filter(StressWindow::isScored).toList();
    }

    @Override
    public String toString() {
        return "StressAssessment[subject=" + subject + ", model=" + modelVersion + ", range=" + range
                + ", windows=" + windows.size() + "]";
    }
}
