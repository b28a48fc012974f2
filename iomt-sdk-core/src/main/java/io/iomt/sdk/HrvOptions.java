package io.iomt.sdk;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings for {@link HrvAnalysis}: spectral estimation, artefact handling, gap splitting and the
 * minimum a window needs to be scored. Build with {@link #builder()}; {@link #defaults()} gives
 * the values documented on each accessor.
 *
 * <p>Immutable and thread-safe. {@link Builder} is not thread-safe.
 */
public final class HrvOptions {

    private static final HrvOptions DEFAULTS = builder().build();

    private final double resampleHz;
    private final Duration welchSegment;
    private final double welchOverlap;
    private final HrvWindowFunction welchWindow;
    private final int minimumFftSize;
    private final boolean compensateSplineResponse;
    private final int lombScargleOversampling;
    private final int lombScargleMaxBins;
    private final Duration minimumSpectralDuration;
    private final boolean lombScargle;
    private final boolean sampleEntropy;
    private final int sampleEntropyMaxIntervals;
    private final ArtefactMethod artefactMethod;
    private final Duration maxGap;
    private final Duration minimumDuration;
    private final int minimumIntervals;
    private final double maxArtefactShare;

    private HrvOptions(Builder b) {
        this.resampleHz = b.resampleHz;
        this.welchSegment = b.welchSegment;
        this.welchOverlap = b.welchOverlap;
        this.welchWindow = b.welchWindow;
        this.minimumFftSize = b.minimumFftSize;
        this.compensateSplineResponse = b.compensateSplineResponse;
        this.lombScargleOversampling = b.lombScargleOversampling;
        this.lombScargleMaxBins = b.lombScargleMaxBins;
        this.minimumSpectralDuration = b.minimumSpectralDuration;
        this.lombScargle = b.lombScargle;
        this.sampleEntropy = b.sampleEntropy;
        this.sampleEntropyMaxIntervals = b.sampleEntropyMaxIntervals;
        this.artefactMethod = b.artefactMethod;
        this.maxGap = b.maxGap;
        this.minimumDuration = b.minimumDuration;
        this.minimumIntervals = b.minimumIntervals;
        this.maxArtefactShare = b.maxArtefactShare;
    }

    /** Returns the default options. */
    public static HrvOptions defaults() {
        return DEFAULTS;
    }

    /** Returns a builder preset with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder preset with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.resampleHz = resampleHz;
        b.welchSegment = welchSegment;
        b.welchOverlap = welchOverlap;
        b.welchWindow = welchWindow;
        b.minimumFftSize = minimumFftSize;
        b.compensateSplineResponse = compensateSplineResponse;
        b.lombScargleOversampling = lombScargleOversampling;
        b.lombScargleMaxBins = lombScargleMaxBins;
        b.minimumSpectralDuration = minimumSpectralDuration;
        b.lombScargle = lombScargle;
        b.sampleEntropy = sampleEntropy;
        b.sampleEntropyMaxIntervals = sampleEntropyMaxIntervals;
        b.artefactMethod = artefactMethod;
        b.maxGap = maxGap;
        b.minimumDuration = minimumDuration;
        b.minimumIntervals = minimumIntervals;
        b.maxArtefactShare = maxArtefactShare;
        return b;
    }

    /** Returns the rate, in Hz, at which the cubic-spline tachogram is resampled for Welch; default 4 Hz. */
    public double resampleHz() {
        return resampleHz;
    }

    /**
     * Returns the Welch segment length; default 256 s (1024 samples at 4 Hz). A run shorter than
     * one segment is analysed as a single segment.
     */
    public Duration welchSegment() {
        return welchSegment;
    }

    /** Returns the fraction of a Welch segment shared with the next one; default 0.5. */
    public double welchOverlap() {
        return welchOverlap;
    }

    /** Returns the taper applied to each Welch segment; default {@link HrvWindowFunction#HANN}. */
    public HrvWindowFunction welchWindow() {
        return welchWindow;
    }

    /** Returns the smallest FFT size; segments are zero-padded to a power of two of at least this; default 1024. */
    public int minimumFftSize() {
        return minimumFftSize;
    }

    /**
     * Returns whether the Welch density is divided by the power response of cubic-spline
     * interpolation; default true.
     *
     * <p>Resampling beats with a cubic spline acts as a low-pass filter. For beats a mean
     * interval {@code T} apart, the response of cardinal cubic-spline interpolation at
     * {@code ν = f T} is {@code H(ν) = sinc⁴(ν) · 3 / (2 + cos 2πν)}, so at 60 bpm a 0.25-Hz
     * oscillation keeps only 97 % of its power. With compensation, each density bin is divided by
     * {@code H²}, with the gain capped at 2 (near the beat rate's Nyquist frequency the data
     * cannot support more). Turn it off to reproduce tools that do not compensate, such as
     * Kubios and pyHRV.
     */
    public boolean compensateSplineResponse() {
        return compensateSplineResponse;
    }

    /** Returns the Lomb–Scargle frequency step as a fraction of {@code 1 / duration}: the grid step is {@code 1 / (oversampling · T)}; default 4. */
    public int lombScargleOversampling() {
        return lombScargleOversampling;
    }

    /** Returns the maximum number of Lomb–Scargle frequencies up to 0.4 Hz, which caps the cost on long records; default 2048. */
    public int lombScargleMaxBins() {
        return lombScargleMaxBins;
    }

    /** Returns the shortest run for frequency-domain measures (LF needs about 2 minutes); default 120 s. */
    public Duration minimumSpectralDuration() {
        return minimumSpectralDuration;
    }

    /** Returns whether {@link HrvAnalysis#analyze} also computes the Lomb–Scargle spectrum; default false. */
    public boolean lombScargle() {
        return lombScargle;
    }

    /** Returns whether {@link HrvAnalysis#analyze} also computes sample entropy; default false. */
    public boolean sampleEntropy() {
        return sampleEntropy;
    }

    /**
     * Returns the largest number of intervals accepted for sample entropy; default 5000, a bit
     * over an hour at 75 bpm. The cost grows with the square of the count.
     */
    public int sampleEntropyMaxIntervals() {
        return sampleEntropyMaxIntervals;
    }

    /** Returns the artefact detector; default {@link ArtefactMethod#LIPPONEN_TARVAINEN}. */
    public ArtefactMethod artefactMethod() {
        return artefactMethod;
    }

    /**
     * Returns the longest break tolerated inside a run of beats; default 2 s. A longer interval,
     * or a beat that comes this much later than its interval explains, splits the series.
     */
    public Duration maxGap() {
        return maxGap;
    }

    /** Returns the shortest window that can be scored; default 60 s (RMSSD is usable from about a minute). */
    public Duration minimumDuration() {
        return minimumDuration;
    }

    /** Returns the fewest intervals a window needs to be scored; default 40. */
    public int minimumIntervals() {
        return minimumIntervals;
    }

    /** Returns the largest share of artefacts, from 0 to 1, for a window to be scored; default 0.05. */
    public double maxArtefactShare() {
        return maxArtefactShare;
    }

    /** Collects options; every setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private double resampleHz = 4.0;
        private Duration welchSegment = Duration.ofSeconds(256);
        private double welchOverlap = 0.5;
        private HrvWindowFunction welchWindow = HrvWindowFunction.HANN;
        private int minimumFftSize = 1024;
        private boolean compensateSplineResponse = true;
        private int lombScargleOversampling = 4;
        private int lombScargleMaxBins = 2048;
        private Duration minimumSpectralDuration = Duration.ofSeconds(120);
        private boolean lombScargle;
        private boolean sampleEntropy;
        private int sampleEntropyMaxIntervals = 5000;
        private ArtefactMethod artefactMethod = ArtefactMethod.LIPPONEN_TARVAINEN;
        private Duration maxGap = Duration.ofSeconds(2);
        private Duration minimumDuration = Duration.ofSeconds(60);
        private int minimumIntervals = 40;
        private double maxArtefactShare = 0.05;

        private Builder() {
        }

        /** Sets the resampling rate in Hz, from 1 to 32. */
        public Builder resampleHz(double hz) {
            if (!(hz >= 1 && hz <= 32)) {
                throw new IllegalArgumentException("resampleHz must be between 1 and 32 Hz, got " + hz);
            }
            this.resampleHz = hz;
            return this;
        }

        /** Sets the Welch segment length, at least 10 s. */
        public Builder welchSegment(Duration segment) {
            if (segment.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException("welchSegment must be at least 10 s, got " + segment);
            }
            this.welchSegment = segment;
            return this;
        }

        /** Sets the Welch overlap fraction, in {@code [0, 0.9]}. */
        public Builder welchOverlap(double overlap) {
            if (!(overlap >= 0 && overlap <= 0.9)) {
                throw new IllegalArgumentException("welchOverlap must be between 0 and 0.9, got " + overlap);
            }
            this.welchOverlap = overlap;
            return this;
        }

        /** Sets the Welch taper. */
        public Builder welchWindow(HrvWindowFunction window) {
            this.welchWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** Sets the smallest FFT size, a power of two from 16 to 65536. */
        public Builder minimumFftSize(int size) {
            if (size < 16 || size > 65536 || Integer.bitCount(size) != 1) {
                throw new IllegalArgumentException("minimumFftSize must be a power of two from 16 to 65536, got " + size);
            }
            this.minimumFftSize = size;
            return this;
        }

        /** Sets whether the Welch density is corrected for the cubic-spline interpolation response. */
        public Builder compensateSplineResponse(boolean enabled) {
            this.compensateSplineResponse = enabled;
            return this;
        }

        /** Sets the Lomb–Scargle oversampling factor, from 1 to 64. */
        public Builder lombScargleOversampling(int factor) {
            if (factor < 1 || factor > 64) {
                throw new IllegalArgumentException("lombScargleOversampling must be between 1 and 64, got " + factor);
            }
            this.lombScargleOversampling = factor;
            return this;
        }

        /** Sets the maximum number of Lomb–Scargle frequencies, from 64 to 65536. */
        public Builder lombScargleMaxBins(int bins) {
            if (bins < 64 || bins > 65536) {
                throw new IllegalArgumentException("lombScargleMaxBins must be between 64 and 65536, got " + bins);
            }
            this.lombScargleMaxBins = bins;
            return this;
        }

        /** Sets the shortest run for frequency-domain measures, at least 10 s. */
        public Builder minimumSpectralDuration(Duration duration) {
            if (duration.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException("minimumSpectralDuration must be at least 10 s, got " + duration);
            }
            this.minimumSpectralDuration = duration;
            return this;
        }

        /** Sets whether {@link HrvAnalysis#analyze} computes the Lomb–Scargle spectrum. */
        public Builder lombScargle(boolean enabled) {
            this.lombScargle = enabled;
            return this;
        }

        /** Sets whether {@link HrvAnalysis#analyze} computes sample entropy. */
        public Builder sampleEntropy(boolean enabled) {
            this.sampleEntropy = enabled;
            return this;
        }

        /** Sets the largest input for sample entropy, from 10 to 20000 intervals. */
        public Builder sampleEntropyMaxIntervals(int max) {
            if (max < 10 || max > 20000) {
                throw new IllegalArgumentException("sampleEntropyMaxIntervals must be between 10 and 20000, got " + max);
            }
            this.sampleEntropyMaxIntervals = max;
            return this;
        }

        /** Sets the artefact detector. */
        public Builder artefactMethod(ArtefactMethod method) {
            this.artefactMethod = Objects.requireNonNull(method, "method");
            return this;
        }

        /** Sets the longest tolerated break, at least 1 s. */
        public Builder maxGap(Duration gap) {
            if (gap.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("maxGap must be at least 1 s, got " + gap);
            }
            this.maxGap = gap;
            return this;
        }

        /** Sets the shortest scorable window, at least 10 s. */
        public Builder minimumDuration(Duration duration) {
            if (duration.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException("minimumDuration must be at least 10 s, got " + duration);
            }
            this.minimumDuration = duration;
            return this;
        }

        /** Sets the fewest intervals of a scorable window, at least 3. */
        public Builder minimumIntervals(int count) {
            if (count < 3) {
                throw new IllegalArgumentException("minimumIntervals must be at least 3, got " + count);
            }
            this.minimumIntervals = count;
            return this;
        }

        /** Sets the largest artefact share of a scorable window, from 0 to 1. */
        public Builder maxArtefactShare(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("maxArtefactShare must be between 0 and 1, got " + share);
            }
            this.maxArtefactShare = share;
            return this;
        }

        /** Returns the options. */
        public HrvOptions build() {
            return new HrvOptions(this);
        }
    }
}
