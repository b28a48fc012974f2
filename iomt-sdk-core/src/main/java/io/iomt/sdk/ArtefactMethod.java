package io.iomt.sdk;

/** Detectors of ectopic beats and artefacts in an RR series. Immutable and thread-safe. */
public enum ArtefactMethod {
    /**
     * Lipponen and Tarvainen (2019): time-varying thresholds on successive differences and on the
     * difference from an 11-beat median, with beat classes ectopic, long, short, missed and
     * extra. The default.
     */
    LIPPONEN_TARVAINEN,
    /** Malik's rule: an interval that differs by more than 20 % from the last accepted interval. */
    MALIK
}
