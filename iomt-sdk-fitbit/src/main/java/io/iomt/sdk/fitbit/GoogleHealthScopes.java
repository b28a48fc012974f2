package io.iomt.sdk.fitbit;

import java.util.Set;

/**
 * The read-only OAuth scopes of the Google Health API that this module uses. Every scope is
 * classified as restricted by Google, so a production app needs OAuth verification. Constants
 * only; thread-safe.
 */
public final class GoogleHealthScopes {

    private static final String PREFIX = "https://www.googleapis.com/auth/googlehealth.";

    /** Steps, activity level, sedentary periods and other activity data. */
    public static final String ACTIVITY_AND_FITNESS = PREFIX + "activity_and_fitness.readonly";

    /** Heart rate, HRV, resting heart rate, SpO2 and respiratory rate. */
    public static final String HEALTH_METRICS_AND_MEASUREMENTS = PREFIX + "health_metrics_and_measurements.readonly";

    /** Sleep sessions. */
    public static final String SLEEP = PREFIX + "sleep.readonly";

    /** The user's profile ({@code users/me/profile}). */
    public static final String PROFILE = PREFIX + "profile.readonly";

    /** The user's settings such as time zone and units ({@code users/me/settings}). */
    public static final String SETTINGS = PREFIX + "settings.readonly";

    /** The five scopes above: what the stress-monitoring pipeline needs. */
    public static final Set<String> DEFAULT = Set.of(ACTIVITY_AND_FITNESS, HEALTH_METRICS_AND_MEASUREMENTS, SLEEP,
            PROFILE, SETTINGS);

    private GoogleHealthScopes() {
    }

    /** Returns the read scope that covers {@code dataType}. */
    public static String scopeFor(GoogleHealthDataType dataType) {
        return switch (dataType) {
            case STEPS, ACTIVITY_LEVEL, SEDENTARY_PERIOD -> ACTIVITY_AND_FITNESS;
            case SLEEP -> SLEEP;
            default -> HEALTH_METRICS_AND_MEASUREMENTS;
        };
    }
}
