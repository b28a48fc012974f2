package io.iomt.sdk.validation;

import io.iomt.sdk.AnalyzerInput;
import io.iomt.sdk.PersonalBaselineStressAnalyzer;
import io.iomt.sdk.Series;
import io.iomt.sdk.StressAnalyzer;
import io.iomt.sdk.StressWindow;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stress detection on the Stress-Predict development half: 60-second windows, scored from the
 * first stress task onwards, so the rest period before it can serve as the personal baseline.
 * A window is kept when every labelled second in it has the same label.
 *
 * <p>Figures per variant: the AUC over all kept windows of all participants (pooled), the mean
 * of the per-participant AUCs, and the balanced accuracy of a threshold chosen leave-one-subject-
 * out (maximising balanced accuracy on the other participants, applied to the held-out one). No
 * model parameter is fitted; the threshold is the only thing learnt, and only for balanced
 * accuracy.
 */
public final class StressPredictEvaluation {

    /** Window length. */
    public static final Duration WINDOW = Duration.ofSeconds(60);

    /**
     * Figures of one variant.
     *
     * @param name variant name as shown in the report
     * @param windows labelled windows
     * @param scored windows the variant scored
     * @param stressWindows scored windows labelled stress
     * @param pooledAuc AUC over all scored windows
     * @param meanSubjectAuc mean of the per-participant AUCs
     * @param losoBalancedAccuracy balanced accuracy with a leave-one-subject-out threshold
     * @param fixedBalancedAccuracy balanced accuracy of score ≥ 50 (level HIGH or above), NaN for
     *     variants without a 0–100 score
     */
    public record VariantResult(String name, int windows, int scored, int stressWindows, double pooledAuc,
            double meanSubjectAuc, double losoBalancedAccuracy, double fixedBalancedAccuracy) {
    }

    /** One scored window. */
    record Scored(int participant, int label, double score) {
    }

    /** A labelled 60-second window of one participant. */
    record LabelledWindow(TimeRange range, int label) {
    }

    private StressPredictEvaluation() {
    }

