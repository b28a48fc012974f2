package io.iomt.sdk.validation;

import io.iomt.sdk.ArtefactReport;
import io.iomt.sdk.HrvAnalysis;
import io.iomt.sdk.HrvFrequencyDomain;
import io.iomt.sdk.HrvOptions;
import io.iomt.sdk.HrvPoincare;
import io.iomt.sdk.HrvSpectralMethod;
import io.iomt.sdk.HrvTestData;
import io.iomt.sdk.HrvTimeDomain;
import io.iomt.sdk.HrvWindowFunction;
import io.iomt.sdk.RrIntervals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Generates {@code docs/VALIDATION.md}: HRV measures against published values and synthetic
 * ground truth, and stress detection on the Stress-Predict development half. Every figure is
 * computed here from the data under {@code src/test/resources}; {@code ValidationReportTest}
 * fails when the committed report differs from what this class generates.
 */
public final class ValidationReport {

    /** The command that regenerates the report, run from the repository root. */
    public static final String COMMAND = "mvn -q -pl iomt-sdk-core test-compile exec:java "
            + "-Dexec.mainClass=io.iomt.sdk.validation.ValidationReport -Dexec.classpathScope=test";

    /** pyHRV's Welch settings: Hamming, 300-sample (75 s) segments at 4 Hz, 4096-point FFT, no spline compensation. */
    public static final HrvOptions PYHRV_WELCH = HrvOptions.builder()
            .welchWindow(HrvWindowFunction.HAMMING)
            .welchSegment(Duration.ofSeconds(75))
            .minimumFftSize(4096)
            .compensateSplineResponse(false)
            .build();

    private ValidationReport() {
    }

