package io.iomt.sdk;

import java.time.Duration;
import java.util.Set;

/**
 * Scores stress per time window from stored wearable data.
 *
 * <p>Implementations publish their formula in their Javadoc and return a
 * {@linkplain #modelVersion() model version} that changes whenever the formula does, so a
 * hospital can audit any stored score. Implementations are immutable and thread-safe.
 */
public interface StressAnalyzer {

    /** Returns the version of the scoring formula, such as {@code resting-hr-1}. */
    String modelVersion();

    /** Returns the metrics the analyzer reads; the pipeline loads only these. */
    Set<Metric> inputs();

    /**
     * Returns how much history before the assessed range the analyzer needs for its personal
     * baselines; the pipeline loads the inputs from {@code range.start() - baselineHistory()}.
     */
    Duration baselineHistory();

    /**
     * Scores every window of {@code window} length in {@code range}; the last window may be
     * shorter and is scored like the others.
     *
     * @param input the stored series, covering the baseline history and the range
     * @throws IllegalArgumentException if {@code window} is not positive
     */
    StressAssessment assess(SubjectId subject, TimeRange range, Duration window, AnalyzerInput input);
}
