package io.iomt.sdk;

/** Whether a window of beats is good enough to score, and if not, why. Immutable and thread-safe. */
public enum HrvScorability {
    /** The window has enough beats and few enough artefacts. */
    SCORABLE,
    /** The window is shorter than {@link HrvOptions#minimumDuration()} or has fewer than {@link HrvOptions#minimumIntervals()} intervals. */
    TOO_SHORT,
    /** The share of artefacts exceeds {@link HrvOptions#maxArtefactShare()}. */
    TOO_MANY_ARTEFACTS
}
