package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks every measure against pyHRV's published report for its 60-minute nsrdb sample (4684 NN
 * intervals) and against synthetic sines whose band power is known exactly (A²/2 = 1250 ms²).
 * pyHRV's figures are printed to three decimals, so the tolerance is 0.001 (half a unit in the
 * last place plus rounding of our own value).
 */
class HrvPublishedValuesTest {

    /** pyHRV's Welch settings: Hamming, 300-sample (75 s) segments at 4 Hz, 4096-point FFT, no spline compensation. */
    static final HrvOptions PYHRV_WELCH = HrvOptions.builder()
            .welchWindow(HrvWindowFunction.HAMMING)
            .welchSegment(Duration.ofSeconds(75))
            .minimumFftSize(4096)
            .compensateSplineResponse(false)
            .build();

    private static final double PRINTED = 0.001;

    private static RrIntervals longRecord;

    @BeforeAll
    static void load() {
        longRecord = HrvTestData.millis("pyhrv_nsrdb_long_60min_ms.txt");
    }

    @Test
    void timeDomainMatchesPyHrv() {
        HrvTimeDomain t = HrvAnalysis.timeDomain(longRecord);

        assertThat(t.count()).isEqualTo(4684);
        assertThat(t.meanNn()).isCloseTo(768.438, within(PRINTED));
        assertThat(t.sdnn()).isCloseTo(85.357, within(PRINTED));
        assertThat(t.rmssd()).isCloseTo(60.523, within(PRINTED));
        assertThat(t.nn50()).isEqualTo(1338);
        assertThat(t.pnn50()).isCloseTo(28.571, within(PRINTED));
        assertThat(t.nn20()).isEqualTo(3008);
        assertThat(t.pnn20()).isCloseTo(64.232, within(PRINTED));
        assertThat(t.meanHr()).isCloseTo(78.990, within(PRINTED));
        assertThat(t.minNn()).isEqualTo(562.0);
        assertThat(t.maxNn()).isEqualTo(1188.0);
    }

    @Test
    void sdsdIsSignedWherePyHrvUsesAbsolute() {
        HrvTimeDomain t = HrvAnalysis.timeDomain(longRecord);
        double[] x = longRecord.intervalsMillis();
        double[] absolute = new double[x.length - 1];
        for (int i = 1; i < x.length; i++) {
            absolute[i - 1] = Math.abs(x[i] - x[i - 1]);
        }

        // pyHRV's 43.391 is the n-1 standard deviation of |ΔNN|; ours, of the signed ΔNN, is close to RMSSD.
        assertThat(sampleStandardDeviation(absolute)).isCloseTo(43.391, within(PRINTED));
        assertThat(t.sdsd()).isCloseTo(60.530, within(PRINTED));
    }

    @Test
    void poincareMatchesPyHrvConvention() {
        HrvPoincare p = HrvAnalysis.poincare(longRecord);
        double[] x = longRecord.intervalsMillis();
        double[] across = new double[x.length - 1];
        double[] along = new double[x.length - 1];
        for (int i = 1; i < x.length; i++) {
            across[i - 1] = (x[i] - x[i - 1]) / Math.sqrt(2);
            along[i - 1] = (x[i] + x[i - 1]) / Math.sqrt(2);
        }

        // pyHRV takes population standard deviations of the rotated plot coordinates.
        assertThat(populationStandardDeviation(across)).isCloseTo(42.797, within(PRINTED));
        assertThat(populationStandardDeviation(along)).isCloseTo(112.837, within(PRINTED));
        assertThat(p.sd1()).isCloseTo(42.801, within(PRINTED));
        assertThat(p.sd2()).isCloseTo(112.871, within(PRINTED));
    }

    @Test
    void triangularIndexMatchesPyHrv() {
        assertThat(HrvAnalysis.geometric(longRecord).triangularIndex()).isCloseTo(11.509, within(PRINTED));
    }

    @Test
    void sampleEntropyMatchesPyHrv() {
        assertThat(HrvAnalysis.sampleEntropy(longRecord, HrvOptions.defaults())).isCloseTo(1.250, within(PRINTED));
    }

    @Test
    void welchLfHfMatchesPyHrvSettings() {
        HrvFrequencyDomain f = HrvAnalysis.frequencyDomain(longRecord, PYHRV_WELCH, HrvSpectralMethod.WELCH);

        assertThat(f.lfHfRatio()).isCloseTo(1.785, within(PRINTED));
        assertThat(f.lfNu()).isCloseTo(64.099, within(PRINTED));
        assertThat(f.lfNu() + f.hfNu()).isCloseTo(100.0, within(1e-9));
    }

    @ParameterizedTest(name = "{0} Hz by {1}")
    @CsvSource({
        "0.1, WELCH, LF",
        "0.1, LOMB_SCARGLE, LF",
        "0.25, WELCH, HF",
        "0.25, LOMB_SCARGLE, HF",
    })
    void sineBandPowerWithinThreePercent(String frequency, HrvSpectralMethod method, String band) {
        RrIntervals sine = HrvTestData.millis("derived/synthetic_sine_" + frequency + "Hz_A50_ms.txt");

        HrvFrequencyDomain f = HrvAnalysis.frequencyDomain(sine, HrvOptions.defaults(), method);

        double power = band.equals("LF") ? f.lf() : f.hf();
        assertThat(power).isCloseTo(1250.0, within(1250.0 * 0.03));
        double other = band.equals("LF") ? f.hf() + f.vlf() : f.lf() + f.vlf();
        assertThat(other).isLessThan(1250.0 * 0.01);
    }

    @Test
    void splineLossAtQuarterHertz() {
        RrIntervals sine = HrvTestData.millis("derived/synthetic_sine_0.25Hz_A50_ms.txt");
        HrvOptions raw = HrvOptions.builder().compensateSplineResponse(false).build();

        double uncompensated = HrvAnalysis.frequencyDomain(sine, raw, HrvSpectralMethod.WELCH).hf();

        // Cardinal cubic-spline response at 0.25 cycles per beat: sinc^4(0.25) * 3 / 2, squared, about 0.971.
        assertThat(uncompensated / 1250.0).isCloseTo(0.969, within(0.003));
    }

    private static double populationStandardDeviation(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / x.length);
    }

    private static double sampleStandardDeviation(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (x.length - 1));
    }
}
