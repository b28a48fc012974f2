package io.iomt.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A first, deliberately simple stress analyzer: heart rate above the person's own resting level
 * while physically inactive. Model version {@value #MODEL_VERSION}.
 *
 * <p>Formula, for each window:
 * <ol>
 *   <li>A heart-rate sample is <em>inactive</em> when its minute and the two minutes before it
 *       have at most {@value #MAX_INACTIVE_STEPS_PER_MINUTE} steps each. A minute without a steps
 *       point counts as 0 steps, because providers omit minutes without steps.</li>
 *   <li>The resting level R is the 10th percentile of all inactive samples from the start of
 *       the baseline history (default 7 days before the assessed range) to the end of the range.</li>
 *   <li>The window's level W is the median of its inactive samples.</li>
 *   <li>score = clamp(100 &middot; (W &minus; R) / 30 bpm, 0, 100): 30 bpm above resting scores 100.</li>
 *   <li>confidence = min(1, minutes with an inactive sample / window minutes).</li>
 * </ol>
 * A window is not scorable when it has fewer than {@value #MIN_INACTIVE_MINUTES} minutes with an
 * inactive sample, or when no resting level can be computed (fewer than 30 inactive samples in
 * the history).
 *
 * <p>Limits: heart rate rises for reasons other than stress (caffeine, heat, illness, posture),
 * and sleep lowers the resting level. Use the score as a trend, not a diagnosis.
 *
 * <p>Immutable and thread-safe.
 */
public final class RestingHeartRateStressAnalyzer implements StressAnalyzer {

    /** The version of the formula above. */
    public static final String MODEL_VERSION = "resting-hr-1";

    /** Steps per minute at or below which a minute counts as inactive. */
    public static final int MAX_INACTIVE_STEPS_PER_MINUTE = 5;

    /** Minimum number of minutes with an inactive heart-rate sample for a window to be scored. */
    public static final int MIN_INACTIVE_MINUTES = 10;

    /** Heart-rate elevation above resting, in bpm, that scores 100. */
    public static final double FULL_SCALE_BPM = 30;

    private static final long MINUTE = 60_000;
    private static final int MIN_BASELINE_SAMPLES = 30;

    private final Duration baselineHistory;

    private RestingHeartRateStressAnalyzer(Duration baselineHistory) {
        this.baselineHistory = baselineHistory;
    }

    /** Returns an analyzer with a 7-day baseline history. */
    public static RestingHeartRateStressAnalyzer create() {
        return new RestingHeartRateStressAnalyzer(Duration.ofDays(7));
    }

    /**
     * Returns an analyzer with the given baseline history.
     *
     * @throws IllegalArgumentException if the history is negative
     */
    public static RestingHeartRateStressAnalyzer withBaselineHistory(Duration history) {
        Objects.requireNonNull(history, "history");
        if (history.isNegative()) {
            throw new IllegalArgumentException("baseline history must not be negative, got " + history);
        }
        return new RestingHeartRateStressAnalyzer(history);
    }

    @Override
    public String modelVersion() {
        return MODEL_VERSION;
    }

    @Override
    public Set<Metric> inputs() {
        return Set.of(Metric.HEART_RATE, Metric.STEPS);
    }

    @Override
    public Duration baselineHistory() {
        return baselineHistory;
    }

    /**
     * Returns the resting heart rate: the 10th percentile of the inactive heart-rate samples of
     * {@code heartRate}, or empty if there are fewer than 30 of them.
     */
    public static OptionalDouble restingHeartRate(Series heartRate, Series steps) {
        double[] inactive = inactiveSamples(heartRate, 0, heartRate.size(), stepsByMinute(steps));
        if (inactive.length < MIN_BASELINE_SAMPLES) {
            return OptionalDouble.empty();
        }
        Arrays.sort(inactive);
        return OptionalDouble.of(percentile(inactive, 0.10));
    }

    @Override
    public StressAssessment assess(SubjectId subject, TimeRange range, Duration window, AnalyzerInput input) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        Series heartRate = input.series(Metric.HEART_RATE);
        Series steps = input.series(Metric.STEPS);
        Map<Long, Double> stepsByMinute = stepsByMinute(steps);
        TimeRange history = TimeRange.of(range.start().minus(baselineHistory), range.end());
        Series historyHeartRate = heartRate.slice(history);
        double[] baselineSamples = inactiveSamples(historyHeartRate, 0, historyHeartRate.size(), stepsByMinute);
        Arrays.sort(baselineSamples);
        OptionalDouble resting = baselineSamples.length < MIN_BASELINE_SAMPLES
                ? OptionalDouble.empty() : OptionalDouble.of(percentile(baselineSamples, 0.10));

        List<StressWindow> windows = new ArrayList<>();
        for (TimeRange piece : range.split(window)) {
            windows.add(assessWindow(piece, heartRate, stepsByMinute, resting));
        }
        return new StressAssessment(subject, MODEL_VERSION, range, windows);
    }

    private static StressWindow assessWindow(TimeRange piece, Series heartRate, Map<Long, Double> stepsByMinute,
            OptionalDouble resting) {
        int from = heartRate.indexAtOrAfter(piece.startMillis());
        int to = heartRate.indexAtOrAfter(piece.endMillis());
        double[] inactive = inactiveSamples(heartRate, from, to, stepsByMinute);
        long inactiveMinutes = inactiveMinuteCount(heartRate, from, to, stepsByMinute);
        double windowMinutes = Math.max(1, piece.duration().toMillis() / (double) MINUTE);
        double confidence = Math.min(1, inactiveMinutes / windowMinutes);

        if (resting.isEmpty()) {
            return StressWindow.notScorable(piece, "no resting heart rate: fewer than " + MIN_BASELINE_SAMPLES
                    + " inactive heart-rate samples in the baseline history", confidence);
        }
        if (inactiveMinutes < MIN_INACTIVE_MINUTES) {
            return StressWindow.notScorable(piece, "fewer than " + MIN_INACTIVE_MINUTES
                    + " minutes with an inactive heart-rate sample", confidence);
        }
        Arrays.sort(inactive);
        double level = percentile(inactive, 0.5);
        double elevation = level - resting.getAsDouble();
        double score = Math.max(0, Math.min(100, 100 * elevation / FULL_SCALE_BPM));
        List<StressFactor> factors = List.of(
                new StressFactor("heart_rate_above_resting", elevation, "bpm", score),
                new StressFactor("inactive_heart_rate_median", level, "bpm", 0),
                new StressFactor("resting_heart_rate", resting.getAsDouble(), "bpm", 0),
                new StressFactor("inactive_minutes", inactiveMinutes, "min", 0));
        return StressWindow.scored(piece, score, StressLevel.ofScore(score), confidence, factors);
    }

    private static Map<Long, Double> stepsByMinute(Series steps) {
        Map<Long, Double> byMinute = new HashMap<>(Math.max(16, steps.size() * 2));
        for (int i = 0; i < steps.size(); i++) {
            byMinute.merge(Math.floorDiv(steps.timeAt(i), MINUTE), steps.valueAt(i), Double::sum);
        }
        return byMinute;
    }

    private static boolean isInactive(long epochMillis, Map<Long, Double> stepsByMinute) {
        long minute = Math.floorDiv(epochMillis, MINUTE);
        for (long m = minute - 2; m <= minute; m++) {
            if (stepsByMinute.getOrDefault(m, 0.0) > MAX_INACTIVE_STEPS_PER_MINUTE) {
                return false;
            }
        }
        return true;
    }

    private static double[] inactiveSamples(Series heartRate, int from, int to, Map<Long, Double> stepsByMinute) {
        double[] samples = new double[to - from];
        int count = 0;
        for (int i = from; i < to; i++) {
            if (isInactive(heartRate.timeAt(i), stepsByMinute)) {
                samples[count++] = heartRate.valueAt(i);
            }
        }
        return Arrays.copyOf(samples, count);
    }

    private static long inactiveMinuteCount(Series heartRate, int from, int to, Map<Long, Double> stepsByMinute) {
        long count = 0;
        long lastMinute = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            long minute = Math.floorDiv(heartRate.timeAt(i), MINUTE);
            if (minute != lastMinute && isInactive(heartRate.timeAt(i), stepsByMinute)) {
                count++;
                lastMinute = minute;
            }
        }
        return count;
    }

    /** Returns the {@code q} quantile of sorted values by linear interpolation between ranks. */
    static double percentile(double[] sorted, double q) {
        double rank = q * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = (int) Math.ceil(rank);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }

    @Override
    public String toString() {
        return "RestingHeartRateStressAnalyzer[" + MODEL_VERSION + ", baselineHistory=" + baselineHistory + "]";
    }
}
