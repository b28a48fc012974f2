package io.iomt.sdk.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the Stress-Predict figures of the validation report, so a change to the model or the
 * protocol that moves them fails here and forces the report to be regenerated.
 */
class StressValidationTest {

    private static final double PINNED = 0.0005;

    private static List<StressPredictEvaluation.VariantResult> results;

    @BeforeAll
    static void evaluate() {
        results = StressPredictEvaluation.evaluate(StressPredictData.participants());
    }

    @Test
    void naiveThresholdFigures() {
        StressPredictEvaluation.VariantResult naive = results.get(0);

        assertThat(naive.windows()).isEqualTo(660);
        assertThat(naive.stressWindows()).isEqualTo(263);
        assertThat(naive.pooledAuc()).isCloseTo(0.602, within(PINNED));
        assertThat(naive.losoBalancedAccuracy()).isCloseTo(0.596, within(PINNED));
    }

    @Test
    void modelWithoutPersonalBaselineFigures() {
        StressPredictEvaluation.VariantResult population = results.get(2);

        assertThat(population.scored()).isEqualTo(660);
        assertThat(population.pooledAuc()).isCloseTo(0.600, within(PINNED));
        assertThat(population.meanSubjectAuc()).isCloseTo(0.692, within(PINNED));
        assertThat(population.losoBalancedAccuracy()).isCloseTo(0.547, within(PINNED));
        assertThat(population.fixedBalancedAccuracy()).isCloseTo(0.544, within(PINNED));
    }

    @Test
    void modelWithPersonalBaselineFigures() {
        StressPredictEvaluation.VariantResult personal = results.get(3);

        assertThat(personal.scored()).isEqualTo(660);
        assertThat(personal.pooledAuc()).isCloseTo(0.666, within(PINNED));
        assertThat(personal.meanSubjectAuc()).isCloseTo(0.692, within(PINNED));
        assertThat(personal.losoBalancedAccuracy()).isCloseTo(0.650, within(PINNED));
        assertThat(personal.fixedBalancedAccuracy()).isCloseTo(0.594, within(PINNED));
    }

    @Test
    void personalBaselineBeatsNaiveThreshold() {
        StressPredictEvaluation.VariantResult naive = results.get(0);
        StressPredictEvaluation.VariantResult personal = results.get(3);

        assertThat(personal.pooledAuc()).isGreaterThan(naive.pooledAuc());
        assertThat(personal.losoBalancedAccuracy()).isGreaterThan(naive.losoBalancedAccuracy());
    }

    @Test
    void everyInputModeRuns() {
        StressPredictData.Participant p3 = StressPredictData.participants().stream().filter(p -> p.id() == 3)
                .findFirst().orElseThrow();

        Map<String, double[]> modes = StressPredictEvaluation.inputModes(p3, StressPredictData.s03Intervals());

        assertThat(modes.get("heart rate only")[0]).isCloseTo(0.689, within(PINNED));
        assertThat(modes.get("RR only (E4 inter-beat intervals)")[0]).isCloseTo(0.564, within(PINNED));
        assertThat(modes.get("RR only (E4 inter-beat intervals)")[1]).isEqualTo(32.0);
        assertThat(modes.get("heart rate + RR")[0]).isCloseTo(0.709, within(PINNED));
    }
}
