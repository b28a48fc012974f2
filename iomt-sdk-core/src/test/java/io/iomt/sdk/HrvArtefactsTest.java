package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HrvArtefactsTest {

    private static final HrvOptions MALIK = HrvOptions.builder().artefactMethod(ArtefactMethod.MALIK).build();

    @ParameterizedTest
    @EnumSource(ArtefactMethod.class)
    void hrvLibInsertedBeatsAreFlagged(ArtefactMethod method) {
        RrIntervals withArtefacts = HrvTestData.seconds("hrvlib_RR1_With_Artifacts_s.ibi");
        HrvOptions options = HrvOptions.builder().artefactMethod(method).build();

        ArtefactReport report = HrvAnalysis.detectArtefacts(withArtefacts, options);

        // The file is the cleaned one with two short intervals inserted at indexes 1 and 104.
        assertThat(report.flaggedIndexes()).contains(1, 104);
        assertThat(report.intervals()).isEqualTo(110);
        assertThat(report.share()).isEqualTo(report.artefacts() / 110.0);
    }

    @Test
    void lipponenTarvainenClassifiesInjectedArtefacts() {
        double[] clean = HrvTestData.readColumn("/hrv/derived/rrhealthy_007_seg300s_from0_ms.txt");
        double[] rr = Arrays.copyOf(clean, clean.length);
        // Ectopic: a premature beat, short then compensatory long, total time unchanged.
        rr[100] = clean[100] * 0.65;
        rr[101] = clean[101] + clean[100] * 0.35;
        // Missed beat: two intervals merged into one.
        double[] withMissed = merge(rr, 200);
        // Extra beat: one interval split by a false detection at 30 %.
        double[] withExtra = split(withMissed, 300, 0.3);

        ArtefactReport report = HrvAnalysis.detectArtefacts(RrIntervals.ofMillis(withExtra), HrvOptions.defaults());

        assertThat(report.ectopic()).isGreaterThanOrEqualTo(1);
        assertThat(report.missed()).isEqualTo(1);
        assertThat(report.extra()).isEqualTo(1);
        assertThat(report.flaggedIndexes()).contains(100, 200, 300);
        // Correction restores the beat count: one extra interval removed, one missed beat split in two.
        assertThat(report.corrected().size()).isEqualTo(withExtra.length);
        assertThat(report.corrected().totalIntervalMillis())
                .isCloseTo(RrIntervals.ofMillis(withExtra).totalIntervalMillis(), within(0.05 * 1000 * 300));
    }

    @Test
    void cleanSegmentsHaveFewFlags() {
        for (String name : List.of("rrhealthy_007_seg300s_from0_ms.txt", "nsr2db_nsr022_seg300s_from0_ms.txt",
                "synthetic_sine_0.25Hz_A50_ms.txt", "chf2db_chf219_seg300s_from0_ms.txt", "pyhrv_nsrdb_short_5min_ms.txt")) {
            RrIntervals nn = HrvTestData.millis(name.startsWith("pyhrv") ? name : "derived/" + name);

            ArtefactReport report = HrvAnalysis.detectArtefacts(nn, HrvOptions.defaults());

            assertThat(report.share()).as(name).isLessThan(0.02);
        }
    }

    @Test
    void malikFlagsTwentyPercentChange() {
        double[] rr = new double[60];
        Arrays.fill(rr, 1000);
        rr[30] = 1250;
        rr[45] = 790;

        ArtefactReport report = HrvAnalysis.detectArtefacts(RrIntervals.ofMillis(rr), MALIK);

        assertThat(report.flaggedIndexes()).containsExactly(30, 45);
        assertThat(report.longOrShort()).isEqualTo(2);
        assertThat(report.corrected().intervalMillisAt(30)).isEqualTo(1000.0);
    }

    @Test
    void seriesIsSplitAtGaps() {
        double[] rr = HrvTestData.nsr022Millis();

        List<RrIntervals> runs = RrIntervals.ofMillis(rr).splitAtGaps(Duration.ofSeconds(2));

        int kept = runs.stream().mapToInt(RrIntervals::size).sum();
        long longIntervals = Arrays.stream(rr).filter(v -> v > 2000).count();
        assertThat(runs.size()).isGreaterThan(1);
        assertThat(kept).isEqualTo(rr.length - (int) longIntervals);
    }

    @Test
    void timeJumpSplitsSeries() {
        double[] times = {1000, 2000, 3000, 9000, 10000, 11000};
        double[] intervals = {1000, 1000, 1000, 1000, 1000, 1000};

        List<RrIntervals> runs = RrIntervals.of(times, intervals).splitAtGaps(Duration.ofSeconds(2));

        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).size()).isEqualTo(3);
        assertThat(runs.get(1).beatTimeMillisAt(0)).isEqualTo(9000.0);
    }

    @Test
    void shortWindowIsNotScorable() {
        RrIntervals nn = HrvTestData.millis("derived/rrhealthy_007_seg300s_from0_ms.txt").slice(0, 30);

        HrvWindow window = HrvAnalysis.assessWindow(nn, HrvOptions.defaults());

        assertThat(window.scorability()).isEqualTo(HrvScorability.TOO_SHORT);
        assertThat(window.metrics()).isNull();
    }

    @Test
    void windowWithManyArtefactsIsNotScorable() {
        double[] rr = HrvTestData.readColumn("/hrv/derived/rrhealthy_007_seg300s_from0_ms.txt");
        for (int i = 20; i < rr.length; i += 10) {
            rr[i] *= 1.6;
        }

        HrvWindow window = HrvAnalysis.assessWindow(RrIntervals.ofMillis(rr), HrvOptions.defaults());

        assertThat(window.scorability()).isEqualTo(HrvScorability.TOO_MANY_ARTEFACTS);
        assertThat(window.artefacts().share()).isGreaterThan(0.05);
    }

    @Test
    void cleanWindowIsScored() {
        RrIntervals nn = HrvTestData.millis("derived/rrhealthy_007_seg300s_from0_ms.txt");

        HrvWindow window = HrvAnalysis.assessWindow(nn, HrvOptions.defaults());

        assertThat(window.isScorable()).isTrue();
        assertThat(window.metrics().timeDomain().rmssd()).isPositive();
        assertThat(window.metrics().welch()).isNotNull();
    }

    private static double[] merge(double[] rr, int index) {
        double[] out = new double[rr.length - 1];
        System.arraycopy(rr, 0, out, 0, index);
        out[index] = rr[index] + rr[index + 1];
        System.arraycopy(rr, index + 2, out, index + 1, rr.length - index - 2);
        return out;
    }

    private static double[] split(double[] rr, int index, double fraction) {
        double[] out = new double[rr.length + 1];
        System.arraycopy(rr, 0, out, 0, index);
        out[index] = rr[index] * fraction;
        out[index + 1] = rr[index] * (1 - fraction);
        System.arraycopy(rr, index + 1, out, index + 2, rr.length - index - 1);
        return out;
    }
}
