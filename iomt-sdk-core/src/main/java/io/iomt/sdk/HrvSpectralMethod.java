package io.iomt.sdk;

/** Spectral estimators for frequency-domain HRV. Immutable and thread-safe, like every enum. */
public enum HrvSpectralMethod {
    /**
     * Welch's averaged periodogram of the tachogram resampled at {@link HrvOptions#resampleHz()}
     * by a natural cubic spline through the beat times.
     */
    WELCH,
    /**
     * Lomb–Scargle periodogram of the unevenly spaced NN intervals at their beat times, scaled
     * to the same one-sided density as Welch ({@code 2 P(f) Δ}, Δ the mean NN interval in
     * seconds), so band powers of the two agree.
     */
    LOMB_SCARGLE
}
