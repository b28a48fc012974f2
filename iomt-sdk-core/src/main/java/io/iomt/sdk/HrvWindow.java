package io.iomt.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link HrvAnalysis#assessWindow(RrIntervals, HrvOptions)} for one window of raw
 * beats: whether it can be scored, its artefact report, and the HRV measures of the corrected NN
 * series when it can. Immutable and thread-safe; {@link #toString()} shows no value.
 *
 * @param scorability whether the window can be scored, or why not
 * @param artefacts artefact detection on the window's beats
 * @param metrics HRV measures of the corrected series, or {@code null} unless
 *     {@code scorability} is {@link HrvScorability#SCORABLE}
 */
public record HrvWindow(HrvScorability scorability, ArtefactReport artefacts, @Nullable HrvMetrics metrics) {

    /**
     * Creates a window result.
     *
     * @throws IllegalArgumentException if metrics are present on a window that is not scorable, or missing on one that is
     */
    public HrvWindow {
        Objects.requireNonNull(scorability, "scorability");
        Objects.requireNonNull(artefacts, "artefacts");
        if ((scorability == HrvScorability.SCORABLE) != (metrics != null)) {
            throw new IllegalArgumentException("Metrics must be present exactly when the window is scorable, got "
                    + scorability);
        }
    }

    /** Returns whether the window can be scored. */
    public boolean isScorable() {
        return scorability == HrvScorability.SCORABLE;
    }

    @Override
    public String toString() {
        return "HrvWindow[" + scorability + ", " + artefacts + "]";
    }
}
