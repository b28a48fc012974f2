package io.iomt.sdk;

/**
 * Frequency-domain HRV measures in the Task Force bands: VLF 0.0033–0.04 Hz, LF 0.04–0.15 Hz and
 * HF 0.15–0.40 Hz, each band half-open {@code [low, high)}. Band power is the sum of the
 * one-sided density times the frequency step over the band's bins. Immutable and thread-safe;
 * {@link #toString()} shows only the method.
 *
 * @param method the estimator used
 * @param resolutionHz frequency step of the spectrum, in Hz
 * @param vlf VLF power in ms²
 * @param lf LF power in ms²
 * @param hf HF power in ms²
 * @param total {@code vlf + lf + hf}, in ms²
 * @param vlfPercent {@code vlf / total · 100}
 * @param lfPercent {@code lf / total · 100}
 * @param hfPercent {@code hf / total · 100}
 * @param lfNu LF in normalised units, {@code lf / (lf + hf) · 100}
 * @param hfNu HF in normalised units, {@code hf / (lf + hf) · 100}
 * @param lfHfRatio {@code lf / hf}
 * @param vlfPeakHz frequency of the largest VLF density, in Hz
 * @param lfPeakHz frequency of the largest LF density, in Hz
 * @param hfPeakHz frequency of the largest HF density, in Hz
 */
public record HrvFrequencyDomain(HrvSpectralMethod method, double resolutionHz, double vlf, double lf, double hf,
        double total, double vlfPercent, double lfPercent, double hfPercent, double lfNu, double hfNu, double lfHfRatio,
        double vlfPeakHz, double lfPeakHz, double hfPeakHz) {

    /** Lower edge of the VLF band in Hz. */
    public static final double VLF_LOW = 0.0033;
    /** Upper edge of VLF and lower edge of LF, in Hz. */
    public static final double LF_LOW = 0.04;
    /** Upper edge of LF and lower edge of HF, in Hz. */
    public static final double HF_LOW = 0.15;
    /** Upper edge of the HF band in Hz. */
    public static final double HF_HIGH = 0.40;

    @Override
    public String toString() {
        return "HrvFrequencyDomain[" + method + "]";
    }
}
