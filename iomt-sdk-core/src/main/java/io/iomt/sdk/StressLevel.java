package io.iomt.sdk;

/** Coarse stress level of a scored window, derived from the 0-100 score by the analyzer. */
public enum StressLevel {
    /** The window could not be scored (too little data, too low quality, or physical activity). */
    NOT_SCORABLE,
    /** Score below 25. */
    LOW,
    /** Score from 25 to below 50. */
    MODERATE,
    /** Score from 50 to below 75. */
    HIGH,
    /** Score of 75 or more. */
    VERY_HIGH;

    /**
     * Returns the level for a score using the default cut points 25, 50 and 75.
     *
     * @throws IllegalArgumentException if the score is not in [0, 100]
     */
    public static StressLevel ofScore(double score) {
        if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("A stress score must lie in [0, 100]");
        }
        if (score < 25) {
            return LOW;
        }
        if (score < 50) {
            return MODERATE;
        }
        return score < 75 ? HIGH : VERY_HIGH;
    }
}
