package io.iomt.sdk.internal.hrv;

import java.util.Arrays;

/**
 * Beat classification of an RR series after Lipponen and Tarvainen (2019, "A robust algorithm
 * for heart rate variability time series artefact correction using novel beat classification",
 * J Med Eng Technol 43(3)), and the Malik 20 % rule. Stateless and thread-safe.
 *
 * <p>Lipponen–Tarvainen works on two normalised series. {@code dRRs} is the successive difference
 * divided by a time-varying threshold of 5.2 quartile deviations (at least 10 % of the local
 * median interval, a floor added here) of {@code |dRR|} over the 91
 * surrounding beats. {@code mRRs} is the difference from an 11-beat median, doubled where
 * negative, divided by 5.2 quartile deviations of {@code |mRR|} over 91 beats. A beat is ectopic
 * when {@code dRRs} and the larger (or smaller) neighbour form the short–long or long–short
 * pattern of the paper's first decision subspace ({@code c1 = 0.13}, {@code c2 = 0.17}); it is
 * long or short when the second subspace or {@code |mRRs| > 3} flags it; a long beat that halves
 * into the local median is a missed beat, and a short beat that, added to the next one, makes
 * the local median is an extra beat.
 */
public final class ArtefactDetector {

    /** Beat class codes. */
    public static final byte NORMAL = 0;
    /** Ectopic beat (short–long or long–short pair). */
    public static final byte ECTOPIC = 1;
    /** Interval too long for its neighbours, not explained by one missed beat. */
    public static final byte LONG = 2;
    /** Interval too short for its neighbours, not explained by one extra beat. */
    public static final byte SHORT = 3;
    /** Interval that spans two beats because a detection was missed. */
    public static final byte MISSED = 4;
    /** Interval cut short by a false detection; with the next one it makes one beat. */
    public static final byte EXTRA = 5;

    private static final double ALPHA = 5.2;
    private static final double C1 = 0.13;
    private static final double C2 = 0.17;
    private static final int THRESHOLD_WINDOW = 91;
    private static final int MEDIAN_WINDOW = 11;
    /**
     * Smallest threshold as a fraction of the local median interval. This floor is not in the
     * paper: without it a very regular rhythm (paced, or a synthetic sine) has a quartile
     * deviation near zero and every ordinary beat-to-beat change gets flagged.
     */
    private static final double MIN_THRESHOLD_FRACTION = 0.10;

    private ArtefactDetector() {
    }

    /** Returns one class code per interval, by Lipponen–Tarvainen. */
    public static byte[] lipponenTarvainen(double[] rr) {
        int n = rr.length;
        byte[] classes = new byte[n];
        if (n < 4) {
            return classes;
        }
        double[] median = movingMedian(rr, MEDIAN_WINDOW);
        double[] drr = new double[n];
        for (int i = 1; i < n; i++) {
            drr[i] = rr[i] - rr[i - 1];
        }
        // The first difference is unknown; take the mean of the others so it is never extreme.
        drr[0] = Stats.mean(drr, 1, n);
        double[] th1 = movingQuartileDeviation(absolute(drr), THRESHOLD_WINDOW);
        double[] drrs = new double[n];
        for (int i = 0; i < n; i++) {
            drrs[i] = drr[i] / Math.max(ALPHA * th1[i], MIN_THRESHOLD_FRACTION * median[i]);
        }

        double[] mrr = new double[n];
        for (int i = 0; i < n; i++) {
            double d = rr[i] - median[i];
            mrr[i] = d < 0 ? 2 * d : d;
        }
        double[] th2 = movingQuartileDeviation(absolute(mrr), THRESHOLD_WINDOW);
        double[] mrrs = new double[n];
        for (int i = 0; i < n; i++) {
            th2[i] = Math.max(ALPHA * th2[i], MIN_THRESHOLD_FRACTION * median[i]);
            mrrs[i] = mrr[i] / th2[i];
        }

        for (int i = 0; i < n; i++) {
            double s11 = drrs[i];
            double previous = i > 0 ? drrs[i - 1] : 0;
            double next = i + 1 < n ? drrs[i + 1] : 0;
            double s12 = s11 > 0 ? Math.max(previous, next) : Math.min(previous, next);
            boolean ectopic = (s11 > 1 && s12 < -C1 * s11 - C2) || (s11 < -1 && s12 > -C1 * s11 + C2);
            if (ectopic) {
                classes[i] = ECTOPIC;
                continue;
            }
            double next2 = i + 2 < n ? drrs[i + 2] : 0;
            double s22 = s11 >= 0 ? Math.min(next, next2) : Math.max(next, next2);
            boolean longBeat = (s11 > 1 && s22 < -1) || mrrs[i] > 3;
            boolean shortBeat = (s11 < -1 && s22 > 1) || mrrs[i] < -3;
            if (!(Math.abs(s11) > 1 || Math.abs(mrrs[i]) > 3) || !(longBeat || shortBeat)) {
                continue;
            }
            if (longBeat) {
                classes[i] = Math.abs(rr[i] / 2 - median[i]) < th2[i] ? MISSED : LONG;
            } else {
                boolean extra = i + 1 < n && Math.abs(rr[i] + rr[i + 1] - median[i]) < th2[i];
                classes[i] = extra ? EXTRA : SHORT;
            }
        }
        return classes;
    }

    /**
     * Returns one class code per interval by the Malik rule: an interval that differs by more
     * than 20 % from the last accepted interval is flagged (as {@link #LONG} or {@link #SHORT}),
     * and the accepted reference stays unchanged across flagged intervals.
     */
    public static byte[] malik(double[] rr) {
        int n = rr.length;
        byte[] classes = new byte[n];
        if (n == 0) {
            return classes;
        }
        // Start from the median so a flagged first interval does not become the reference.
        double reference = Stats.median(Arrays.copyOf(rr, Math.min(n, MEDIAN_WINDOW)));
        for (int i = 0; i < n; i++) {
            double change = (rr[i] - reference) / reference;
            if (change > 0.2) {
                classes[i] = LONG;
            } else if (change < -0.2) {
                classes[i] = SHORT;
            } else {
                reference = rr[i];
            }
        }
        return classes;
    }

    private static double[] absolute(double[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = Math.abs(x[i]);
        }
        return a;
    }

    /** Returns the centred moving median over {@code window} values, shrunk at the ends. */
    static double[] movingMedian(double[] x, int window) {
        int n = x.length;
        int halfWindow = window / 2;
        double[] out = new double[n];
        double[] buffer = new double[window];
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - halfWindow);
            int to = Math.min(n, i + halfWindow + 1);
            System.arraycopy(x, from, buffer, 0, to - from);
            Arrays.sort(buffer, 0, to - from);
            out[i] = Stats.medianOfSorted(buffer, 0, to - from);
        }
        return out;
    }

    /** Returns the centred moving quartile deviation {@code (Q3 − Q1) / 2} over {@code window} values. */
    static double[] movingQuartileDeviation(double[] x, int window) {
        int n = x.length;
        int halfWindow = window / 2;
        double[] out = new double[n];
        double[] buffer = new double[window];
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - halfWindow);
            int to = Math.min(n, i + halfWindow + 1);
            System.arraycopy(x, from, buffer, 0, to - from);
            Arrays.sort(buffer, 0, to - from);
            double q1 = Stats.quantileOfSorted(buffer, 0, to - from, 0.25);
            double q3 = Stats.quantileOfSorted(buffer, 0, to - from, 0.75);
            out[i] = (q3 - q1) / 2;
        }
        return out;
    }
}
