package io.iomt.sdk;

/**
 * Sleep stage codes stored as the value of {@link Metric#SLEEP_STAGE}. Stages logs use
 * {@code AWAKE, LIGHT, DEEP, REM}; classic logs use {@code AWAKE, RESTLESS, ASLEEP}.
 */
public enum SleepStage {
    AWAKE(0), LIGHT(1), DEEP(2), REM(3), ASLEEP(4), RESTLESS(5);

    private final int code;

    SleepStage(int code) {
        this.code = code;
    }

    /** Returns the stored code. */
    public int code() {
        return code;
    }

    /**
     * Returns the stage with the given code.
     *
     * @throws IllegalArgumentException if no stage has that code
     */
    public static SleepStage fromCode(int code) {
        for (SleepStage stage : values()) {
            if (stage.code == code) {
                return stage;
            }
        }
        throw new IllegalArgumentException("Unknown sleep stage code " + code + "; expected 0 to 5");
    }
}
