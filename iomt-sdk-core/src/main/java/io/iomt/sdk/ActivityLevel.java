package io.iomt.sdk;

/** Activity level codes stored as the value of {@link Metric#ACTIVITY_LEVEL}. */
public enum ActivityLevel {
    SEDENTARY(0), LIGHTLY_ACTIVE(1), MODERATELY_ACTIVE(2), VERY_ACTIVE(3);

    private final int code;

    ActivityLevel(int code) {
        this.code = code;
    }

    /** Returns the stored code. */
    public int code() {
        return code;
    }

    /**
     * Returns the level with the given code.
     *
     * @throws IllegalArgumentException if no level has that code
     */
    public static ActivityLevel fromCode(int code) {
        for (ActivityLevel level : values()) {
            if (level.code == code) {
                return level;
            }
        }
        throw new IllegalArgumentException("Unknown activity level code " + code + "; expected 0 to 3");
    }
}
