package io.iomt.sdk;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Result of artefact detection on an RR series: counts per beat class, the share of flagged
 * intervals, their indexes, and the corrected NN series.
 *
 * <p>Correction follows the beat class. An extra beat is merged with the next interval, and a
 * missed beat is split into equal parts. An ectopic, long or short interval is replaced by
 * linear interpolation between the nearest unflagged neighbours. Every corrected interval keeps
 * a beat time on the original axis.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows counts only.
 */
public final class ArtefactReport {

    private final ArtefactMethod method;
    private final int intervals;
    private final int ectopic;
    private final int longOrShort;
    private final int missed;
    private final int extra;
    private final int[] flaggedIndexes;
    private final RrIntervals corrected;

    /**
     * Creates a report; {@code flaggedIndexes} is copied.
     *
     * @param intervals number of intervals examined
     */
    public ArtefactReport(ArtefactMethod method, int intervals, int ectopic, int longOrShort, int missed, int extra,
            int[] flaggedIndexes, RrIntervals corrected) {
        this.method = Objects.requireNonNull(method, "method");
        this.intervals = intervals;
        this.ectopic = ectopic;
        this.longOrShort = longOrShort;
        this.missed = missed;
        this.extra = extra;
        this.flaggedIndexes = flaggedIndexes.clone();
        this.corrected = Objects.requireNonNull(corrected, "corrected");
    }

    /** Returns the detector used. */
    public ArtefactMethod method() {
        return method;
    }

    /** Returns the number of intervals examined. */
    public int intervals() {
        return intervals;
    }

    /** Returns the number of flagged intervals, all classes together. */
    public int artefacts() {
        return flaggedIndexes.length;
    }

    /** Returns the flagged intervals as a fraction of all intervals, from 0 to 1; 0 for an empty series. */
    public double share() {
        return intervals == 0 ? 0 : (double) flaggedIndexes.length / intervals;
    }

    /** Returns the number of ectopic beats. */
    public int ectopic() {
        return ectopic;
    }

    /** Returns the number of long or short intervals that are neither missed nor extra beats; the Malik rule reports all its flags here. */
    public int longOrShort() {
        return longOrShort;
    }

    /** Returns the number of missed beats. */
    public int missed() {
        return missed;
    }

    /** Returns the number of extra (false) beats. */
    public int extra() {
        return extra;
    }

    /** Returns a copy of the indexes of flagged intervals, ascending. */
    public int[] flaggedIndexes() {
        return flaggedIndexes.clone();
    }

    /** Returns the corrected NN series. */
    public RrIntervals corrected() {
        return corrected;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof ArtefactReport that && method == that.method && intervals == that.intervals
                && ectopic == that.ectopic && longOrShort == that.longOrShort && missed == that.missed
                && extra == that.extra && Arrays.equals(flaggedIndexes, that.flaggedIndexes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, intervals, ectopic, longOrShort, missed, extra, Arrays.hashCode(flaggedIndexes));
    }

    @Override
    public String toString() {
        return "ArtefactReport[" + method + ", intervals=" + intervals + ", artefacts=" + flaggedIndexes.length
                + ", ectopic=" + ectopic + ", longOrShort=" + longOrShort + ", missed=" + missed + ", extra=" + extra + "]";
    }
}
