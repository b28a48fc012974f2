package io.iomt.sdk.fitbit;

import io.iomt.sdk.Metric;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Google Health API v4 data type that this module reads, with its three spellings (kebab-case
 * path id, snake-case filter prefix, camel-case JSON field), its record shape and the SDK
 * {@link Metric}s it feeds.
 *
 * <p>One data type can feed several metrics: a {@code heart-rate-variability} point carries RMSSD,
 * SDNN and LF/HF power. Immutable and thread-safe.
 */
public enum GoogleHealthDataType {
    /** {@code heart-rate}: a sample per reading, int64 beats per minute. */
    HEART_RATE("heart-rate", "heart_rate", "heartRate", RecordShape.SAMPLE, 10_000, Metric.HEART_RATE),
    /** {@code heart-rate-variability}: a sample per measurement window during sleep. */
    HEART_RATE_VARIABILITY("heart-rate-variability", "heart_rate_variability", "heartRateVariability",
            RecordShape.SAMPLE, 10_000, Metric.HRV_RMSSD, Metric.HRV_SDNN, Metric.HRV_LF_POWER, Metric.HRV_HF_POWER),
    /** {@code daily-heart-rate-variability}: one point per civil day. */
    DAILY_HEART_RATE_VARIABILITY("daily-heart-rate-variability", "daily_heart_rate_variability",
            "dailyHeartRateVariability", RecordShape.DAILY, 10_000, Metric.DAILY_HRV_RMSSD,
            Metric.DAILY_DEEP_SLEEP_RMSSD, Metric.DAILY_NON_REM_HEART_RATE, Metric.DAILY_HRV_ENTROPY),
    /** {@code daily-resting-heart-rate}: one point per civil day. */
    DAILY_RESTING_HEART_RATE("daily-resting-heart-rate", "daily_resting_heart_rate", "dailyRestingHeartRate",
            RecordShape.DAILY, 10_000, Metric.RESTING_HEART_RATE),
    /** {@code steps}: an int64 count per interval (one minute on Fitbit devices). */
    STEPS("steps", "steps", "steps", RecordShape.INTERVAL, 10_000, Metric.STEPS),
    /** {@code sleep}: a session with stages; at most 25 per page. */
    SLEEP("sleep", "sleep", "sleep", RecordShape.SESSION, 25, Metric.SLEEP_SESSION, Metric.SLEEP_STAGE),
    /** {@code oxygen-saturation}: a sampled SpO2 percentage. */
    OXYGEN_SATURATION("oxygen-saturation", "oxygen_saturation", "oxygenSaturation", RecordShape.SAMPLE, 10_000,
            Metric.OXYGEN_SATURATION),
    /** {@code daily-oxygen-saturation}: a night's average SpO2 per civil day. */
    DAILY_OXYGEN_SATURATION("daily-oxygen-saturation", "daily_oxygen_saturation", "dailyOxygenSaturation",
            RecordShape.DAILY, 10_000, Metric.DAILY_OXYGEN_SATURATION),
    /** {@code daily-respiratory-rate}: the main sleep's breathing rate per civil day. */
    DAILY_RESPIRATORY_RATE("daily-respiratory-rate", "daily_respiratory_rate", "dailyRespiratoryRate",
            RecordShape.DAILY, 10_000, Metric.DAILY_RESPIRATORY_RATE),
    /** {@code respiratory-rate-sleep-summary}: a sample per sleep with the full-sleep breathing rate. */
    RESPIRATORY_RATE_SLEEP_SUMMARY("respiratory-rate-sleep-summary", "respiratory_rate_sleep_summary",
            "respiratoryRateSleepSummary", RecordShape.SAMPLE, 10_000, Metric.RESPIRATORY_RATE),
    /** {@code activity-level}: an activity level per interval. */
    ACTIVITY_LEVEL("activity-level", "activity_level", "activityLevel", RecordShape.INTERVAL, 10_000,
            Metric.ACTIVITY_LEVEL),
    /** {@code sedentary-period}: an interval during which the wearer was still. */
    SEDENTARY_PERIOD("sedentary-period", "sedentary_period", "sedentaryPeriod", RecordShape.INTERVAL, 10_000,
            Metric.SEDENTARY_PERIOD);

    /** How a data type's points are placed in time, which decides the filter field. */
    public enum RecordShape {
        /** A point at an instant ({@code sampleTime}); filtered on {@code sample_time.physical_time}. */
        SAMPLE,
        /** A point over an interval; filtered on {@code interval.start_time}. */
        INTERVAL,
        /** A session such as sleep; filtered on {@code interval.end_time}, because start-time filters are rejected. */
        SESSION,
        /** A point per civil day; filtered on {@code date}, because start-time filters are rejected. */
        DAILY
    }

    private final String pathId;
    private final String filterPrefix;
    private final String jsonField;
    private final RecordShape shape;
    private final int maxPageSize;
    private final List<Metric> metrics;

    GoogleHealthDataType(String pathId, String filterPrefix, String jsonField, RecordShape shape, int maxPageSize,
            Metric... metrics) {
        this.pathId = pathId;
        this.filterPrefix = filterPrefix;
        this.jsonField = jsonField;
        this.shape = shape;
        this.maxPageSize = maxPageSize;
        this.metrics = List.of(metrics);
    }

    /** Returns the kebab-case id used in request paths, such as {@code heart-rate}. */
    public String pathId() {
        return pathId;
    }

    /** Returns the snake-case prefix used in filters, such as {@code heart_rate}. */
    public String filterPrefix() {
        return filterPrefix;
    }

    /** Returns the camel-case key of the point's union field in JSON, such as {@code heartRate}. */
    public String jsonField() {
        return jsonField;
    }

    /** Returns how the type's points are placed in time. */
    public RecordShape shape() {
        return shape;
    }

    /** Returns the largest {@code pageSize} the API accepts for this type: 10,000, or 25 for sleep. */
    public int maxPageSize() {
        return maxPageSize;
    }

    /** Returns the metrics this type feeds, in a fixed order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** Returns the data type that feeds {@code metric}, if any. */
    public static Optional<GoogleHealthDataType> forMetric(Metric metric) {
        Objects.requireNonNull(metric, "metric");
        for (GoogleHealthDataType type : values()) {
            if (type.metrics.contains(metric)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Returns the data type with the kebab-case path id {@code pathId}, such as {@code steps}. */
    public static Optional<GoogleHealthDataType> fromPathId(String pathId) {
        Objects.requireNonNull(pathId, "pathId");
        for (GoogleHealthDataType type : values()) {
            if (type.pathId.equals(pathId)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
