package io.iomt.sdk.fitbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.iomt.sdk.ActivityLevel;
import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SleepSessionKind;
import io.iomt.sdk.SleepStage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataPointsPageParserTest {

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void heartRateSamplesWithOffsets() {
        Series series = Fixtures.parse(GoogleHealthDataType.HEART_RATE, Fixtures.bytes("heart-rate.list.json"))
                .get(Metric.HEART_RATE);

        assertThat(series.size()).isEqualTo(3);
        assertThat(series.timeAt(0)).isEqualTo(millis("2026-12-01T07:15:00Z"));
        assertThat(series.valueAt(0)).isEqualTo(79);
        assertThat(series.valueAt(1)).isEqualTo(76);
        assertThat(series.valueAt(2)).isEqualTo(74);
        assertThat(series.utcOffsetSecondsAt(2)).isEqualTo(3600);
        assertThat(series.durationMillisAt(0)).isZero();
    }

    @Test
    void heartRatePageToken() {
        DataPointsPageParser.Page page = DataPointsPageParser.forType(GoogleHealthDataType.HEART_RATE)
                .parse(Fixtures.bytes("heart-rate.list.json"), Fixtures.builders(GoogleHealthDataType.HEART_RATE));

        assertThat(page.dataPoints()).isEqualTo(3);
        assertThat(page.pointsAdded()).isEqualTo(3);
        assertThat(page.skipped()).isEmpty();
        assertThat(page.nextPageToken()).isEqualTo("CiQKIgoaMjAyNi0xMi0wMVQwNzoxNTowMFoQAhoKaGVhcnQtcmF0ZQ");
    }

    @Test
    void hrvColumnsFromOneType() {
        Map<Metric, Series> series = Fixtures.parse(GoogleHealthDataType.HEART_RATE_VARIABILITY,
                Fixtures.bytes("heart-rate-variability.list.json"));

        Series rmssd = series.get(Metric.HRV_RMSSD);
        assertThat(rmssd.size()).isEqualTo(3);
        assertThat(rmssd.valueAt(0)).isEqualTo(35.9);
        assertThat(rmssd.valueAt(2)).isEqualTo(41.7);
        Series sdnn = series.get(Metric.HRV_SDNN);
        assertThat(sdnn.size()).isEqualTo(1);
        assertThat(sdnn.timeAt(0)).isEqualTo(millis("2026-12-01T02:55:00Z"));
        assertThat(sdnn.valueAt(0)).isEqualTo(52.3);
        assertThat(series.get(Metric.HRV_LF_POWER).size()).isEqualTo(1);
        assertThat(series.get(Metric.HRV_LF_POWER).valueAt(0)).isEqualTo(612.4);
        assertThat(series.get(Metric.HRV_HF_POWER).valueAt(0)).isEqualTo(388.9);
        assertThat(series.get(Metric.HRV_HF_POWER).timeAt(0)).isEqualTo(millis("2026-12-01T03:05:00Z"));
    }

    @Test
    void hrvSkipsMissingColumns() {
        DataPointsPageParser.Page page = DataPointsPageParser.forType(GoogleHealthDataType.HEART_RATE_VARIABILITY)
                .parse(Fixtures.bytes("heart-rate-variability.list.json"),
                        Fixtures.builders(GoogleHealthDataType.HEART_RATE_VARIABILITY));

        assertThat(page.skipped()).containsEntry(Metric.HRV_SDNN, 2).containsEntry(Metric.HRV_LF_POWER, 2)
                .containsEntry(Metric.HRV_HF_POWER, 2).doesNotContainKey(Metric.HRV_RMSSD);
        assertThat(page.skippedTotal()).isEqualTo(6);
    }

    @Test
    void dailyHrvAtUtcMidnightWithoutOffset() {
        Map<Metric, Series> series = Fixtures.parse(GoogleHealthDataType.DAILY_HEART_RATE_VARIABILITY,
                Fixtures.bytes("daily-heart-rate-variability.list.json"));

        Series average = series.get(Metric.DAILY_HRV_RMSSD);
        assertThat(average.size()).isEqualTo(3);
        assertThat(average.timeAt(0)).isEqualTo(millis("2026-11-29T00:00:00Z"));
        assertThat(average.valueAt(0)).isEqualTo(39.8);
        assertThat(average.hasOffsets()).isFalse();
        assertThat(series.get(Metric.DAILY_DEEP_SLEEP_RMSSD).size()).isEqualTo(2);
        assertThat(series.get(Metric.DAILY_DEEP_SLEEP_RMSSD).valueAt(1)).isEqualTo(41.7);
        assertThat(series.get(Metric.DAILY_NON_REM_HEART_RATE).valueAt(0)).isEqualTo(61);
        assertThat(series.get(Metric.DAILY_NON_REM_HEART_RATE).valueAt(1)).isEqualTo(58);
        assertThat(series.get(Metric.DAILY_HRV_ENTROPY).valueAt(1)).isEqualTo(2.91);
    }

    @Test
    void restingHeartRateInt64Strings() {
        Series series = Fixtures.parse(GoogleHealthDataType.DAILY_RESTING_HEART_RATE,
                Fixtures.bytes("daily-resting-heart-rate.list.json")).get(Metric.RESTING_HEART_RATE);

        assertThat(series.size()).isEqualTo(3);
        assertThat(series.timeAt(2)).isEqualTo(millis("2026-12-01T00:00:00Z"));
        assertThat(series.valueAt(2)).isEqualTo(57);
        assertThat(series.valueAt(0)).isEqualTo(62);
    }

    @Test
    void stepsIntervalsWithDuration() {
        Series series = Fixtures.parse(GoogleHealthDataType.STEPS, Fixtures.bytes("steps.list.json")).get(Metric.STEPS);

        assertThat(series.size()).isEqualTo(3);
        assertThat(series.timeAt(0)).isEqualTo(millis("2026-12-01T07:15:00Z"));
        assertThat(series.valueAt(0)).isEqualTo(84);
        assertThat(series.durationMillisAt(0)).isEqualTo(60_000);
        assertThat(series.utcOffsetSecondsAt(0)).isEqualTo(3600);
        assertThat(series.sum()).isEqualTo(193);
    }

    @Test
    void sleepStagesSession() {
        Map<Metric, Series> series = Fixtures.parse(GoogleHealthDataType.SLEEP, Fixtures.bytes("sleep.list.json"));

        Series session = series.get(Metric.SLEEP_SESSION);
        assertThat(session.size()).isEqualTo(1);
        assertThat(session.timeAt(0)).isEqualTo(millis("2026-11-30T22:41:00Z"));
        assertThat(session.durationMillisAt(0)).isEqualTo(millis("2026-12-01T06:12:30Z") - millis("2026-11-30T22:41:00Z"));
        assertThat(session.valueAt(0)).isEqualTo(SleepSessionKind.MAIN_STAGES.code());
        Series stages = series.get(Metric.SLEEP_STAGE);
        assertThat(stages.size()).isEqualTo(5);
        assertThat(stages.valueAt(0)).isEqualTo(SleepStage.AWAKE.code());
        assertThat(stages.valueAt(1)).isEqualTo(SleepStage.LIGHT.code());
        assertThat(stages.valueAt(2)).isEqualTo(SleepStage.DEEP.code());
        assertThat(stages.valueAt(3)).isEqualTo(SleepStage.REM.code());
        assertThat(stages.durationMillisAt(2)).isEqualTo(52 * 60_000 + 30_000);
        assertThat(stages.utcOffsetSecondsAt(4)).isEqualTo(3600);
    }

    @Test
    void sleepClassicNap() {
        Map<Metric, Series> series = Fixtures.parse(GoogleHealthDataType.SLEEP,
                Fixtures.bytes("sleep-classic-nap.list.json"));

        assertThat(series.get(Metric.SLEEP_SESSION).valueAt(0)).isEqualTo(SleepSessionKind.NAP_CLASSIC.code());
        Series stages = series.get(Metric.SLEEP_STAGE);
        assertThat(stages.size()).isEqualTo(4);
        assertThat(stages.valueAt(1)).isEqualTo(SleepStage.ASLEEP.code());
        assertThat(stages.valueAt(2)).isEqualTo(SleepStage.RESTLESS.code());
        assertThat(stages.durationMillisAt(1)).isEqualTo(29 * 60_000);
    }

    @Test
    void sleepWithoutStages() {
        Map<Metric, Series> series = Fixtures.parse(GoogleHealthDataType.SLEEP,
                Fixtures.bytes("sleep-no-stages.list.json"));

        Series session = series.get(Metric.SLEEP_SESSION);
        assertThat(session.size()).isEqualTo(1);
        assertThat(session.valueAt(0)).isEqualTo(SleepSessionKind.MAIN_CLASSIC.code());
        assertThat(session.durationMillisAt(0)).isEqualTo(7 * 3_600_000L + 30 * 60_000L);
        assertThat(series.get(Metric.SLEEP_STAGE).isEmpty()).isTrue();
    }

    @Test
    void oxygenSaturationSkipsMissingValue() {
        DataPointsPageParser.Page page = DataPointsPageParser.forType(GoogleHealthDataType.OXYGEN_SATURATION)
                .parse(Fixtures.bytes("oxygen-saturation.list.json"),
                        Fixtures.builders(GoogleHealthDataType.OXYGEN_SATURATION));
        Series series = Fixtures.parse(GoogleHealthDataType.OXYGEN_SATURATION,
                Fixtures.bytes("oxygen-saturation.list.json")).get(Metric.OXYGEN_SATURATION);

        assertThat(page.skipped()).containsEntry(Metric.OXYGEN_SATURATION, 1);
        assertThat(series.size()).isEqualTo(2);
        assertThat(series.valueAt(0)).isEqualTo(97);
        assertThat(series.valueAt(1)).isEqualTo(96.5);
    }

    @Test
    void dailyOxygenSaturation() {
        Series series = Fixtures.parse(GoogleHealthDataType.DAILY_OXYGEN_SATURATION,
                Fixtures.bytes("daily-oxygen-saturation.list.json")).get(Metric.DAILY_OXYGEN_SATURATION);

        assertThat(series.size()).isEqualTo(2);
        assertThat(series.timeAt(1)).isEqualTo(millis("2026-12-01T00:00:00Z"));
        assertThat(series.valueAt(1)).isEqualTo(95.8);
    }

    @Test
    void dailyRespiratoryRate() {
        Series series = Fixtures.parse(GoogleHealthDataType.DAILY_RESPIRATORY_RATE,
                Fixtures.bytes("daily-respiratory-rate.list.json")).get(Metric.DAILY_RESPIRATORY_RATE);

        assertThat(series.size()).isEqualTo(2);
        assertThat(series.valueAt(0)).isEqualTo(15.2);
        assertThat(series.timeAt(0)).isEqualTo(millis("2026-11-30T00:00:00Z"));
    }

    @Test
    void respiratoryRateFromFullSleepStats() {
        DataPointsPageParser.Page page = DataPointsPageParser.forType(GoogleHealthDataType.RESPIRATORY_RATE_SLEEP_SUMMARY)
                .parse(Fixtures.bytes("respiratory-rate-sleep-summary.list.json"),
                        Fixtures.builders(GoogleHealthDataType.RESPIRATORY_RATE_SLEEP_SUMMARY));
        Series series = Fixtures.parse(GoogleHealthDataType.RESPIRATORY_RATE_SLEEP_SUMMARY,
                Fixtures.bytes("respiratory-rate-sleep-summary.list.json")).get(Metric.RESPIRATORY_RATE);

        assertThat(series.size()).isEqualTo(1);
        assertThat(series.valueAt(0)).isEqualTo(14.6);
        assertThat(series.timeAt(0)).isEqualTo(millis("2026-12-01T06:12:30Z"));
        assertThat(page.skipped()).containsEntry(Metric.RESPIRATORY_RATE, 1);
    }

    @Test
    void activityLevelCodes() {
        Series series = Fixtures.parse(GoogleHealthDataType.ACTIVITY_LEVEL, Fixtures.bytes("activity-level.list.json"))
                .get(Metric.ACTIVITY_LEVEL);

        assertThat(series.size()).isEqualTo(4);
        assertThat(series.valueAt(0)).isEqualTo(ActivityLevel.SEDENTARY.code());
        assertThat(series.valueAt(1)).isEqualTo(ActivityLevel.LIGHTLY_ACTIVE.code());
        assertThat(series.valueAt(2)).isEqualTo(ActivityLevel.MODERATELY_ACTIVE.code());
        assertThat(series.valueAt(3)).isEqualTo(ActivityLevel.VERY_ACTIVE.code());
        assertThat(series.durationMillisAt(3)).isEqualTo(60_000);
    }

    @Test
    void sedentaryPeriods() {
        Series series = Fixtures.parse(GoogleHealthDataType.SEDENTARY_PERIOD,
                Fixtures.bytes("sedentary-period.list.json")).get(Metric.SEDENTARY_PERIOD);

        assertThat(series.size()).isEqualTo(2);
        assertThat(series.valueAt(0)).isEqualTo(1);
        assertThat(series.durationMillisAt(0)).isEqualTo(75 * 60_000);
        assertThat(series.durationMillisAt(1)).isEqualTo(90 * 60_000);
    }

    @Test
    void unknownFieldsIgnored() {
        String body = """
                {"futureTopLevel": {"a": [1, 2, {"b": null}]},
                 "dataPoints": [
                  {"newField": "x", "dataSource": {"platform": "FITBIT", "extra": [true]},
                   "heartRate": {"sampleTime": {"physicalTime": "2026-12-01T07:15:00.250Z", "utcOffset": "-18000s",
                                                "leapHint": 1},
                                 "beatsPerMinute": "81", "confidence": {"level": "HIGH"}}}],
                 "nextPageToken": ""}
                """;

        DataPointsPageParser.Page page = DataPointsPageParser.forType(GoogleHealthDataType.HEART_RATE)
                .parse(body.getBytes(StandardCharsets.UTF_8), Fixtures.builders(GoogleHealthDataType.HEART_RATE));
        Series series = Fixtures.parse(GoogleHealthDataType.HEART_RATE, body.getBytes(StandardCharsets.UTF_8))
                .get(Metric.HEART_RATE);

        assertThat(page.nextPageToken()).isNull();
        assertThat(series.size()).isEqualTo(1);
        assertThat(series.timeAt(0)).isEqualTo(millis("2026-12-01T07:15:00.250Z"));
        assertThat(series.utcOffsetSecondsAt(0)).isEqualTo(-18000);
        assertThat(series.valueAt(0)).isEqualTo(81);
    }

    @Test
    void fieldOrderDoesNotMatter() {
        String body = """
                {"nextPageToken": "n2", "dataPoints": [
                  {"heartRate": {"metadata": {"motionContext": "ACTIVE"}, "beatsPerMinute": "90",
                                 "sampleTime": {"civilTime": {"date": {"year": 2026}}, "utcOffset": "7200s",
                                                "physicalTime": "2026-12-01T07:15:00Z"}},
                   "dataSource": {"platform": "FITBIT"}},
                  {"dataSource": {}, "heartRate": {"sampleTime": {"physicalTime": "2026-12-01T07:14:00Z"},
                                                   "beatsPerMinute": "88"}}]}
                """;

        Series series = Fixtures.parse(GoogleHealthDataType.HEART_RATE, body.getBytes(StandardCharsets.UTF_8))
                .get(Metric.HEART_RATE);

        assertThat(series.size()).isEqualTo(2);
        assertThat(series.valueAt(1)).isEqualTo(90);
        assertThat(series.utcOffsetSecondsAt(1)).isEqualTo(7200);
        assertThat(series.valueAt(0)).isEqualTo(88);
        assertThat(series.utcOffsetSecondsAt(0)).isEqualTo(Series.NO_OFFSET);
    }

    @Test
    void int64AsNumberAndLargeString() {
        String body = """
                {"dataPoints": [
                  {"steps": {"interval": {"startTime": "2026-12-01T07:00:00Z", "endTime": "2026-12-01T07:01:00Z"},
                             "count": 120}},
                  {"steps": {"interval": {"startTime": "2026-12-01T07:01:00Z", "endTime": "2026-12-01T07:02:00Z"},
                             "count": "9007199254740993"}}]}
                """;

        Series series = Fixtures.parse(GoogleHealthDataType.STEPS, body.getBytes(StandardCharsets.UTF_8))
                .get(Metric.STEPS);

        assertThat(series.valueAt(0)).isEqualTo(120);
        assertThat(series.valueAt(1)).isEqualTo(9007199254740993d);
        assertThat(series.hasOffsets()).isFalse();
    }

    @Test
    void emptyPageWithToken() {
        DataPointsPageParser.Page page = DataPointsPageParser.forType(GoogleHealthDataType.HEART_RATE)
                .parse("{\"dataPoints\": [], \"nextPageToken\": \"abc\"}".getBytes(StandardCharsets.UTF_8),
                        Fixtures.builders(GoogleHealthDataType.HEART_RATE));

        assertThat(page.dataPoints()).isZero();
        assertThat(page.nextPageToken()).isEqualTo("abc");
    }

    @Test
    void truncatedBodyRejected() {
        byte[] full = Fixtures.bytes("heart-rate.list.json");
        byte[] truncated = java.util.Arrays.copyOf(full, full.length / 2);

        assertThatThrownBy(() -> Fixtures.parse(GoogleHealthDataType.HEART_RATE, truncated))
                .isInstanceOf(GoogleHealthException.class)
                .hasMessageContaining("parse heart-rate")
                .satisfies(e -> assertThat(((GoogleHealthException) e).isRetryable()).isFalse())
                .satisfies(e -> assertThat(((GoogleHealthException) e).httpStatus()).isZero());
    }

    @Test
    void htmlBodyRejected() {
        byte[] html = "<!DOCTYPE html><html><body>Service error 74</body></html>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Fixtures.parse(GoogleHealthDataType.HEART_RATE, html))
                .isInstanceOf(GoogleHealthException.class)
                .hasMessageContaining("not readable JSON")
                .hasMessageNotContaining("74");
    }

    @Test
    void badTokenNotInCauseChain() {
        String page = "{\"dataPoints\":[{\"heartRate\":{\"beatsPerMinute\":tru187,"
                + "\"sampleTime\":{\"physicalTime\":\"2026-12-01T00:00:00Z\"}}}]}";

        Throwable thrown = catchThrowable(
                () -> Fixtures.parse(GoogleHealthDataType.HEART_RATE, page.getBytes(StandardCharsets.UTF_8)));

        assertThat(thrown).isInstanceOf(GoogleHealthException.class);
        for (Throwable each = thrown; each != null; each = each.getCause()) {
            assertThat(String.valueOf(each.getMessage())).as(each.getClass().getName()).doesNotContain("187");
        }
    }

    @Test
    void wrongShapesRejected() {
        String[] bodies = {
            "[]",
            "{\"dataPoints\": {}}",
            "{\"dataPoints\": [1]}",
            "{\"dataPoints\": [{\"heartRate\": []}]}",
            "{\"dataPoints\": [{\"heartRate\": {\"sampleTime\": {\"physicalTime\": \"yesterday\"}}}]}",
            "{\"dataPoints\": [{\"heartRate\": {\"beatsPerMinute\": \"seventy\"}}]}",
            "{\"dataPoints\": [{\"heartRate\": {\"beatsPerMinute\": {}}}]}",
            "{\"dataPoints\": []} {}",
            "{\"nextPageToken\": 5}",
            "{\"error\": {\"code\": 500}}",
        };
        for (String body : bodies) {
            assertThatThrownBy(() -> Fixtures.parse(GoogleHealthDataType.HEART_RATE,
                    body.getBytes(StandardCharsets.UTF_8)))
                    .as(body)
                    .isInstanceOf(GoogleHealthException.class);
        }
    }

    @Test
    void pointOfOtherTypeSkipped() {
        byte[] body = Fixtures.bytes("steps.list.json");

        DataPointsPageParser.Page page = DataPointsPageParser.forType(GoogleHealthDataType.HEART_RATE)
                .parse(body, Fixtures.builders(GoogleHealthDataType.HEART_RATE));

        assertThat(page.dataPoints()).isEqualTo(3);
        assertThat(page.pointsAdded()).isZero();
        assertThat(page.skipped()).containsEntry(Metric.HEART_RATE, 3);
    }

    @Test
    void uncollectedMetricsNotCounted() {
        Map<Metric, Series.Builder> onlyRmssd = Map.of(Metric.HRV_RMSSD, Series.builder(Metric.HRV_RMSSD));

        DataPointsPageParser.Page page = DataPointsPageParser.forType(GoogleHealthDataType.HEART_RATE_VARIABILITY)
                .parse(Fixtures.bytes("heart-rate-variability.list.json"), onlyRmssd);

        assertThat(page.pointsAdded()).isEqualTo(3);
        assertThat(page.skipped()).isEmpty();
    }
}
