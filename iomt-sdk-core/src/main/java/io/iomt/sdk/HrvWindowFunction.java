package io.iomt.sdk;

/** Taper applied to each Welch segment, in its periodic form. Immutable and thread-safe. */
public enum HrvWindowFunction {
    /** Hann window, {@code 0.5 − 0.5 cos(2πn/N)}; the default. */
    HANN,
    /** Hamming window, {@code 0.54 − 0.46 cos(2πn/N)}; what pyHRV uses. */
    HAMMING,
    /** No taper. */
    RECTANGULAR
}
