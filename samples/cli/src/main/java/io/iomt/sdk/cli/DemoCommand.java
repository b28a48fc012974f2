package io.iomt.sdk.cli;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.RefreshScheduler;
import io.iomt.sdk.PersonalBaselineStressAnalyzer;
import io.iomt.sdk.RestingHeartRateStressAnalyzer;
import io.iomt.sdk.SampleStore;
import io.iomt.sdk.Series;
import io.iomt.sdk.StressAssessment;
import io.iomt.sdk.StressWindow;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.TokenStore;
import io.iomt.sdk.fitbit.AuthorizationRequest;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import io.iomt.sdk.fitbit.GoogleOAuth;
import io.iomt.sdk.testkit.FitabaseRecording;
import io.iomt.sdk.testkit.GoogleHealthSimulator;
import io.iomt.sdk.testkit.RecordedData;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole pipeline once on the bundled real recordings: starts the simulator, authorizes a
 * demo subject through the OAuth code exchange, syncs 8 days through the scheduler, assesses
 * stress per hour, prints per-day figures and writes an HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the pipeline on 8 days of real Fitbit recordings (CC0) through the offline simulator.")
final class DemoCommand implements Callable<Integer> {

    private static final SubjectId SUBJECT = SubjectId.of("demo-subject");
    private static final Set<Metric> SYNCED = EnumSet.of(Metric.HEART_RATE, Metric.STEPS, Metric.SLEEP_STAGE,
            Metric.SLEEP_SESSION);

    @Option(names = "--report", description = "Path of the HTML report to write (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:IOMT_HOME:-.}/target/iomt-demo-report.html")
    Path reportPath;

    @Option(names = "--store", description = "Where samples and tokens are stored: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "memory")
    StoreKind store;

    @Option(names = "--dynamodb-endpoint", description = "With --store dynamodb: the DynamoDB endpoint URL to use "
            + "instead of starting dynalite, for example http://127.0.0.1:8000.")
    URI dynamoDbEndpoint;

    @Option(names = "--dynalite-dir", description = "With --store dynamodb: the folder holding dynalite's launcher "
            + "and node_modules (default: ${DEFAULT-VALUE}).", defaultValue = "${env:IOMT_HOME:-.}/tools/dynalite")
    Path dynaliteDirectory;

    /** The storage backends the demo can use. */
    enum StoreKind { memory, dynamodb }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        RecordedData data = FitabaseRecording.bundled();
        ZoneId zone = data.zone();
        TimeRange range = FitabaseRecording.bundledRange();
        out.printf("Bundled recording: Fitabase export (CC0), user %s, %s to %s, times in %s%n",
                FitabaseRecording.BUNDLED_USER_ID, FitabaseRecording.BUNDLED_FIRST_DAY,
                FitabaseRecording.BUNDLED_LAST_DAY, zone);

        try (DemoStores stores = DemoStores.open(store, dynamoDbEndpoint, dynaliteDirectory);
                GoogleHealthSimulator simulator = GoogleHealthSimulator.builder()
                        .user("demo-health-user", data).start();
                GoogleHealthWearable wearable = GoogleHealthWearable.create(config(simulator))) {
            out.printf("Simulator listening on %s; storage: %s%n", simulator.baseUrl(), stores.description());
            return run(out, zone, range, stores.tokenStore(), stores.sampleStore(), simulator, wearable);
        }
    }

    private int run(PrintStream out, ZoneId zone, TimeRange range, TokenStore tokenStore, SampleStore sampleStore,
            GoogleHealthSimulator simulator, GoogleHealthWearable wearable) throws Exception {
        MonitoringPipeline pipeline = MonitoringPipeline.builder()
                .wearable(wearable)
                .tokenStore(tokenStore)
                .sampleStore(sampleStore)
                .analyzer(PersonalBaselineStressAnalyzer.create())
                .metrics(SYNCED)
                .build();

        TokenPair tokens = authorize(wearable.oauth(), simulator);
        pipeline.connect(SUBJECT, ProviderId.GOOGLE_HEALTH, "demo-health-user", tokens);
        out.println("Authorized " + SUBJECT + " through the OAuth code exchange (PKCE S256).");

        SyncReport report;
        try (RefreshScheduler scheduler = RefreshScheduler.builder(pipeline).build()) {
            report = scheduler.requestSync(ConnectionId.of(SUBJECT, ProviderId.GOOGLE_HEALTH), range)
                    .get(5, TimeUnit.MINUTES);
        }
        report.throwIfFailed();
        out.printf("Synced %d points through the scheduler.%n", report.fetched());

        StressAssessment stress = pipeline.assess(SUBJECT, range, Duration.ofHours(1));
        Series heartRate = sampleStore.read(SUBJECT, Metric.HEART_RATE, range);
        Series steps = sampleStore.read(SUBJECT, Metric.STEPS, range);
        List<DaySummary> days = summarizeDays(zone, heartRate, steps, stress);
        printDays(out, days);
        printStressNote(out, stress);
        printStoredCounts(out, sampleStore, range);

        HtmlReport html = new HtmlReport("IoMT SDK demo: " + SUBJECT, zone, range.start(), range.end());
        Path written = html.write(reportPath, days, heartRate, stress);
        out.println("Report: " + written);
        return 0;
    }

