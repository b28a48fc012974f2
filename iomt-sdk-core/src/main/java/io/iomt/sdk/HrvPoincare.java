package io.iomt.sdk;

/**
 * Poincaré plot descriptors of an NN series, from variances with divisor n − 1:
 * {@code SD1² = ½ var(ΔNN)} and {@code SD2² = 2 var(NN) − ½ var(ΔNN)}. Tools that use population
 * variance (pyHRV) give slightly smaller values. Immutable and thread-safe;
 * {@link #toString()} shows no value.
 *
 * @param sd1 short-term variability, in ms
 * @param sd2 long-term variability, in ms
 * @param sd1Sd2Ratio {@code sd1 / sd2}, dimensionless; NaN when SD2 is 0
 * @param ellipseArea {@code π · SD1 · SD2}, in ms²
 */
public record HrvPoincare(double sd1, double sd2, double sd1Sd2Ratio, double ellipseArea) {

    @Override
    public String toString() {
        return "HrvPoincare[]";
    }
}
