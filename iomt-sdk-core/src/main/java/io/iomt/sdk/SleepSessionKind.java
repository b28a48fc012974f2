package io.iomt.sdk;

/** Kinds of sleep log stored as the value of {@link Metric#SLEEP_SESSION}. */
public enum SleepSessionKind {
    /** A main sleep with stages (awake, light, deep, REM). */
    MAIN_STAGES(0),
    /** A main sleep with classic stages (awake, restless, asleep). */
    MAIN_CLASSIC(1),
    /** A nap with stages. */
    NAP_STAGES(2),
    /** A nap with classic stages, the usual form of short sleeps. */
    NAP_CLASSIC(3);

    private final int code;

    SleepSessionKind(int code) {
        this.code = code;
    }

    /** Returns the stored code. */
    public int code() {
        return code;
    }

    /** Returns whether this kind is a nap. */
    public boolean isNap() {
        return this == NAP_STAGES || this == NAP_CLASSIC;
    }

    /**
     * Returns the kind with the given code.
     *
     * @throws IllegalArgumentException if no kind has that code
     */
    public static SleepSessionKind fromCode(int code) {
        for (SleepSessionKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown sleep session code " + code + "; expected 0 to 3");
    }
}
