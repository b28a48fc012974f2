package io.iomt.sdk.testkit.internal;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A Google Health data type the simulator serves: its three names, its time shape and its page sizes. */
enum DataTypeSpec {
    HEART_RATE("heart-rate", "heartRate", Shape.SAMPLE, false, Scope.HEALTH_METRICS),
    HEART_RATE_VARIABILITY("heart-rate-variability", "heartRateVariability", Shape.SAMPLE, true, Scope.HEALTH_METRICS),
    DAILY_HEART_RATE_VARIABILITY("daily-heart-rate-variability", "dailyHeartRateVariability", Shape.DAILY, true, Scope.HEALTH_METRICS),
    DAILY_RESTING_HEART_RATE("daily-resting-heart-rate", "dailyRestingHeartRate", Shape.DAILY, true, Scope.HEALTH_METRICS),
    STEPS("steps", "steps", Shape.INTERVAL, false, Scope.ACTIVITY),
    SLEEP("sleep", "sleep", Shape.SESSION, false, Scope.SLEEP),
    OXYGEN_SATURATION("oxygen-saturation", "oxygenSaturation", Shape.SAMPLE, true, Scope.HEALTH_METRICS),
    DAILY_OXYGEN_SATURATION("daily-oxygen-saturation", "dailyOxygenSaturation", Shape.DAILY, true, Scope.HEALTH_METRICS),
    DAILY_RESPIRATORY_RATE("daily-respiratory-rate", "dailyRespiratoryRate", Shape.DAILY, true, Scope.HEALTH_METRICS),
    RESPIRATORY_RATE_SLEEP_SUMMARY("respiratory-rate-sleep-summary", "respiratoryRateSleepSummary", Shape.SAMPLE, true,
            Scope.HEALTH_METRICS),
    ACTIVITY_LEVEL("activity-level", "activityLevel", Shape.INTERVAL, true, Scope.ACTIVITY),
    SEDENTARY_PERIOD("sedentary-period", "sedentaryPeriod", Shape.INTERVAL, true, Scope.ACTIVITY);

    /** Data types of the real API that the simulator does not model; listing them returns no points. */
    static final Set<String> KNOWN_UNSERVED = Set.of("active-minutes", "active-zone-minutes", "altitude", "blood-glucose",
            "body-fat", "calories-in-heart-rate-zone", "daily-heart-rate-zones", "daily-sleep-temperature-derivations", "distance",
            "exercise", "floors", "height", "hydration-log", "nutrition-log", "run-vo2-max", "time-in-heart-rate-zone", "weight");

    /** How a type's points sit in time, which decides its filter fields. */
    enum Shape { SAMPLE, INTERVAL, SESSION, DAILY }

    /** The read scope (after {@code https://www.googleapis.com/auth/googlehealth.}) that covers a type. */
    enum Scope {
        HEALTH_METRICS("health_metrics_and_measurements"), ACTIVITY("activity_and_fitness"), SLEEP("sleep");

        final String name;

        Scope(String name) {
            this.name = name;
        }
    }

    final String id;
    final String filterPrefix;
    final String jsonField;
    final Shape shape;
    final boolean synthetic;
    final Scope scope;

    DataTypeSpec(String id, String jsonField, Shape shape, boolean synthetic, Scope scope) {
        this.id = id;
        this.filterPrefix = id.replace('-', '_');
        this.jsonField = jsonField;
        this.shape = shape;
        this.synthetic = synthetic;
        this.scope = scope;
    }

    int defaultPageSize() {
        return shape == Shape.SESSION ? 25 : 1440;
    }

    int maxPageSize() {
        return shape == Shape.SESSION ? 25 : 10_000;
    }

    /** Returns whether the space-separated scopes include a scope that reads this type. */
    boolean coveredBy(String scopes) {
        String base = "https://www.googleapis.com/auth/googlehealth." + scope.name;
        for (String one : scopes.split(" ")) {
            if (one.equals(base + ".readonly") || one.equals(base)) {
                return true;
            }
        }
        return false;
    }

    static @Nullable DataTypeSpec byId(String id) {
        for (DataTypeSpec type : values()) {
            if (type.id.equals(id)) {
                return type;
            }
        }
        return null;
    }
}
