package io.iomt.sdk;

import io.iomt.sdk.internal.hrv.ArtefactDetector;
import io.iomt.sdk.internal.hrv.CubicSpline;
import io.iomt.sdk.internal.hrv.Dfa;
import io.iomt.sdk.internal.hrv.Histograms;
import io.iomt.sdk.internal.hrv.LombScargle;
import io.iomt.sdk.internal.hrv.SampleEntropy;
import io.iomt.sdk.internal.hrv.Spectrum;
import io.iomt.sdk.internal.hrv.Stats;
import io.iomt.sdk.internal.hrv.Welch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Computes heart rate variability (HRV) measures from RR or NN intervals, under the conventions
 * of the Task Force of the ESC and NASPE (1996) and Kubios, stated on each result type.
 *
 * <p>The measures treat their input as NN intervals (normal-to-normal, artefacts already
 * corrected). To start from raw beats, use {@link #detectArtefacts(RrIntervals, HrvOptions)} and
 * analyse {@link ArtefactReport#corrected()}, or {@link #assessWindow(RrIntervals, HrvOptions)},
 * which does both and checks the window's length and quality.
 *
 * <p>Series with gaps (see {@link RrIntervals#splitAtGaps}) are analysed per run: successive
 * differences never span a gap, Welch segments lie inside runs, and DFA and sample entropy use
 * the longest run. Lomb–Scargle uses all beats at their times, which is what it is for.
 *
 * <p>All methods are static, stateless and thread-safe. Input is never modified.
 */
public final class HrvAnalysis {

    /** DFA α1 box sizes in beats, after Peng et al. (1995). */
    private static final int DFA_MIN_BOX = 4;
    private static final int DFA_MAX_BOX = 16;

    private HrvAnalysis() {
    }

    /**
     * Computes every measure enabled in {@code options} on NN intervals.
     *
     * @throws IllegalArgumentException if there are fewer than 3 intervals, or sample entropy is
     *     enabled and the longest run exceeds {@link HrvOptions#sampleEntropyMaxIntervals()}
     */
    public static HrvMetrics analyze(RrIntervals nn, HrvOptions options) {
        Objects.requireNonNull(nn, "nn");
        Objects.requireNonNull(options, "options");
        requireIntervals(nn, 3);
        List<RrIntervals> runs = nn.splitAtGaps(options.maxGap());
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("Every interval of the series is longer than maxGap "
                    + options.maxGap() + "; pass NN intervals in milliseconds");
        }
        double[] all = concatenate(runs);
        double[] differences = differencesWithinRuns(runs);
        HrvTimeDomain time = timeDomain(all, differences);
        HrvGeometric geometric = geometric(all);
        HrvBaevskyIndex baevsky = baevsky(all);
        HrvPoincare poincare = poincare(all, differences);
        HrvFrequencyDomain welch = welch(runs, options);
        HrvFrequencyDomain lomb = null;
        if (options.lombScargle()) {
            lomb = lombScargle(nn, options);
        }
        RrIntervals longest = longestRun(runs);
        double dfa = longest.size() >= 2 * DFA_MAX_BOX
                ? Dfa.alpha(longest.intervalsMillis(), DFA_MIN_BOX, DFA_MAX_BOX) : Double.NaN;
        double sampen = options.sampleEntropy() ? sampleEntropy(longest, options) : Double.NaN;
        return new HrvMetrics(all.length, time, geometric, baevsky, poincare, welch, lomb, dfa, sampen);
    }

    /** Computes the measures of {@link HrvOptions#defaults()}. */
    public static HrvMetrics analyze(RrIntervals nn) {
        return analyze(nn, HrvOptions.defaults());
    }

    /**
     * Computes the time-domain measures of a contiguous NN series.
     *
     * @throws IllegalArgumentException if there are fewer than 3 intervals
     */
    public static HrvTimeDomain timeDomain(RrIntervals nn) {
        requireIntervals(nn, 3);
        return timeDomain(nn.intervalsView(), null);
    }

    /**
     * Computes the HRV triangular index and TINN of an NN series.
     *
     * @throws IllegalArgumentException if there are fewer than 3 intervals
     */
    public static HrvGeometric geometric(RrIntervals nn) {
        requireIntervals(nn, 3);
        return geometric(nn.intervalsView());
    }

    /**
     * Computes Baevsky's stress index of an NN series.
     *
     * @throws IllegalArgumentException if there are fewer than 3 intervals
     */
    public static HrvBaevskyIndex baevsky(RrIntervals nn) {
        requireIntervals(nn, 3);
        return baevsky(nn.intervalsView());
    }

    /**
     * Computes Poincaré SD1 and SD2 of a contiguous NN series.
     *
     * @throws IllegalArgumentException if there are fewer than 3 intervals
     */
    public static HrvPoincare poincare(RrIntervals nn) {
        requireIntervals(nn, 3);
        return poincare(nn.intervalsView(), null);
    }

    /**
     * Computes the short-term scaling exponent α1 of detrended fluctuation analysis: boxes of 4
     * to 16 beats, non-overlapping from the first beat, linear detrending in each box, and the
     * least-squares slope of {@code log F(n)} against {@code log n}.
     *
     * @throws IllegalArgumentException if there are fewer than 32 intervals
     */
    public static double dfaAlpha1(RrIntervals nn) {
        requireIntervals(nn, 2 * DFA_MAX_BOX);
        return Dfa.alpha(nn.intervalsMillis(), DFA_MIN_BOX, DFA_MAX_BOX);
    }

    /**
     * Computes sample entropy with embedding dimension m = 2 and tolerance r = 0.2 · SDNN
     * (divisor n − 1), Chebyshev distance, self-matches excluded, the same N − m templates for
     * both lengths. The cost grows with the square of the count, so long input is rejected.
     *
     * @return the entropy, or positive infinity if no pair of 3-point templates matches
     * @throws IllegalArgumentException if there are fewer than 10 intervals or more than
     *     {@link HrvOptions#sampleEntropyMaxIntervals()}
     */
    public static double sampleEntropy(RrIntervals nn, HrvOptions options) {
        requireIntervals(nn, 10);
        if (nn.size() > options.sampleEntropyMaxIntervals()) {
            throw new IllegalArgumentException("Sample entropy takes at most " + options.sampleEntropyMaxIntervals()
                    + " intervals because its cost grows with the square of the count, got " + nn.size()
                    + "; compute it on short windows (such as 5 minutes) or raise sampleEntropyMaxIntervals");
        }
        double[] x = nn.intervalsMillis();
        double r = 0.2 * Math.sqrt(Stats.sampleVariance(x));
        return SampleEntropy.compute(x, 2, r);
    }

    /**
     * Computes the frequency-domain measures with the given estimator. Welch segments lie
     * inside runs split at {@link HrvOptions#maxGap()}; Lomb–Scargle uses every beat at its time.
     *
     * @throws IllegalArgumentException if no run (Welch) or the whole series (Lomb–Scargle)
     *     lasts {@link HrvOptions#minimumSpectralDuration()}
     */
    public static HrvFrequencyDomain frequencyDomain(RrIntervals nn, HrvOptions options, HrvSpectralMethod method) {
        Objects.requireNonNull(method, "method");
        requireIntervals(nn, 3);
        HrvFrequencyDomain result = method == HrvSpectralMethod.WELCH
                ? welch(nn.splitAtGaps(options.maxGap()), options)
                : lombScargle(nn, options);
        if (result == null) {
            throw new IllegalArgumentException("Frequency-domain HRV needs at least " + options.minimumSpectralDuration()
                    + " of beats without a gap; pass a longer series or lower minimumSpectralDuration");
        }
        return result;
    }

    /**
     * Detects ectopic beats and artefacts with {@link HrvOptions#artefactMethod()} in each run
     * between gaps, and corrects them as {@link ArtefactReport} describes.
     */
    public static ArtefactReport detectArtefacts(RrIntervals rr, HrvOptions options) {
        Objects.requireNonNull(rr, "rr");
        ArtefactMethod method = options.artefactMethod();
        int ectopic = 0;
        int longOrShort = 0;
        int missed = 0;
        int extra = 0;
        List<Integer> flagged = new ArrayList<>();
        double[] outIntervals = new double[rr.size() * 2 + 4];
        double[] outTimes = new double[outIntervals.length];
        int out = 0;
        int offset = 0;
        for (RrIntervals run : splitKeepingIndexes(rr, options)) {
            offset = indexOf(rr, run, offset);
            double[] x = run.intervalsMillis();
            double[] t = run.beatTimesMillis();
            byte[] classes = method == ArtefactMethod.MALIK ? ArtefactDetector.malik(x) : ArtefactDetector.lipponenTarvainen(x);
            double[] replacement = interpolateFlagged(x, classes);
            double localMedian = Stats.median(x);

            for (int i = 0; i < x.length; i++) {
                byte c = classes[i];
                if (c != ArtefactDetector.NORMAL) {
                    flagged.add(offset + i);
                }
                switch (c) {
                    case ArtefactDetector.ECTOPIC -> ectopic++;
                    case ArtefactDetector.LONG, ArtefactDetector.SHORT -> longOrShort++;
                    case ArtefactDetector.MISSED -> missed++;
                    case ArtefactDetector.EXTRA -> extra++;
                    default -> {
                    }
                }

                if (out + 8 > outIntervals.length) {
                    outIntervals = Arrays.copyOf(outIntervals, outIntervals.length * 2);
                    outTimes = Arrays.copyOf(outTimes, outTimes.length * 2);
                }
                if (c == ArtefactDetector.EXTRA && i + 1 < x.length) {
                    // The false beat splits one interval in two: merge it with the next one.
                    outIntervals[out] = x[i] + x[i + 1];
                    outTimes[out] = t[i + 1];
                    out++;
                    i++;
                    if (classes[i] != ArtefactDetector.NORMAL) {
                        flagged.add(offset + i);
                    }
                } else if (c == ArtefactDetector.MISSED) {
                    int parts = Math.max(2, (int) Math.round(x[i] / localMedian));
                    double part = x[i] / parts;
                    for (int p = 1; p <= parts; p++) {
                        outIntervals[out] = part;
                        outTimes[out] = t[i] - x[i] + p * part;
                        out++;
                    }
                } else if (c != ArtefactDetector.NORMAL) {
                    outIntervals[out] = replacement[i];
                    outTimes[out] = t[i];
                    out++;
                } else {
                    outIntervals[out] = x[i];
                    outTimes[out] = t[i];
                    out++;
                }
            }
            offset += x.length;
        }

        int[] indexes = flagged.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        RrIntervals corrected = out == 0 ? RrIntervals.ofMillis()
                : RrIntervals.of(strictlyIncreasing(Arrays.copyOf(outTimes, out)), Arrays.copyOf(outIntervals, out));
        return new ArtefactReport(method, rr.size(), ectopic, longOrShort, missed, extra, indexes, corrected);
    }

    /**
     * Detects and corrects artefacts in a window of raw beats, decides whether the window can be
     * scored, and computes the HRV measures of the corrected series if it can. A window is too
     * short when its beats span less than {@link HrvOptions#minimumDuration()} or it has fewer
     * than {@link HrvOptions#minimumIntervals()} intervals, and has too many artefacts when their
     * share exceeds {@link HrvOptions#maxArtefactShare()}. Sample entropy, when enabled, is left
     * out (NaN) for a window longer than {@link HrvOptions#sampleEntropyMaxIntervals()} instead of
     * failing the window.
     */
    public static HrvWindow assessWindow(RrIntervals rr, HrvOptions options) {
        ArtefactReport report = detectArtefacts(rr, options);
        RrIntervals nn = report.corrected();
        double coveredMillis = 0;
        for (RrIntervals run : nn.splitAtGaps(options.maxGap())) {
            coveredMillis += run.totalIntervalMillis();
        }
        if (nn.size() < options.minimumIntervals() || coveredMillis < options.minimumDuration().toMillis()) {
            return new HrvWindow(HrvScorability.TOO_SHORT, report, null);
        }
        if (report.share() > options.maxArtefactShare()) {
            return new HrvWindow(HrvScorability.TOO_MANY_ARTEFACTS, report, null);
        }
        HrvOptions windowOptions = options;
        if (options.sampleEntropy() && nn.size() > options.sampleEntropyMaxIntervals()) {
            windowOptions = options.toBuilder().sampleEntropy(false).build();
        }
        return new HrvWindow(HrvScorability.SCORABLE, report, analyze(nn, windowOptions));
    }

    // ---- time domain, geometric, Poincaré ----

    /**
     * Computes the time-domain measures of {@code x}, with the successive differences {@code d}
     * (those within runs between gaps), or all successive differences of {@code x} when
     * {@code d} is null.
     */
    private static HrvTimeDomain timeDomain(double[] x, double @Nullable [] d) {
        // One pass per array. Sums are taken about the first value (the shifted-data algorithm):
        // the one-pass variance then loses digits in proportion to (first value - mean)² / variance,
        // a few of the 16 at most for physiological intervals and heart rates.
        int n = x.length;
        double shift = x[0];
        double hrShift = 60000.0 / shift;
        double sum = 0;
        double squares = 0;
        double hrSum = 0;
        double hrSquares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            double centred = v - shift;
            double hr = 60000.0 / v - hrShift;
            sum += centred;
            squares += centred * centred;
            hrSum += hr;
            hrSquares += hr * hr;
            // Comparisons, not Math.min and Math.max, whose NaN handling lengthens the loop-carried
            // path; the intervals are validated finite.
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        double mean = shift + sum / n;
        double meanHr = hrShift + hrSum / n;
        double sdnn = Math.sqrt(Math.max(0, (squares - sum * sum / n) / (n - 1)));
        double sdHr = Math.sqrt(Math.max(0, (hrSquares - hrSum * hrSum / n) / (n - 1)));

        DifferenceSums differences = DifferenceSums.of(x, d);
        int nd = differences.count();
        double rmssd = nd == 0 ? Double.NaN : Math.sqrt(differences.squares() / nd);
        double sdsd = nd < 2 ? Double.NaN : Math.sqrt(differences.variance());
        double pnn50 = nd == 0 ? Double.NaN : 100.0 * differences.over50() / nd;
        double pnn20 = nd == 0 ? Double.NaN : 100.0 * differences.over20() / nd;
        int nn50 = differences.over50();
        int nn20 = differences.over20();
        return new HrvTimeDomain(n, mean, sdnn, rmssd, sdsd, nn50, pnn50, nn20, pnn20, min, max,
                Stats.median(x), meanHr, sdHr, 60000.0 / max, 60000.0 / min);
    }

    private static HrvGeometric geometric(double[] x) {
        int[] counts = Histograms.counts(x, HrvGeometric.BIN_WIDTH_MILLIS);
        double index = (double) x.length / Histograms.maxCount(counts);
        double tinn = Histograms.tinnBins(counts) * HrvGeometric.BIN_WIDTH_MILLIS;
        return new HrvGeometric(index, tinn);
    }

    private static HrvBaevskyIndex baevsky(double[] x) {
        int[] counts = Histograms.counts(x, HrvBaevskyIndex.BIN_WIDTH_MILLIS);
        double amo = 100.0 * Histograms.maxCount(counts) / x.length;
        double mo = Stats.median(x) / 1000.0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = (max - min) / 1000.0;
        double si = range > 0 ? amo / (2 * mo * range) : Double.NaN;
        return new HrvBaevskyIndex(amo, mo, range, si, Math.sqrt(si));
    }

    private static HrvPoincare poincare(double[] x, double @Nullable [] d) {
        double varianceNn = Stats.sampleVariance(x);
        double varianceDiff = DifferenceSums.of(x, d).variance();
        double sd1 = Math.sqrt(0.5 * varianceDiff);
        double sd2 = Math.sqrt(Math.max(0, 2 * varianceNn - 0.5 * varianceDiff));
        return new HrvPoincare(sd1, sd2, sd2 > 0 ? sd1 / sd2 : Double.NaN, Math.PI * sd1 * sd2);
    }

    /**
     * Sums over successive differences: those given, or all of {@code x} when none are given,
     * computed on the fly so that the common case allocates no array. Differences average near
     * zero, so the one-pass variance needs no shift.
     */
    private record DifferenceSums(int count, double sum, double squares, int over50, int over20) {

        static DifferenceSums of(double[] x, double @Nullable [] d) {
            int count = d == null ? Math.max(0, x.length - 1) : d.length;
            double sum = 0;
            double squares = 0;
            int over50 = 0;
            int over20 = 0;
            for (int i = 0; i < count; i++) {
                double v = d == null ? x[i + 1] - x[i] : d[i];
                double magnitude = Math.abs(v);
                sum += v;
                squares += v * v;
                over50 += magnitude > 50 ? 1 : 0;
                over20 += magnitude > 20 ? 1 : 0;
            }
            return new DifferenceSums(count, sum, squares, over50, over20);
        }

        /** Returns the sample variance (divisor n − 1), or 0 for fewer than two differences. */
        double variance() {
            return count < 2 ? 0 : Math.max(0, (squares - sum * sum / count) / (count - 1));
        }
    }

    // ---- frequency domain ----

    private static @Nullable HrvFrequencyDomain welch(List<RrIntervals> runs, HrvOptions options) {
        double fs = options.resampleHz();
        int segmentLength = (int) Math.round(options.welchSegment().toMillis() / 1000.0 * fs);
        double minimumSeconds = options.minimumSpectralDuration().toMillis() / 1000.0;
        List<RrIntervals> usable = new ArrayList<>();
        List<double[]> beatSeconds = new ArrayList<>();
        int longest = 0;
        for (RrIntervals run : runs) {
            if (run.size() < 4) {
                continue;
            }
            double[] t = run.beatTimesMillis();
            double origin = t[0];
            for (int i = 0; i < t.length; i++) {
                t[i] = (t[i] - origin) / 1000.0;
            }
            if (t[t.length - 1] < minimumSeconds) {
                continue;
            }
            usable.add(run);
            beatSeconds.add(t);
            longest = Math.max(longest, tachogramSamples(t, fs));
        }
        if (usable.isEmpty()) {
            return null;
        }

        // Segments never cross a gap, so each run's tachogram is cut into segments on its own. It
        // is evaluated one step at a time into a buffer of one segment instead of as a whole.
        int length = Math.min(segmentLength, longest);
        int step = Welch.step(length, options.welchOverlap());
        Welch estimator = new Welch(length, fs, Welch.Window.valueOf(options.welchWindow().name()), options.minimumFftSize(),
                HrvFrequencyDomain.HF_HIGH);
        double[] segment = new double[length];
        for (int r = 0; r < usable.size(); r++) {
            double[] t = beatSeconds.get(r);
            int samples = tachogramSamples(t, fs);
            if (samples < length) {
                continue;
            }
            CubicSpline.Cursor tachogram = CubicSpline.natural(t, usable.get(r).intervalsView()).cursor(0, 1.0 / fs);
            tachogram.fill(segment, 0, length);
            estimator.add(segment, 0);
            for (int end = length + step; end <= samples; end += step) {
                System.arraycopy(segment, step, segment, 0, length - step);
                tachogram.fill(segment, length - step, step);
                estimator.add(segment, 0);
            }
        }

        Spectrum spectrum = estimator.density();
        if (options.compensateSplineResponse()) {
            spectrum = compensateSplineResponse(spectrum, meanIntervalSeconds(runs));
        }
        return bands(HrvSpectralMethod.WELCH, spectrum);
    }

    /** Returns the number of samples at {@code fs} from the first beat to the last one, both included. */
    private static int tachogramSamples(double[] beatSeconds, double fs) {
        return (int) Math.floor(beatSeconds[beatSeconds.length - 1] * fs) + 1;
    }

    /** Divides the density by the power response of cardinal cubic-spline interpolation, gain capped at 2. */
    private static Spectrum compensateSplineResponse(Spectrum s, double meanIntervalSeconds) {
        double[] density = new double[s.size()];
        for (int k = 0; k < density.length; k++) {
            double nu = k * s.resolution() * meanIntervalSeconds;
            double gain = 2.0;
            if (nu == 0) {
                gain = 1.0;
            } else if (nu < 0.5) {
                double sinc = Math.sin(Math.PI * nu) / (Math.PI * nu);
                double response = sinc * sinc * sinc * sinc * 3.0 / (2.0 + Math.cos(2 * Math.PI * nu));
                gain = Math.min(2.0, 1.0 / (response * response));
            }
            density[k] = s.densityAt(k) * gain;
        }
        return new Spectrum(density, s.resolution());
    }

    private static double meanIntervalSeconds(List<RrIntervals> runs) {
        double sum = 0;
        int count = 0;
        for (RrIntervals run : runs) {
            sum += run.totalIntervalMillis();
            count += run.size();
        }
        return sum / count / 1000.0;
    }

    private static @Nullable HrvFrequencyDomain lombScargle(RrIntervals nn, HrvOptions options) {
        double[] t = nn.beatTimesMillis();
        double origin = t[0];
        for (int i = 0; i < t.length; i++) {
            t[i] = (t[i] - origin) / 1000.0;
        }
        double span = t[t.length - 1];
        if (span < options.minimumSpectralDuration().toMillis() / 1000.0) {
            return null;
        }
        double[] x = nn.intervalsMillis();
        double meanInterval = Stats.mean(x) / 1000.0;
        double duration = x.length * meanInterval;
        double resolution = Math.max(1.0 / (options.lombScargleOversampling() * duration),
                HrvFrequencyDomain.HF_HIGH / options.lombScargleMaxBins());
        int bins = (int) Math.ceil(HrvFrequencyDomain.HF_HIGH / resolution) + 1;
        Spectrum s = LombScargle.density(t, x, meanInterval, resolution, bins, 0);
        return bands(HrvSpectralMethod.LOMB_SCARGLE, s);
    }

    private static HrvFrequencyDomain bands(HrvSpectralMethod method, Spectrum s) {
        double vlf = s.bandPower(HrvFrequencyDomain.VLF_LOW, HrvFrequencyDomain.LF_LOW);
        double lf = s.bandPower(HrvFrequencyDomain.LF_LOW, HrvFrequencyDomain.HF_LOW);
        double hf = s.bandPower(HrvFrequencyDomain.HF_LOW, HrvFrequencyDomain.HF_HIGH);
        double total = vlf + lf + hf;
        return new HrvFrequencyDomain(method, s.resolution(), vlf, lf, hf, total,
                100 * vlf / total, 100 * lf / total, 100 * hf / total,
                100 * lf / (lf + hf), 100 * hf / (lf + hf), lf / hf,
                s.peakFrequency(HrvFrequencyDomain.VLF_LOW, HrvFrequencyDomain.LF_LOW),
                s.peakFrequency(HrvFrequencyDomain.LF_LOW, HrvFrequencyDomain.HF_LOW),
                s.peakFrequency(HrvFrequencyDomain.HF_LOW, HrvFrequencyDomain.HF_HIGH));
    }

    // ---- helpers ----

    private static void requireIntervals(RrIntervals nn, int minimum) {
        if (nn.size() < minimum) {
            throw new IllegalArgumentException("This HRV measure needs at least " + minimum + " intervals, got "
                    + nn.size() + "; pass a longer series");
        }
    }

    private static double[] concatenate(List<RrIntervals> runs) {
        int total = 0;
        for (RrIntervals run : runs) {
            total += run.size();
        }
        double[] all = new double[total];
        int k = 0;
        for (RrIntervals run : runs) {
            for (int i = 0; i < run.size(); i++) {
                all[k++] = run.intervalMillisAt(i);
            }
        }
        return all;
    }

    private static double[] differencesWithinRuns(List<RrIntervals> runs) {
        int total = 0;
        for (RrIntervals run : runs) {
            total += Math.max(0, run.size() - 1);
        }
        double[] d = new double[total];
        int k = 0;
        for (RrIntervals run : runs) {
            for (int i = 1; i < run.size(); i++) {
                d[k++] = run.intervalMillisAt(i) - run.intervalMillisAt(i - 1);
            }
        }
        return d;
    }

    private static RrIntervals longestRun(List<RrIntervals> runs) {
        RrIntervals longest = runs.get(0);
        for (RrIntervals run : runs) {
            if (run.size() > longest.size()) {
                longest = run;
            }
        }
        return longest;
    }

    /** Splits at gaps like {@link RrIntervals#splitAtGaps}, so indexes can be mapped back by beat time. */
    private static List<RrIntervals> splitKeepingIndexes(RrIntervals rr, HrvOptions options) {
        return rr.isEmpty() ? List.of() : rr.splitAtGaps(options.maxGap());
    }

    /** Returns the index in {@code rr} of the first beat of {@code run}, searching from {@code from}. */
    private static int indexOf(RrIntervals rr, RrIntervals run, int from) {
        double first = run.beatTimeMillisAt(0);
        for (int i = from; i < rr.size(); i++) {
            if (rr.beatTimeMillisAt(i) == first) {
                return i;
            }
        }
        return from;
    }

    /** Replaces flagged values by linear interpolation between the nearest unflagged neighbours. */
    private static double[] interpolateFlagged(double[] x, byte[] classes) {
        double[] out = x.clone();
        int n = x.length;
        int previousGood = -1;
        for (int i = 0; i < n; i++) {
            if (classes[i] == ArtefactDetector.NORMAL) {
                previousGood = i;
                continue;
            }
            int nextGood = i + 1;
            while (nextGood < n && classes[nextGood] != ArtefactDetector.NORMAL) {
                nextGood++;
            }
            if (previousGood < 0 && nextGood >= n) {
                out[i] = Stats.median(x);
            } else if (previousGood < 0) {
                out[i] = x[nextGood];
            } else if (nextGood >= n) {
                out[i] = x[previousGood];
            } else {
                double fraction = (double) (i - previousGood) / (nextGood - previousGood);
                out[i] = x[previousGood] + fraction * (x[nextGood] - x[previousGood]);
            }
        }
        return out;
    }

    /** Nudges equal or decreasing times (from a missed-beat split meeting a measured beat) forward by a microsecond. */
    private static double[] strictlyIncreasing(double[] times) {
        for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
                times[i] = times[i - 1] + 1e-3;
            }
        }
        return times;
    }
}
