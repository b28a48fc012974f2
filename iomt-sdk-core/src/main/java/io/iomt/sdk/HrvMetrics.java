package io.iomt.sdk;

import org.jspecify.annotations.Nullable;

/**
 * The HRV measures of one NN series, as computed by {@link HrvAnalysis#analyze(RrIntervals,
 * HrvOptions)}. Each component documents its conventions. Immutable and thread-safe;
 * {@link #toString()} shows the count and which parts are present, never a value.
 *
 * @param count number of NN intervals
 * @param timeDomain time-domain measures
 * @param geometric triangular index and TINN
 * @param baevsky Baevsky's stress index and its square root
 * @param poincare Poincaré SD1 and SD2
 * @param welch Welch spectrum measures, or {@code null} when no run lasts
 *     {@link HrvOptions#minimumSpectralDuration()}
 * @param lombScargle Lomb–Scargle spectrum measures, or {@code null} when not requested
 *     ({@link HrvOptions#lombScargle()}) or the series is shorter than
 *     {@link HrvOptions#minimumSpectralDuration()}
 * @param dfaAlpha1 short-term DFA exponent α1 over boxes of 4 to 16 beats, or NaN when the longest
 *     run has fewer than 32 intervals
 * @param sampleEntropy sample entropy with m = 2 and r = 0.2 · SDNN, or NaN when not requested
 *     ({@link HrvOptions#sampleEntropy()})
 */
public record HrvMetrics(int count, HrvTimeDomain timeDomain, HrvGeometric geometric, HrvBaevskyIndex baevsky,
        HrvPoincare poincare, @Nullable HrvFrequencyDomain welch, @Nullable HrvFrequencyDomain lombScargle,
        double dfaAlpha1, double sampleEntropy) {

    @Override
    public String toString() {
        return "HrvMetrics[count=" + count + ", welch=" + (welch != null) + ", lombScargle=" + (lombScargle != null) + "]";
    }
}
