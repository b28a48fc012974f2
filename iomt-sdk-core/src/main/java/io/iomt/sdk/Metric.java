package io.iomt.sdk;

import java.util.Objects;

/**
 * A kind of measurement, with its fixed unit and {@link MetricKind}.
 *
 * <p>Units are SI-like and never depend on the user's display settings. Coded metrics
 * ({@link #SLEEP_STAGE}, {@link #SLEEP_SESSION}, {@link #ACTIVITY_LEVEL}) store the code of the
 * enum named in their Javadoc as the value.
 */
public enum Metric {
    /** Heart rate in beats per minute, sampled. */
    HEART_RATE("heart-rate", "bpm", MetricKind.SAMPLE),
    /** Beat-to-beat (RR or inter-beat) interval in milliseconds; the time is the beat's. */
    RR_INTERVAL("rr-interval", "ms", MetricKind.SAMPLE),
    /** Root mean square of successive differences (RMSSD) in milliseconds, as computed by the device. */
    HRV_RMSSD("hrv-rmssd", "ms", MetricKind.SAMPLE),
    /** Standard deviation of NN intervals (SDNN) in milliseconds, as computed by the device. */
    HRV_SDNN("hrv-sdnn", "ms", MetricKind.SAMPLE),
    /** Low-frequency (0.04-0.15 Hz) HRV power in ms², as computed by the device. */
    HRV_LF_POWER("hrv-lf-power", "ms2", MetricKind.SAMPLE),
    /** High-frequency (0.15-0.40 Hz) HRV power in ms², as computed by the device. */
    HRV_HF_POWER("hrv-hf-power", "ms2", MetricKind.SAMPLE),
    /** Average RMSSD over the day's main sleep, in milliseconds. */
    DAILY_HRV_RMSSD("daily-hrv-rmssd", "ms", MetricKind.DAILY),
    /** RMSSD during deep sleep, in milliseconds. Kept apart from {@link #DAILY_HRV_RMSSD}. */
    DAILY_DEEP_SLEEP_RMSSD("daily-deep-sleep-rmssd", "ms", MetricKind.DAILY),
    /** Heart rate during non-REM sleep, in beats per minute. */
    DAILY_NON_REM_HEART_RATE("daily-non-rem-heart-rate", "bpm", MetricKind.DAILY),
    /** Shannon entropy of the beat intervals during sleep (dimensionless). */
    DAILY_HRV_ENTROPY("daily-hrv-entropy", "1", MetricKind.DAILY),
    /** Resting heart rate of a day, in beats per minute. */
    RESTING_HEART_RATE("resting-heart-rate", "bpm", MetricKind.DAILY),
    /** Step count over the point's interval (1 minute for Fitbit devices). */
    STEPS("steps", "count", MetricKind.INTERVAL),
    /** Sleep stage over the point's interval; the value is a {@link SleepStage} code. */
    SLEEP_STAGE("sleep-stage", "code", MetricKind.INTERVAL),
    /** A sleep log spanning the point's interval; the value is a {@link SleepSessionKind} code. */
    SLEEP_SESSION("sleep-session", "code", MetricKind.INTERVAL),
    /** Blood oxygen saturation (SpO2) in percent, sampled. */
    OXYGEN_SATURATION("oxygen-saturation", "%", MetricKind.SAMPLE),
    /** Average SpO2 of a night, in percent. */
    DAILY_OXYGEN_SATURATION("daily-oxygen-saturation", "%", MetricKind.DAILY),
    /** Respiratory rate over a sleep, in breaths per minute; the time is the summary's. */
    RESPIRATORY_RATE("respiratory-rate", "breaths/min", MetricKind.SAMPLE),
    /** Respiratory rate of a day's main sleep, in breaths per minute. */
    DAILY_RESPIRATORY_RATE("daily-respiratory-rate", "breaths/min", MetricKind.DAILY),
    /** Activity level over the point's interval; the value is an {@link ActivityLevel} code. */
    ACTIVITY_LEVEL("activity-level", "code", MetricKind.INTERVAL),
    /** A span during which the wearer was still; the value is always 1. */
    SEDENTARY_PERIOD("sedentary-period", "1", MetricKind.INTERVAL),
    /** A stress score from 0 to 100 over the point's interval, as assessed by a {@link StressAnalyzer}. */
    STRESS_SCORE("stress-score", "score", MetricKind.INTERVAL);

    private final String id;
    private final String unit;
    private final MetricKind kind;

    Metric(String id, String unit, MetricKind kind) {
        this.id = id;
        this.unit = unit;
        this.kind = kind;
    }

    /** Returns the stable kebab-case id used in stores, files and command lines. */
    public String id() {
        return id;
    }

    /** Returns the fixed unit, such as {@code bpm}, {@code ms} or {@code count}. */
    public String unit() {
        return unit;
    }

    /** Returns how the metric's points are placed in time. */
    public MetricKind kind() {
        return kind;
    }

    /**
     * Returns the metric with the given {@linkplain #id() id}.
     *
     * @throws IllegalArgumentException if no metric has that id
     */
    public static Metric fromId(String id) {
        Objects.requireNonNull(id, "id");
        for (Metric metric : values()) {
            if (metric.id.equals(id)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("Unknown metric id '" + id + "'; known ids are those of Metric.values()");
    }
}
