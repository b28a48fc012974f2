package io.iomt.sdk;

import io.iomt.sdk.internal.stress.ActivityGate;
import io.iomt.sdk.internal.stress.RobustBaseline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Stress analyzer that compares each window with the person's own robust baselines: heart rate
 * above the resting baseline while inactive, and RMSSD below the HRV baseline. Model version
 * {@value #MODEL_VERSION}.
 *
 * <p>Formula, for each window of the assessed range:
 * <ol>
 *   <li><b>Activity gate.</b> An instant is inactive when its minute and the two minutes before
 *       it have at most {@link Builder#maxInactiveStepsPerMinute(double) 5 steps} each and no
 *       {@link Metric#ACTIVITY_LEVEL} interval of moderately or very active covers it. Minutes
 *       without a steps point count as 0 steps.</li>
 *   <li><b>Heart rate.</b> From {@link Metric#HEART_RATE} samples, or, when the window has none,
 *       from the RR beats ({@code 60000 / NN} of the artefact-corrected series). The window is cut
 *       into 15-second slots; coverage is the share of slots with a sample, inactive coverage the
 *       share with an inactive sample. The window level {@code W} is the median of the inactive
 *       samples.</li>
 *   <li><b>HRV.</b> RMSSD of the window's {@link Metric#RR_INTERVAL} beats after artefact
 *       correction by {@link HrvAnalysis#assessWindow}, when that window is scorable; otherwise the
 *       median of the window's {@link Metric#HRV_RMSSD} samples from the device; otherwise none.</li>
 *   <li><b>Personal baselines</b>, from the baseline history strictly before the assessed range
 *       ({@code [range.start − baselineHistory, range.start)}), so a window never shifts its own
 *       baseline: the median and interquartile range (IQR) of the per-minute medians of inactive
 *       heart rate (from the beats, {@code 60000 / RR} for RR of 300 to 2000 ms, when the history
 *       has no heart-rate samples), and of {@code ln RMSSD} over inactive history windows of the same length (RR)
 *       or over inactive device samples (one baseline per source). A baseline needs
 *       {@link Builder#minimumBaselineMinutes(int) 5 minutes} of heart rate or 5 HRV values;
 *       without it, or with {@link Builder#personalBaseline(boolean) personalBaseline(false)},
 *       the population defaults below stand in.</li>
 *   <li><b>Deviations.</b> {@code zHr = (W − median) / max(IQR, 3 bpm)} and
 *       {@code zHrv = (ln median − ln RMSSD) / max(IQR of ln RMSSD, 0.2)}; both grow with stress.
 *       {@code z} is their weighted mean ({@link Builder#heartRateWeight(double) 1} and
 *       {@link Builder#hrvWeight(double) 1}) over the components present.</li>
 *   <li><b>Score</b> {@code = 100 / (1 + exp(−1.5 · (z − 1)))}: about 18 at the baseline, 50 one
 *       IQR above it, 82 two IQRs above. The score is strictly increasing in {@code W}, so a
 *       higher heart rate at rest with everything else fixed never lowers it.</li>
 *   <li><b>Confidence</b> {@code = inactive coverage × (1 − artefact share of the RR window, if
 *       RR was used) × 0.6 if the heart-rate baseline is the population default × 0.8 if the
 *       input has no steps or activity data at all}.</li>
 * </ol>
 * A window is not scorable when it has no heart-rate or RR data, when its coverage or its
 * inactive coverage is below {@link Builder#minimumCoverage(double) 50 %}.
 *
 * <p>Factors, in this order: {@code score_at_baseline} (the score at {@code z = 0}),
 * {@code heart_rate_above_baseline} (bpm) and, with HRV, {@code rmssd_below_baseline} (ms) carry
 * the points of the score, which add up to it; {@code heart_rate_window},
 * {@code heart_rate_baseline}, {@code rmssd_window}, {@code rmssd_baseline},
 * {@code artefact_share}, {@code inactive_coverage} and {@code personal_baseline} (1 or 0) are
 * shown for audit with 0 points.
 *
 * <p>Population defaults: resting heart rate 70 bpm with IQR 12 bpm, and RMSSD 40 ms with an IQR
 * of {@code ln RMSSD} of 0.7. NOTE: these are rough adult estimates from short-term HRV norms,
 * not fitted to any data set here.
 *
 * <p>Limits: heart rate and HRV also change with caffeine, heat, illness, posture and sleep. Use
 * the score as a trend, not a diagnosis. The validation report of the project gives the
 * detection quality measured on labelled recordings.
 *
 * <p>Immutable and thread-safe.
 */
public final class PersonalBaselineStressAnalyzer implements StressAnalyzer {

    /** The version of the formula above. */
    public static final String MODEL_VERSION = "iomt-stress-2";

    private static final long SLOT_MILLIS = 15_000;
    private static final long MINUTE = 60_000;
    private static final int LOOKBACK_MINUTES = 2;
    private static final double MIN_HR_IQR = 3.0;
    private static final double MIN_LN_RMSSD_IQR = 0.2;
    private static final double SCORE_SLOPE = 1.5;
    private static final double SCORE_MIDPOINT = 1.0;
    private static final int MIN_HRV_BASELINE_VALUES = 5;
    private static final double POPULATION_HR = 70;
    private static final double POPULATION_HR_IQR = 12;
    private static final double POPULATION_RMSSD = 40;
    private static final double POPULATION_LN_RMSSD_IQR = 0.7;
    private static final double POPULATION_CONFIDENCE = 0.6;
    private static final double NO_ACTIVITY_DATA_CONFIDENCE = 0.8;

    private final Duration baselineHistory;
    private final boolean personalBaseline;
    private final double maxInactiveStepsPerMinute;
    private final double minimumCoverage;
    private final int minimumBaselineMinutes;
    private final double heartRateWeight;
    private final double hrvWeight;
    private final HrvOptions hrvOptions;

    private PersonalBaselineStressAnalyzer(Builder b) {
        this.baselineHistory = b.baselineHistory;
        this.personalBaseline = b.personalBaseline;
        this.maxInactiveStepsPerMinute = b.maxInactiveStepsPerMinute;
        this.minimumCoverage = b.minimumCoverage;
        this.minimumBaselineMinutes = b.minimumBaselineMinutes;
        this.heartRateWeight = b.heartRateWeight;
        this.hrvWeight = b.hrvWeight;
        this.hrvOptions = b.hrvOptions;
    }

    /** Returns an analyzer with the defaults of {@link Builder}. */
    public static PersonalBaselineStressAnalyzer create() {
        return builder().build();
    }

    /** Returns a builder preset with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String modelVersion() {
        return MODEL_VERSION;
    }

    @Override
    public Set<Metric> inputs() {
        return Set.of(Metric.HEART_RATE, Metric.RR_INTERVAL, Metric.HRV_RMSSD, Metric.STEPS, Metric.ACTIVITY_LEVEL);
    }

    @Override
    public Duration baselineHistory() {
        return baselineHistory;
    }

    @Override
    public StressAssessment assess(SubjectId subject, TimeRange range, Duration window, AnalyzerInput input) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(input, "input");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        Inputs in = new Inputs(input, gate(input));
        TimeRange history = TimeRange.of(range.start().minus(baselineHistory), range.start());
        Baselines baselines = personalBaseline ? personalBaselines(in, history, window) : Baselines.NONE;
        List<StressWindow> windows = new ArrayList<>();
        for (TimeRange piece : range.split(window)) {
            windows.add(assessWindow(piece, in, baselines));
        }
        return new StressAssessment(subject, MODEL_VERSION, range, windows);
    }

    private StressWindow assessWindow(TimeRange piece, Inputs in, Baselines baselines) {
        RrWindow rr = rrWindow(in.rr, piece);
        HeartRateWindow hr = heartRateWindow(in, piece, rr);
        if (hr.slotsWithData == 0) {
            return StressWindow.notScorable(piece, "no heart-rate or RR data in the window", 0);
        }
        double coverage = (double) hr.slotsWithData / hr.slots;
        double inactiveCoverage = (double) hr.slotsInactive / hr.slots;
        boolean rrUsed = rr.report != null && (rr.rmssd != null || !hr.fromHeartRateSeries);
        double quality = rrUsed ? 1 - Objects.requireNonNull(rr.report).share() : 1;
        double confidence = inactiveCoverage * quality
                * (baselines.heartRate == null ? POPULATION_CONFIDENCE : 1)
                * (in.gate.hasData() ? 1 : NO_ACTIVITY_DATA_CONFIDENCE);
        confidence = Math.max(0, Math.min(1, confidence));
        if (coverage < minimumCoverage) {
            return StressWindow.notScorable(piece, "too little data: heart-rate samples cover "
                    + Math.round(100 * coverage) + " % of the window, below the minimum of "
                    + Math.round(100 * minimumCoverage) + " %", confidence);
        }
        if (inactiveCoverage < minimumCoverage) {
            return StressWindow.notScorable(piece, "physical activity: the wearer was inactive for "
                    + Math.round(100 * inactiveCoverage) + " % of the window, below the minimum of "
                    + Math.round(100 * minimumCoverage) + " %", confidence);
        }

        double windowHr = median(hr.inactiveValues, hr.inactiveCount);
        double hrCentre = baselines.heartRate == null ? POPULATION_HR : baselines.heartRate.median();
        double hrSpread = baselines.heartRate == null ? POPULATION_HR_IQR : baselines.heartRate.iqr();
        double zHr = (windowHr - hrCentre) / Math.max(hrSpread, MIN_HR_IQR);

        Double rmssd = rr.rmssd;
        RobustBaseline hrvBaseline = baselines.rrHrv;
        if (rmssd == null) {
            rmssd = deviceRmssd(in, piece);
            hrvBaseline = baselines.deviceHrv;
        }
        double zHrv = 0;
        double lnCentre = Math.log(POPULATION_RMSSD);
        if (rmssd != null) {
            lnCentre = hrvBaseline == null ? Math.log(POPULATION_RMSSD) : hrvBaseline.median();
            double lnSpread = hrvBaseline == null ? POPULATION_LN_RMSSD_IQR : hrvBaseline.iqr();
            zHrv = (lnCentre - Math.log(Math.max(rmssd, 1e-3))) / Math.max(lnSpread, MIN_LN_RMSSD_IQR);
        }
        double weightHr = heartRateWeight;
        double weightHrv = rmssd == null ? 0 : hrvWeight;
        double z = (weightHr * zHr + weightHrv * zHrv) / (weightHr + weightHrv);
        double score = scoreOf(z);
        double atBaseline = scoreOf(0);

        // Split the points above (or below) the baseline score by each component's weighted deviation.
        double hrPart = weightHr * zHr;
        double hrvPart = weightHrv * zHrv;
        double parts = hrPart + hrvPart;
        double hrPoints = parts == 0 ? (score - atBaseline) * weightHr / (weightHr + weightHrv)
                : (score - atBaseline) * hrPart / parts;
        double hrvPoints = score - atBaseline - hrPoints;

        List<StressFactor> factors = new ArrayList<>();
        factors.add(new StressFactor("score_at_baseline", atBaseline, "points", atBaseline));
        factors.add(new StressFactor("heart_rate_above_baseline", windowHr - hrCentre, "bpm", hrPoints));
        if (rmssd != null) {
            factors.add(new StressFactor("rmssd_below_baseline", Math.exp(lnCentre) - rmssd, "ms", hrvPoints));
        }
        factors.add(new StressFactor("heart_rate_window", windowHr, "bpm", 0));
        factors.add(new StressFactor("heart_rate_baseline", hrCentre, "bpm", 0));
        if (rmssd != null) {
            factors.add(new StressFactor("rmssd_window", rmssd, "ms", 0));
            factors.add(new StressFactor("rmssd_baseline", Math.exp(lnCentre), "ms", 0));
        }
        if (rr.report != null) {
            factors.add(new StressFactor("artefact_share", 100 * rr.report.share(), "%", 0));
        }
        factors.add(new StressFactor("inactive_coverage", 100 * inactiveCoverage, "%", 0));
        factors.add(new StressFactor("personal_baseline", baselines.heartRate == null ? 0 : 1, "flag", 0));
        return StressWindow.scored(piece, score, StressLevel.ofScore(score), confidence, factors);
    }

    private static double scoreOf(double z) {
        return 100.0 / (1.0 + Math.exp(-SCORE_SLOPE * (z - SCORE_MIDPOINT)));
    }

    // ---- windows ----

    /** The RR beats of a window with their artefact report and, when scorable, RMSSD. */
    private record RrWindow(@Nullable RrIntervals corrected, @Nullable ArtefactReport report, @Nullable Double rmssd) {
    }

    private RrWindow rrWindow(Series rr, TimeRange piece) {
        Series slice = rr.slice(piece);
        if (slice.size() < 3) {
            return new RrWindow(null, null, null);
        }
        HrvWindow result = HrvAnalysis.assessWindow(RrIntervals.fromSeries(slice), hrvOptionsFor(piece.duration()));
        Double rmssd = result.isScorable() ? Objects.requireNonNull(result.metrics()).timeDomain().rmssd() : null;
        return new RrWindow(result.artefacts().corrected(), result.artefacts(), rmssd);
    }

    /** Scales the minimum HRV window to at most three quarters of the window, so short windows can be scored. */
    private HrvOptions hrvOptionsFor(Duration window) {
        Duration limit = window.multipliedBy(3).dividedBy(4);
        if (hrvOptions.minimumDuration().compareTo(limit) <= 0) {
            return hrvOptions;
        }
        Duration minimum = limit.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : limit;
        int intervals = (int) Math.max(3, Math.min(hrvOptions.minimumIntervals(), minimum.toSeconds() * 2 / 3));
        return hrvOptions.toBuilder().minimumDuration(minimum).minimumIntervals(intervals).build();
    }

    /** Heart-rate samples of a window, split into 15-second slots for coverage. */
    private static final class HeartRateWindow {
        final int slots;
        int slotsWithData;
        int slotsInactive;
        double[] inactiveValues = new double[64];
        int inactiveCount;
        boolean fromHeartRateSeries;

        HeartRateWindow(TimeRange piece) {
            this.slots = (int) Math.max(1, (piece.duration().toMillis() + SLOT_MILLIS - 1) / SLOT_MILLIS);
        }
    }

    private static HeartRateWindow heartRateWindow(Inputs in, TimeRange piece, RrWindow rr) {
        HeartRateWindow w = new HeartRateWindow(piece);
        boolean[] data = new boolean[w.slots];
        boolean[] inactive = new boolean[w.slots];
        long start = piece.startMillis();
        int from = in.heartRate.indexAtOrAfter(piece.startMillis());
        int to = in.heartRate.indexAtOrAfter(piece.endMillis());
        if (to > from) {
            w.fromHeartRateSeries = true;
            for (int i = from; i < to; i++) {
                long t = in.heartRate.timeAt(i);
                add(w, data, inactive, (int) ((t - start) / SLOT_MILLIS), in.gate.isInactive(t), in.heartRate.valueAt(i));
            }
        } else if (rr.corrected != null) {
            RrIntervals beats = rr.corrected;
            for (int i = 0; i < beats.size(); i++) {
                long t = (long) beats.beatTimeMillisAt(i);
                if (t < start || t >= piece.endMillis()) {
                    continue;
                }
                add(w, data, inactive, (int) ((t - start) / SLOT_MILLIS), in.gate.isInactive(t),
                        60000.0 / beats.intervalMillisAt(i));
            }
        }
        for (int s = 0; s < w.slots; s++) {
            w.slotsWithData += data[s] ? 1 : 0;
            w.slotsInactive += inactive[s] ? 1 : 0;
        }
        return w;
    }

    private static void add(HeartRateWindow w, boolean[] data, boolean[] inactive, int slot, boolean isInactive, double value) {
        int s = Math.min(slot, w.slots - 1);
        data[s] = true;
        if (!isInactive) {
            return;
        }
        inactive[s] = true;
        if (w.inactiveCount == w.inactiveValues.length) {
            w.inactiveValues = Arrays.copyOf(w.inactiveValues, w.inactiveCount * 2);
        }
        w.inactiveValues[w.inactiveCount++] = value;
    }

    private static @Nullable Double deviceRmssd(Inputs in, TimeRange piece) {
        Series slice = in.deviceHrv.slice(piece);
        double[] values = new double[slice.size()];
        int count = 0;
        for (int i = 0; i < slice.size(); i++) {
            if (in.gate.isInactive(slice.timeAt(i)) && slice.valueAt(i) > 0) {
                values[count++] = slice.valueAt(i);
            }
        }
        return count == 0 ? null : median(values, count);
    }

    // ---- baselines ----

    /** Personal baselines; a null member means the population default applies. */
    private record Baselines(@Nullable RobustBaseline heartRate, @Nullable RobustBaseline rrHrv,
            @Nullable RobustBaseline deviceHrv) {
        static final Baselines NONE = new Baselines(null, null, null);
    }

    private Baselines personalBaselines(Inputs in, TimeRange history, Duration window) {
        return new Baselines(heartRateBaseline(in, history), rrHrvBaseline(in, history, window), deviceHrvBaseline(in, history));
    }

    private @Nullable RobustBaseline heartRateBaseline(Inputs in, TimeRange history) {
        Series source = in.heartRate.slice(history);
        boolean fromRr = source.isEmpty();
        if (fromRr) {
            source = in.rr.slice(history);
        }
        double[] minuteMedians = new double[Math.max(1, source.size())];
        int minutes = 0;
        double[] samples = new double[64];
        int count = 0;
        long currentMinute = Long.MIN_VALUE;
        for (int i = 0; i <= source.size(); i++) {
            long minute = i < source.size() ? Math.floorDiv(source.timeAt(i), MINUTE) : Long.MAX_VALUE;
            if (minute != currentMinute) {
                if (count > 0) {
                    minuteMedians[minutes++] = median(samples, count);
                }
                count = 0;
                currentMinute = minute;
            }
            if (i == source.size() || !in.gate.isInactive(source.timeAt(i))) {
                continue;
            }
            double value = fromRr ? 60000.0 / source.valueAt(i) : source.valueAt(i);
            if (fromRr && (source.valueAt(i) < 300 || source.valueAt(i) > 2000)) {
                continue;
            }
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = value;
        }
        return minutes < minimumBaselineMinutes ? null : RobustBaseline.of(minuteMedians, minutes);
    }

    private @Nullable RobustBaseline rrHrvBaseline(Inputs in, TimeRange history, Duration window) {
        Series rr = in.rr.slice(history);
        if (rr.size() < 3) {
            return null;
        }
        Duration length = window.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : window;
        List<Double> values = new ArrayList<>();
        for (TimeRange piece : history.split(length)) {
            Series slice = rr.slice(piece);
            if (slice.size() < 3 || !mostlyInactive(in.gate, piece)) {
                continue;
            }
            HrvWindow result = HrvAnalysis.assessWindow(RrIntervals.fromSeries(slice), hrvOptionsFor(piece.duration()));
            if (result.isScorable()) {
                double rmssd = Objects.requireNonNull(result.metrics()).timeDomain().rmssd();
                if (rmssd > 0) {
                    values.add(Math.log(rmssd));
                }
            }
        }
        return lnBaseline(values);
    }

    private @Nullable RobustBaseline deviceHrvBaseline(Inputs in, TimeRange history) {
        Series slice = in.deviceHrv.slice(history);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < slice.size(); i++) {
            if (slice.valueAt(i) > 0 && in.gate.isInactive(slice.timeAt(i))) {
                values.add(Math.log(slice.valueAt(i)));
            }
        }
        return lnBaseline(values);
    }

    private static @Nullable RobustBaseline lnBaseline(List<Double> values) {
        if (values.size() < MIN_HRV_BASELINE_VALUES) {
            return null;
        }
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        return RobustBaseline.of(array, array.length);
    }

    private static boolean mostlyInactive(ActivityGate gate, TimeRange piece) {
        int inactive = 0;
        int total = 0;
        for (long t = piece.startMillis(); t < piece.endMillis(); t += SLOT_MILLIS) {
            total++;
            inactive += gate.isInactive(t) ? 1 : 0;
        }
        return total > 0 && inactive * 2 >= total;
    }

    // ---- helpers ----

    /** The input series the formula reads, with the activity gate built once per assessment. */
    private record Inputs(Series heartRate, Series rr, Series deviceHrv, ActivityGate gate) {
        Inputs(AnalyzerInput input, ActivityGate gate) {
            this(input.series(Metric.HEART_RATE), input.series(Metric.RR_INTERVAL), input.series(Metric.HRV_RMSSD), gate);
        }
    }

    private ActivityGate gate(AnalyzerInput input) {
        Series steps = input.series(Metric.STEPS);
        Series activity = input.series(Metric.ACTIVITY_LEVEL);
        long[] activityDurations = new long[activity.size()];
        for (int i = 0; i < activity.size(); i++) {
            activityDurations[i] = activity.durationMillisAt(i);
        }
        return new ActivityGate(steps.times(), steps.values(), activity.times(), activityDurations, activity.values(),
                maxInactiveStepsPerMinute, LOOKBACK_MINUTES);
    }

    private static double median(double[] values, int count) {
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int mid = count / 2;
        return count % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    @Override
    public String toString() {
        return "PersonalBaselineStressAnalyzer[" + MODEL_VERSION + ", baselineHistory=" + baselineHistory
                + ", personalBaseline=" + personalBaseline + "]";
    }

    /** Collects the analyzer's settings; every setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private Duration baselineHistory = Duration.ofDays(7);
        private boolean personalBaseline = true;
        private double maxInactiveStepsPerMinute = 5;
        private double minimumCoverage = 0.5;
        private int minimumBaselineMinutes = 5;
        private double heartRateWeight = 1;
        private double hrvWeight = 1;
        private HrvOptions hrvOptions = HrvOptions.builder().maxArtefactShare(0.2).build();

        private Builder() {
        }

        /** Sets how far before the assessed range the baselines look; default 7 days; not negative. */
        public Builder baselineHistory(Duration history) {
            Objects.requireNonNull(history, "history");
            if (history.isNegative()) {
                throw new IllegalArgumentException("baselineHistory must not be negative, got " + history);
            }
            this.baselineHistory = history;
            return this;
        }

        /** Sets whether personal baselines are used; when false, the population defaults always apply; default true. */
        public Builder personalBaseline(boolean enabled) {
            this.personalBaseline = enabled;
            return this;
        }

        /** Sets the most steps per minute that still count as inactive; default 5; not negative. */
        public Builder maxInactiveStepsPerMinute(double steps) {
            if (!(steps >= 0)) {
                throw new IllegalArgumentException("maxInactiveStepsPerMinute must not be negative, got " + steps);
            }
            this.maxInactiveStepsPerMinute = steps;
            return this;
        }

        /** Sets the smallest share of a window, from 0 to 1, that data and inactivity must cover; default 0.5. */
        public Builder minimumCoverage(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("minimumCoverage must be between 0 and 1, got " + share);
            }
            this.minimumCoverage = share;
            return this;
        }

        /** Sets the fewest inactive minutes of heart rate for a personal baseline; default 5; at least 1. */
        public Builder minimumBaselineMinutes(int minutes) {
            if (minutes < 1) {
                throw new IllegalArgumentException("minimumBaselineMinutes must be at least 1, got " + minutes);
            }
            this.minimumBaselineMinutes = minutes;
            return this;
        }

        /** Sets the weight of the heart-rate deviation; default 1; positive. */
        public Builder heartRateWeight(double weight) {
            if (!(weight > 0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException("heartRateWeight must be positive and finite, got " + weight);
            }
            this.heartRateWeight = weight;
            return this;
        }

        /** Sets the weight of the HRV deviation; default 1; 0 ignores HRV. */
        public Builder hrvWeight(double weight) {
            if (!(weight >= 0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException("hrvWeight must be finite and not negative, got " + weight);
            }
            this.hrvWeight = weight;
            return this;
        }

        /**
         * Sets the HRV options for RR windows; default {@link HrvOptions#defaults()} with a
         * maximum artefact share of 0.2, because wrist PPG beats carry more artefacts than ECG.
         * The minimum window duration is lowered to three quarters of the assessed window when
         * it is longer.
         */
        public Builder hrvOptions(HrvOptions options) {
            this.hrvOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Returns the analyzer. */
        public PersonalBaselineStressAnalyzer build() {
            return new PersonalBaselineStressAnalyzer(this);
        }
    }
}