    /** Returns the figures of every variant, in report order. */
    public static List<VariantResult> evaluate(List<StressPredictData.Participant> participants) {
        Map<String, List<Scored>> byVariant = new LinkedHashMap<>();
        byVariant.put("naive: mean heart rate, one threshold for all", new ArrayList<>());
        byVariant.put("naive: mean heart rate minus own first-rest mean", new ArrayList<>());
        byVariant.put(PersonalBaselineStressAnalyzer.MODEL_VERSION + " without personal baseline", new ArrayList<>());
        byVariant.put(PersonalBaselineStressAnalyzer.MODEL_VERSION + " with personal baseline (first rest)", new ArrayList<>());
        int windows = 0;
        for (StressPredictData.Participant p : participants) {
            List<LabelledWindow> labelled = labelledWindows(p);
            windows += labelled.size();
            long start = p.labelTimesMillis()[0];
            long onset = p.firstStressMillis();
            double restMean = meanHeartRate(p.heartRate(), start, onset);
            Map<Long, StressWindow> population = assess(PersonalBaselineStressAnalyzer.builder().personalBaseline(false).build(),
                    p, AnalyzerInput.of(p.heartRate()));
            Map<Long, StressWindow> personal = assess(PersonalBaselineStressAnalyzer.builder()
                    .baselineHistory(Duration.ofMillis(onset - start)).build(), p, AnalyzerInput.of(p.heartRate()));
            List<List<Scored>> lists = new ArrayList<>(byVariant.values());
            for (LabelledWindow w : labelled) {
                double mean = meanHeartRate(p.heartRate(), w.range().startMillis(), w.range().endMillis());
                if (!Double.isNaN(mean)) {
                    lists.get(0).add(new Scored(p.id(), w.label(), mean));
                    lists.get(1).add(new Scored(p.id(), w.label(), mean - restMean));
                }
                addIfScored(lists.get(2), p.id(), w, population);
                addIfScored(lists.get(3), p.id(), w, personal);
            }
        }
        List<VariantResult> results = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, List<Scored>> entry : byVariant.entrySet()) {
            boolean model = index++ >= 2;
            results.add(summarise(entry.getKey(), windows, entry.getValue(), model));
        }
        return results;
    }

    /**
     * Returns the per-window AUC of participant 3 scored with personal baselines from heart rate
     * only, from the E4 inter-beat intervals only, and from both, keyed by input name; each value
     * is {AUC, scored windows, windows}.
     */
    public static Map<String, double[]> inputModes(StressPredictData.Participant p3, Series s03Intervals) {
        long start = p3.labelTimesMillis()[0];
        long onset = p3.firstStressMillis();
        StressAnalyzer analyzer = PersonalBaselineStressAnalyzer.builder().baselineHistory(Duration.ofMillis(onset - start)).build();
        Map<String, AnalyzerInput> inputs = new LinkedHashMap<>();
        inputs.put("heart rate only", AnalyzerInput.of(p3.heartRate()));
        inputs.put("RR only (E4 inter-beat intervals)", AnalyzerInput.of(s03Intervals));
        inputs.put("heart rate + RR", AnalyzerInput.of(p3.heartRate(), s03Intervals));
        List<LabelledWindow> labelled = labelledWindows(p3);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, AnalyzerInput> entry : inputs.entrySet()) {
            Map<Long, StressWindow> assessed = assess(analyzer, p3, entry.getValue());
            List<Scored> scored = new ArrayList<>();
            for (LabelledWindow w : labelled) {
                addIfScored(scored, p3.id(), w, assessed);
            }
            out.put(entry.getKey(), new double[] {auc(scored), scored.size(), labelled.size()});
        }
        return out;
    }

    private static Map<Long, StressWindow> assess(StressAnalyzer analyzer, StressPredictData.Participant p, AnalyzerInput input) {
        TimeRange range = evaluationRange(p);
        Map<Long, StressWindow> byStart = new HashMap<>();
        for (StressWindow w : analyzer.assess(SubjectId.of("P" + p.id()), range, WINDOW, input).windows()) {
            byStart.put(w.window().startMillis(), w);
        }
        return byStart;
    }

    private static void addIfScored(List<Scored> list, int participant, LabelledWindow w, Map<Long, StressWindow> assessed) {
        StressWindow result = assessed.get(w.range().startMillis());
        if (result != null && result.isScored()) {
            list.add(new Scored(participant, w.label(), result.score()));
        }
    }

    private static TimeRange evaluationRange(StressPredictData.Participant p) {
        long[] times = p.labelTimesMillis();
        return TimeRange.of(Instant.ofEpochMilli(p.firstStressMillis()), Instant.ofEpochMilli(times[times.length - 1] + 1000));
    }

    static List<LabelledWindow> labelledWindows(StressPredictData.Participant p) {
        List<LabelledWindow> windows = new ArrayList<>();
        long[] times = p.labelTimesMillis();
        int[] labels = p.labels();
        for (TimeRange range : evaluationRange(p).split(WINDOW)) {
            if (!range.duration().equals(WINDOW)) {
                continue;
            }
            int count = 0;
            int stress = 0;
            for (int i = 0; i < times.length; i++) {
                if (range.containsMillis(times[i])) {
                    count++;
                    stress += labels[i];
                }
            }
            if (count >= 30 && (stress == 0 || stress == count)) {
                windows.add(new LabelledWindow(range, stress == 0 ? 0 : 1));
            }
        }
        return windows;
    }

    private static double meanHeartRate(Series hr, long from, long to) {
        double sum = 0;
        int n = 0;
        for (int i = hr.indexAtOrAfter(from); i < hr.size() && hr.timeAt(i) < to; i++) {
            sum += hr.valueAt(i);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static VariantResult summarise(String name, int windows, List<Scored> scored, boolean model) {
        Map<Integer, List<Scored>> byParticipant = new LinkedHashMap<>();
        for (Scored s : scored) {
            byParticipant.computeIfAbsent(s.participant(), k -> new ArrayList<>()).add(s);
        }
        double aucSum = 0;
        int aucCount = 0;
        for (List<Scored> own : byParticipant.values()) {
            double a = auc(own);
            if (!Double.isNaN(a)) {
                aucSum += a;
                aucCount++;
            }
        }
        int[] losoConfusion = new int[4];
        for (Map.Entry<Integer, List<Scored>> held : byParticipant.entrySet()) {
            List<Scored> training = new ArrayList<>();
            for (Scored s : scored) {
                if (s.participant() != held.getKey()) {
                    training.add(s);
                }
            }
            double threshold = bestThreshold(training);
            for (Scored s : held.getValue()) {
                count(losoConfusion, s.label(), s.score() >= threshold);
            }
        }
        double fixed = Double.NaN;
        if (model) {
            int[] confusion = new int[4];
            for (Scored s : scored) {
                count(confusion, s.label(), s.score() >= 50);
            }
            fixed = balancedAccuracy(confusion);
        }
        int stress = (int) scored.stream().filter(s -> s.label() == 1).count();
        return new VariantResult(name, windows, scored.size(), stress, auc(scored), aucSum / aucCount,
                balancedAccuracy(losoConfusion), fixed);
    }

    /** Returns the AUC (Mann–Whitney, ties counted half), or NaN without both classes. */
    static double auc(List<Scored> scored) {
        double wins = 0;
        long pairs = 0;
        for (Scored positive : scored) {
            if (positive.label() != 1) {
                continue;
            }
            for (Scored negative : scored) {
                if (negative.label() != 0) {
                    continue;
                }
                pairs++;
                if (positive.score() > negative.score()) {
                    wins += 1;
                } else if (positive.score() == negative.score()) {
                    wins += 0.5;
                }
            }
        }
        return pairs == 0 ? Double.NaN : wins / pairs;
    }

    /** Returns the threshold (predict stress at or above it) that maximises balanced accuracy; ties keep the lowest. */
    static double bestThreshold(List<Scored> training) {
        double[] candidates = training.stream().mapToDouble(Scored::score).sorted().distinct().toArray();
        double best = Double.NEGATIVE_INFINITY;
        double bestThreshold = candidates.length == 0 ? 0 : candidates[0];
        for (double candidate : candidates) {
            int[] confusion = new int[4];
            for (Scored s : training) {
                count(confusion, s.label(), s.score() >= candidate);
            }
            double ba = balancedAccuracy(confusion);
            if (ba > best) {
                best = ba;
                bestThreshold = candidate;
            }
        }
        return bestThreshold;
    }

    /** Confusion counts in the order true positive, false negative, true negative, false positive. */
    private static void count(int[] confusion, int label, boolean predicted) {
        if (label == 1) {
            confusion[predicted ? 0 : 1]++;
        } else {
            confusion[predicted ? 3 : 2]++;
        }
    }

    private static double balancedAccuracy(int[] c) {
        double sensitivity = (double) c[0] / (c[0] + c[1]);
        double specificity = (double) c[2] / (c[2] + c[3]);
        return (sensitivity + specificity) / 2;
    }
}
