package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HrvInputTest {

    @Test
    void negativeIntervalRejectedWithoutValue() {
        assertThatThrownBy(() -> RrIntervals.ofMillis(800, -812.5, 790))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 1")
                .hasMessageNotContaining("812");
    }

    @Test
    void nonFiniteIntervalRejected() {
        assertThatThrownBy(() -> RrIntervals.ofMillis(800, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive finite");
    }

    @Test
    void decreasingBeatTimesRejected() {
        assertThatThrownBy(() -> RrIntervals.of(new double[] {1000, 900}, new double[] {800, 800}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing");
    }

    @Test
    void wrongSeriesMetricRejected() {
        Series hr = Series.builder(Metric.HEART_RATE).add(1000, 70).build();

        assertThatThrownBy(() -> RrIntervals.fromSeries(hr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rr-interval");
    }

    @Test
    void seriesGivesBeatTimes() {
        Series rr = Series.builder(Metric.RR_INTERVAL).add(5_000, 800).add(5_810, 810).build();

        RrIntervals intervals = RrIntervals.fromSeries(rr);

        assertThat(intervals.beatTimeMillisAt(1)).isEqualTo(5810.0);
        assertThat(intervals.intervalMillisAt(1)).isEqualTo(810.0);
    }

    @Test
    void sampleEntropyRejectsLongInput() {
        RrIntervals day = RrIntervals.ofMillis(HrvTestData.nsr022Millis()).keepWithin(300, 2000);

        assertThatThrownBy(() -> HrvAnalysis.sampleEntropy(day, HrvOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 5000 intervals")
                .hasMessageContaining("short windows");
    }

    @Test
    void tooFewIntervalsRejected() {
        assertThatThrownBy(() -> HrvAnalysis.timeDomain(RrIntervals.ofMillis(800, 810)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 intervals");
    }

    @Test
    void shortSeriesHasNoSpectrum() {
        RrIntervals minute = HrvTestData.millis("derived/rrhealthy_007_seg300s_from0_ms.txt").slice(0, 70);

        assertThat(HrvAnalysis.analyze(minute).welch()).isNull();
        assertThatThrownBy(() -> HrvAnalysis.frequencyDomain(minute, HrvOptions.defaults(), HrvSpectralMethod.WELCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minimumSpectralDuration");
    }

    @Test
    void toStringShowsNoValue() {
        RrIntervals nn = HrvTestData.millis("derived/rrhealthy_007_seg300s_from0_ms.txt");
        HrvMetrics metrics = HrvAnalysis.analyze(nn);
        String rmssd = String.valueOf(metrics.timeDomain().rmssd());

        assertThat(metrics.toString()).doesNotContain(rmssd);
        assertThat(metrics.timeDomain().toString()).doesNotContain(rmssd).doesNotContain("rmssd");
        assertThat(metrics.poincare().toString()).doesNotContain(String.valueOf(metrics.poincare().sd1()));
        assertThat(nn.toString()).doesNotContain(String.valueOf(nn.intervalMillisAt(0)));
    }

    @Test
    void constantSeriesHasUndefinedStressIndex() {
        double[] rr = new double[100];
        java.util.Arrays.fill(rr, 900);

        HrvBaevskyIndex baevsky = HrvAnalysis.baevsky(RrIntervals.ofMillis(rr));

        assertThat(baevsky.stressIndex()).isNaN();
        assertThat(baevsky.modeAmplitudePercent()).isEqualTo(100.0);
    }
}