    private static GoogleHealthConfig config(GoogleHealthSimulator simulator) {
        return GoogleHealthConfig.builder()
                .clientId(simulator.clientId())
                .clientSecret(simulator.clientSecret())
                .redirectUri(simulator.redirectUri())
                .allEndpointsAt(simulator.baseUrl().toString())
                .build();
    }

    /** Runs the authorization code flow: the simulator stands in for the user's browser and consent. */
    private static TokenPair authorize(GoogleOAuth oauth, GoogleHealthSimulator simulator) {
        AuthorizationRequest request = oauth.authorizationRequest();
        URI callback = simulator.approve(request.url());
        return oauth.completeAuthorization(request, callback);
    }

    private static List<DaySummary> summarizeDays(ZoneId zone, Series heartRate, Series steps, StressAssessment stress) {
        List<DaySummary> days = new ArrayList<>();
        LocalDate day = FitabaseRecording.BUNDLED_FIRST_DAY;
        while (!day.isAfter(FitabaseRecording.BUNDLED_LAST_DAY)) {
            TimeRange dayRange = TimeRange.of(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant());
            Series dayHeartRate = heartRate.slice(dayRange);
            Series daySteps = steps.slice(dayRange);
            OptionalDouble resting = RestingHeartRateStressAnalyzer.restingHeartRate(dayHeartRate, daySteps);
            List<StressWindow> scored = stress.windows().stream()
                    .filter(w -> w.isScored() && dayRange.contains(w.window().start())).toList();
            OptionalDouble mean = scored.stream().mapToDouble(StressWindow::score).average();
            OptionalDouble max = scored.stream().mapToDouble(StressWindow::score).max();
            days.add(new DaySummary(day, dayHeartRate.size(), Math.round(daySteps.sum()), resting, mean, max));
            day = day.plusDays(1);
        }
        return days;
    }

    private static void printDays(PrintStream out, List<DaySummary> days) {
        out.println();
        out.printf("%-10s  %9s  %7s  %12s  %11s  %10s%n", "day", "HR samples", "steps", "resting bpm", "mean stress",
                "max stress");
        int totalHeartRate = 0;
        long totalSteps = 0;
        for (DaySummary day : days) {
            out.printf(Locale.ROOT, "%-10s  %9d  %7d  %12s  %11s  %10s%n", day.date(), day.heartRateSamples(), day.steps(),
                    day.restingText(), day.meanStressText(), day.maxStressText());
            totalHeartRate += day.heartRateSamples();
            totalSteps += day.steps();
        }
        out.printf(Locale.ROOT, "%-10s  %9d  %7d%n", "total", totalHeartRate, totalSteps);
    }

    /** Explains the stress columns: the scale, the model and why some hours have no score. */
    private static void printStressNote(PrintStream out, StressAssessment stress) {
        Map<String, Long> reasons = new TreeMap<>();
        for (StressWindow window : stress.windows()) {
            // A reason reads "<cause>: <details with this window's figures>"; count the causes.
            window.reason().ifPresent(reason -> reasons.merge(reason.split(":", 2)[0], 1L, Long::sum));
        }
        out.println();
        out.printf("Stress is scored from 0 (calm) to 100 per hour by model %s: %d of %d hours scored.%n",
                stress.modelVersion(), stress.scoredWindows().size(), stress.windows().size());
        if (!reasons.isEmpty()) {
            out.println("Hours without a score, by reason:");
            reasons.forEach((reason, count) -> out.printf("  %4d  %s%n", count, reason));
        }
    }

    private static void printStoredCounts(PrintStream out, SampleStore store, TimeRange range) {
        out.println();
        out.println("Samples stored per metric:");
        TimeRange everything = TimeRange.of(range.start().minus(Duration.ofDays(1)), range.end().plus(Duration.ofDays(1)));
        for (Metric metric : EnumSet.of(Metric.HEART_RATE, Metric.STEPS, Metric.SLEEP_STAGE, Metric.SLEEP_SESSION,
                Metric.STRESS_SCORE)) {
            out.printf("  %-14s %d%n", metric.id(), store.read(SUBJECT, metric, everything).size());
        }
    }
}