    /**
     * Writes the report to {@code docs/VALIDATION.md} under the repository root (found by
     * walking up from the working directory to the folder that contains {@code iomt-sdk-core}), or
     * to the path given as the only argument.
     */
    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0]) : defaultPath();
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, generate(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + target.toAbsolutePath().normalize());
    }

    /** Returns the path of the committed report. */
    public static Path defaultPath() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("iomt-sdk-core"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Cannot find the repository root (a folder holding iomt-sdk-core) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docs").resolve("VALIDATION.md");
    }

    /** Returns the report text. */
    public static String generate() {
        StringBuilder out = new StringBuilder();
        out.append("# Validation of the HRV and stress analytics\n\n");
        out.append("Every figure below is computed by `io.iomt.sdk.validation.ValidationReport` (test sources of\n"
                + "`iomt-sdk-core`) from the data under `iomt-sdk-core/src/test/resources` (provenance and\n"
                + "licences in the `PROVENANCE.md` files there). Regenerate this file from the repository root with:\n\n");
        out.append("```\n").append(COMMAND).append("\n```\n\n");
        out.append("`ValidationReportTest` fails when this file differs from what the command generates, and\n"
                + "`HrvPublishedValuesTest` and `StressValidationTest` pin the figures, so a regression fails the build.\n\n");
        hrvSection(out);
        stressSection(out);
        return out.toString();
    }

    private static void hrvSection(StringBuilder out) {
        RrIntervals nn = HrvTestData.millis("pyhrv_nsrdb_long_60min_ms.txt");
        HrvTimeDomain t = HrvAnalysis.timeDomain(nn);
        HrvPoincare p = HrvAnalysis.poincare(nn);
        HrvFrequencyDomain pyWelch = HrvAnalysis.frequencyDomain(nn, PYHRV_WELCH, HrvSpectralMethod.WELCH);
        HrvFrequencyDomain welch = HrvAnalysis.frequencyDomain(nn, HrvOptions.defaults(), HrvSpectralMethod.WELCH);
        HrvFrequencyDomain lomb = HrvAnalysis.frequencyDomain(nn, HrvOptions.defaults(), HrvSpectralMethod.LOMB_SCARGLE);

        out.append("## 1. HRV measures\n\n");
        out.append("### 1.1 Against pyHRV's published report\n\n");
        out.append("Record: pyHRV's sample `nsrdb` series, 60 minutes, 4684 NN intervals. pyHRV prints three\n"
                + "decimals, so the tolerance is 0.001. \"Ours\" uses the SDK's conventions (Task Force 1996 and\n"
                + "Kubios); where pyHRV uses another convention on purpose, the row says so and the test\n"
                + "reproduces pyHRV's figure from the same data with pyHRV's convention.\n\n");
        out.append("| measure | published (pyHRV) | ours | status |\n|---|---|---|---|\n");
        row(out, "mean NN (ms)", 768.438, t.meanNn());
        row(out, "SDNN (ms, n−1)", 85.357, t.sdnn());
        row(out, "RMSSD (ms)", 60.523, t.rmssd());
        count(out, "NN50 (\\|ΔNN\\| > 50 ms)", 1338, t.nn50());
        row(out, "pNN50 (%, NN50 / (N−1))", 28.571, t.pnn50());
        count(out, "NN20", 3008, t.nn20());
        row(out, "pNN20 (%)", 64.232, t.pnn20());
        row(out, "mean HR (bpm, mean of 60000/NN)", 78.990, t.meanHr());
        count(out, "min NN (ms)", 562, t.minNn());
        count(out, "max NN (ms)", 1188, t.maxNn());
        row(out, "HRV triangular index (1/128-s bins)", 11.509, HrvAnalysis.geometric(nn).triangularIndex());
        row(out, "sample entropy (m = 2, r = 0.2·SDNN)", 1.250, HrvAnalysis.sampleEntropy(nn, HrvOptions.defaults()));
        row(out, "Welch LF/HF (pyHRV settings)", 1.785, pyWelch.lfHfRatio());
        row(out, "Welch LF n.u. (pyHRV settings)", 64.099, pyWelch.lfNu());
        out.append(String.format(Locale.ROOT, "| SDSD (ms) | 43.391 (of \\|ΔNN\\|) | %.3f (of signed ΔNN, n−1) | convention differs |%n",
                t.sdsd()));
        out.append(String.format(Locale.ROOT, "| Poincaré SD1 / SD2 (ms) | 42.797 / 112.837 (population variance) | %.3f / %.3f (n−1) | convention differs |%n%n",
                p.sd1(), p.sd2()));
        out.append("pyHRV settings for Welch: Hamming window, 300-sample (75 s) segments of the 4 Hz cubic-spline\n"
                + "tachogram with 50 % overlap, 4096-point FFT, no spline-response compensation\n"
                + "(`HrvOptions.compensateSplineResponse(false)`).\n\n");
        out.append("Measures without a published value for this record, with the SDK defaults (Welch: Hann, 256-s\n"
                + "segments, 50 % overlap, spline-response compensation on):\n\n");
        out.append("| measure | ours |\n|---|---|\n");
        out.append(String.format(Locale.ROOT, "| TINN (ms) | %.3f |%n", HrvAnalysis.geometric(nn).tinn()));
        out.append(String.format(Locale.ROOT, "| Baevsky stress index SI / √SI | %.3f / %.3f |%n",
                HrvAnalysis.baevsky(nn).stressIndex(), HrvAnalysis.baevsky(nn).stressIndexSquareRoot()));
        out.append(String.format(Locale.ROOT, "| DFA α1 (4–16 beats) | %.3f |%n", HrvAnalysis.dfaAlpha1(nn)));
        out.append(String.format(Locale.ROOT, "| Welch VLF / LF / HF (ms²) | %.1f / %.1f / %.1f |%n", welch.vlf(), welch.lf(), welch.hf()));
        out.append(String.format(Locale.ROOT, "| Welch LF/HF, LF n.u. | %.3f, %.3f |%n", welch.lfHfRatio(), welch.lfNu()));
        out.append(String.format(Locale.ROOT, "| Lomb–Scargle VLF / LF / HF (ms²) | %.1f / %.1f / %.1f |%n", lomb.vlf(), lomb.lf(), lomb.hf()));
        out.append(String.format(Locale.ROOT, "| Lomb–Scargle LF/HF, LF n.u. | %.3f, %.3f |%n%n", lomb.lfHfRatio(), lomb.lfNu()));

        out.append("### 1.2 Synthetic sines (ground truth)\n\n");
        out.append("`RR_k = 1000 + 50·sin(2π·f·t_k)` over 300 s: the power of the modulation is exactly A²/2 =\n"
                + "1250 ms² and must lie in the band that holds f, within ±3 %.\n\n");
        out.append("| sine | band | Welch (default) | error | Welch, no compensation | error | Lomb–Scargle | error |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        HrvOptions raw = HrvOptions.builder().compensateSplineResponse(false).build();
        for (String f : List.of("0.1", "0.25")) {
            RrIntervals sine = HrvTestData.millis("derived/synthetic_sine_" + f + "Hz_A50_ms.txt");
            boolean lf = f.equals("0.1");
            double w = band(HrvAnalysis.frequencyDomain(sine, HrvOptions.defaults(), HrvSpectralMethod.WELCH), lf);
            double r = band(HrvAnalysis.frequencyDomain(sine, raw, HrvSpectralMethod.WELCH), lf);
            double l = band(HrvAnalysis.frequencyDomain(sine, HrvOptions.defaults(), HrvSpectralMethod.LOMB_SCARGLE), lf);
            out.append(String.format(Locale.ROOT, "| %s Hz | %s | %.1f | %+.2f %% | %.1f | %+.2f %% | %.1f | %+.2f %% |%n",
                    f, lf ? "LF" : "HF", w, pct(w), r, pct(r), l, pct(l)));
        }
        out.append("\nCubic-spline resampling attenuates a 0.25 Hz oscillation sampled once a second by its\n"
                + "frequency response, `sinc⁴(0.25)·3/2`, squared ≈ 0.971, which is the uncompensated column's\n"
                + "loss. The default divides the Welch density by that response (gain capped at 2).\n\n");

        out.append("### 1.3 Welch and Lomb–Scargle on real 5-minute segments\n\n");
        out.append("Both estimators are scaled to the same one-sided density (ms²/Hz), so they agree on the sines\n"
                + "above and on white noise. On real recordings they differ, mostly because a single 256-s Welch\n"
                + "segment of a 300-s record tapers the ends and resolves VLF poorly, and because Lomb–Scargle\n"
                + "weighs each beat while the tachogram weighs time:\n\n");
        out.append("| segment | Welch LF / HF (ms²) | Lomb–Scargle LF / HF (ms²) |\n|---|---|---|\n");
        for (String name : List.of("nsr2db_nsr022", "nsr2db_nsr033", "rrhealthy_007", "rrhealthy_009")) {
            RrIntervals seg = HrvTestData.millis("derived/" + name + "_seg300s_from0_ms.txt");
            HrvFrequencyDomain w = HrvAnalysis.frequencyDomain(seg, HrvOptions.defaults(), HrvSpectralMethod.WELCH);
            HrvFrequencyDomain l = HrvAnalysis.frequencyDomain(seg, HrvOptions.defaults(), HrvSpectralMethod.LOMB_SCARGLE);
            out.append(String.format(Locale.ROOT, "| %s | %.0f / %.0f | %.0f / %.0f |%n", name, w.lf(), w.hf(), l.lf(), l.hf()));
        }
        out.append('\n');

        out.append("### 1.4 Artefact detection\n\n");
        RrIntervals artefacts = HrvTestData.seconds("hrvlib_RR1_With_Artifacts_s.ibi");
        ArtefactReport lt = HrvAnalysis.detectArtefacts(artefacts, HrvOptions.defaults());
        ArtefactReport malik = HrvAnalysis.detectArtefacts(artefacts,
                HrvOptions.builder().artefactMethod(io.iomt.sdk.ArtefactMethod.MALIK).build());
        out.append("hrv-lib's `RR1_With_Artifacts` is its cleaned series with two short intervals inserted at\n"
                + "indexes 1 and 104.\n\n");
        out.append("| detector | flagged indexes | ectopic | long/short | missed | extra | share |\n|---|---|---|---|---|---|---|\n");
        artefactRow(out, "Lipponen–Tarvainen", lt);
        artefactRow(out, "Malik 20 %", malik);
        out.append('\n');
    }

    private static void stressSection(StringBuilder out) {
        List<StressPredictData.Participant> participants = StressPredictData.participants();
        List<StressPredictEvaluation.VariantResult> results = StressPredictEvaluation.evaluate(participants);
        out.append("## 2. Stress detection on Stress-Predict (development half)\n\n");
        out.append(String.format(Locale.ROOT, "Data: %d odd-numbered participants, 1 Hz heart rate from the Empatica E4 with per-second\n"
                + "labels (1 during the Stroop, interview and hyperventilation tasks, 0 at rest). The other half\n"
                + "of the participants was never used here. Protocol:\n\n", participants.size()));
        out.append("- 60-second windows from each participant's first stress task to the end of the session; a\n"
                + "  window is kept when all its labelled seconds agree. The rest period before the first task\n"
                + "  (about 9 minutes) is the personal baseline and is never scored.\n"
                + "- AUC (pooled) ranks all windows of all participants together, so it rewards scores that are\n"
                + "  comparable across people; the mean per-participant AUC only checks the ranking within a\n"
                + "  person.\n"
                + "- Balanced accuracy, leave-one-subject-out: for each participant, the threshold that maximises\n"
                + "  balanced accuracy on the 16 others is applied to the held-out one; the confusion counts of\n"
                + "  all held-out participants are then added up. The model itself has no fitted parameter.\n"
                + "- The model runs with its defaults; without steps data every instant counts as inactive.\n\n");
        out.append("| variant | windows scored | stress windows | AUC (pooled) | mean per-participant AUC | balanced accuracy (LOSO) | balanced accuracy, score ≥ 50 |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (StressPredictEvaluation.VariantResult r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d / %d | %d | %.3f | %.3f | %.3f | %s |%n", r.name(), r.scored(),
                    r.windows(), r.stressWindows(), r.pooledAuc(), r.meanSubjectAuc(), r.losoBalancedAccuracy(),
                    Double.isNaN(r.fixedBalancedAccuracy()) ? "–" : String.format(Locale.ROOT, "%.3f", r.fixedBalancedAccuracy())));
        }
        out.append("\nThe per-participant AUC is the same with and without a personal baseline because, within one\n"
                + "person, both rank windows by heart rate alone. The personal baseline is what makes scores\n"
                + "comparable across people, which the pooled AUC and the balanced accuracy measure.\n\n");

        StressPredictData.Participant p3 = participants.stream().filter(p -> p.id() == 3).findFirst().orElseThrow();
        Map<String, double[]> modes = StressPredictEvaluation.inputModes(p3, StressPredictData.s03Intervals());
        out.append("### 2.1 Input modes on one participant\n\n");
        out.append("Participant 3 also has the raw E4 inter-beat intervals (wrist PPG), so the model can run from\n"
                + "heart rate, from RR (heart rate and RMSSD both derived from the beats) or from both\n"
                + "(heart rate from the device, RMSSD from the beats). One participant is too few to compare the\n"
                + "modes; the table shows that each one runs end to end:\n\n");
        out.append("| input | windows scored | AUC |\n|---|---|---|\n");
        for (Map.Entry<String, double[]> e : modes.entrySet()) {
            out.append(String.format(Locale.ROOT, "| %s | %d / %d | %.3f |%n", e.getKey(), (int) e.getValue()[1],
                    (int) e.getValue()[2], e.getValue()[0]));
        }
        out.append("\n## 3. Limits\n\n"
                + "- Stress-Predict is a laboratory protocol with seated tasks and wrist PPG; free-living scores\n"
                + "  also react to caffeine, heat, posture and illness.\n"
                + "- The model's population defaults (70 bpm, IQR 12 bpm; RMSSD 40 ms, ln-IQR 0.7) are rough\n"
                + "  estimates and were not fitted; without a personal baseline the score is a weak detector.\n"
                + "- The held-out half of Stress-Predict has not been evaluated.\n");
    }

    /** Writes a row for a value printed with three decimals; it matches within 0.001. */
    private static void row(StringBuilder out, String name, double published, double ours) {
        boolean ok = Math.abs(ours - published) <= 0.001 + 1e-9;
        out.append(String.format(Locale.ROOT, "| %s | %.3f | %.4f | %s |%n", name, published, ours, ok ? "match" : "MISMATCH"));
    }

    /** Writes a row for a count or a whole number of milliseconds; it must match exactly. */
    private static void count(StringBuilder out, String name, double published, double ours) {
        boolean ok = ours == published;
        out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s |%n", name, published, ours, ok ? "match" : "MISMATCH"));
    }

    private static void artefactRow(StringBuilder out, String name, ArtefactReport r) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %.1f %% |%n", name,
                Arrays.toString(r.flaggedIndexes()), r.ectopic(), r.longOrShort(), r.missed(), r.extra(), 100 * r.share()));
    }

    private static double band(HrvFrequencyDomain f, boolean lf) {
        return lf ? f.lf() : f.hf();
    }

    private static double pct(double power) {
        return 100 * (power - 1250) / 1250;
    }
}
