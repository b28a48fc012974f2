package io.iomt.sdk.fitbit.internal.webhook;

import io.iomt.sdk.Metric;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps Google Health API data type names (kebab case, as in notifications) to the SDK metrics
 * that a sync of that data type writes. Stateless and thread-safe.
 */
public final class DataTypeMetrics {

    // NOTE: keep in step with the data types the Google Health client syncs.
    private static final Map<String, Set<Metric>> METRICS = Map.ofEntries(
            Map.entry("heart-rate", EnumSet.of(Metric.HEART_RATE)),
            Map.entry("heart-rate-variability",
                    EnumSet.of(Metric.HRV_RMSSD, Metric.HRV_SDNN, Metric.HRV_LF_POWER, Metric.HRV_HF_POWER)),
            Map.entry("daily-heart-rate-variability", EnumSet.of(Metric.DAILY_HRV_RMSSD,
                    Metric.DAILY_DEEP_SLEEP_RMSSD, Metric.DAILY_NON_REM_HEART_RATE, Metric.DAILY_HRV_ENTROPY)),
            Map.entry("daily-resting-heart-rate", EnumSet.of(Metric.RESTING_HEART_RATE)),
            Map.entry("steps", EnumSet.of(Metric.STEPS)),
            Map.entry("sleep", EnumSet.of(Metric.SLEEP_STAGE, Metric.SLEEP_SESSION)),
            Map.entry("oxygen-saturation", EnumSet.of(Metric.OXYGEN_SATURATION)),
            Map.entry("daily-oxygen-saturation", EnumSet.of(Metric.DAILY_OXYGEN_SATURATION)),
            Map.entry("respiratory-rate-sleep-summary", EnumSet.of(Metric.RESPIRATORY_RATE)),
            Map.entry("daily-respiratory-rate", EnumSet.of(Metric.DAILY_RESPIRATORY_RATE)),
            Map.entry("activity-level", EnumSet.of(Metric.ACTIVITY_LEVEL)),
            Map.entry("sedentary-period", EnumSet.of(Metric.SEDENTARY_PERIOD)));

    private DataTypeMetrics() {
    }

    /** Returns the metrics of a data type, or an empty set for a type the SDK does not store. */
    public static Set<Metric> metricsFor(String dataType) {
        Set<Metric> metrics = METRICS.get(dataType);
        return metrics == null ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(metrics));
    }
}
