package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SleepSessionKind;
import io.iomt.sdk.SleepStage;
import io.iomt.sdk.testkit.FitabaseImportReport.SkipReason;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FitabaseRecordingTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void bundledCounts() {
        RecordedData data = FitabaseRecording.bundled();

        assertThat(data.heartRate().size()).isEqualTo(73_244);
        assertThat(data.steps().size()).isEqualTo(11_520);
        assertThat((long) data.steps().sum()).isEqualTo(76_580);
        assertThat(data.sleepSessions().size()).isEqualTo(8);
        assertThat(data.importReport()).isPresent();
        assertThat(data.importReport().get().skippedTotal()).isZero();
        assertThat(data.importReport().get().rowsKept()).isEqualTo(73_244 + 11_520 + 3_700);
    }

    @Test
    void bundledTimesInZone() {
        RecordedData data = FitabaseRecording.bundled();
        Series steps = data.steps();

        assertThat(Instant.ofEpochMilli(steps.timeAt(0))).isEqualTo(Instant.parse("2016-04-21T04:00:00Z"));
        assertThat(steps.utcOffsetSecondsAt(0)).isEqualTo(-4 * 3600);
        assertThat(steps.durationMillisAt(0)).isEqualTo(60_000);
        assertThat(FitabaseRecording.bundledRange().contains(Instant.ofEpochMilli(data.heartRate().timeAt(0)))).isTrue();
        assertThat(FitabaseRecording.bundledRange().end()).isEqualTo(Instant.parse("2016-04-29T04:00:00Z"));
    }

    @Test
    void bundledSleepStagesCoverSessions() {
        RecordedData data = FitabaseRecording.bundled();
        Series sessions = data.sleepSessions();
        Series stages = data.sleepStages();

        long sessionMillis = 0;
        for (int i = 0; i < sessions.size(); i++) {
            sessionMillis += sessions.durationMillisAt(i);
            assertThat(SleepSessionKind.fromCode((int) sessions.valueAt(i))).isEqualTo(SleepSessionKind.MAIN_CLASSIC);
        }
        long stageMillis = 0;
        for (int i = 0; i < stages.size(); i++) {
            stageMillis += stages.durationMillisAt(i);
        }
        assertThat(stageMillis).isEqualTo(3_700 * 60_000L);
        assertThat(sessionMillis).isEqualTo(3_700 * 60_000L);
        assertThat(Instant.ofEpochMilli(sessions.timeAt(0))).isEqualTo(Instant.parse("2016-04-21T02:14:00Z"));
    }

    @Test
    void bundledFilesInRepositoryMatchJar() throws Exception {
        Path folder = Paths.get("..", "data", "fitbit-2016");
        RecordedData fromFiles = FitabaseRecording.builder(NEW_YORK)
                .heartRateSeconds(folder.resolve("heartrate_seconds_2347167796.csv.gz"))
                .minuteSteps(folder.resolve("minuteStepsNarrow_2347167796.csv.gz"))
                .minuteSleep(folder.resolve("minuteSleep_2347167796.csv.gz"))
                .days(LocalDate.of(2016, 4, 21), LocalDate.of(2016, 4, 28))
                .read();

        assertThat(fromFiles.heartRate().contentEquals(FitabaseRecording.bundled().heartRate())).isTrue();
        assertThat(fromFiles.sleepStages().contentEquals(FitabaseRecording.bundled().sleepStages())).isTrue();
        assertThat(Files.readString(folder.resolve("PROVENANCE.md"))).contains("CC0", "10.5281/zenodo.53894");
    }

    @Test
    void sleepRunsAndNap() {
        String csv = "Id,date,value,logId\n"
                + "7,4/12/2016 1:00:00 PM,3,55\r\n"
                + "7,4/12/2016 1:01:00 PM,1,55\n"
                + "7,4/12/2016 1:02:00 PM,1,55\n"
                + "7,4/12/2016 1:03:00 PM,2,55\r"
                + "7,4/12/2016 1:05:00 PM,2,55\n"
                + "7,4/12/2016 1:05:00 PM,2,55\n";
        RecordedData data = FitabaseRecording.builder(NEW_YORK).minuteSleep("sleep.csv", stream(csv)).read();

        Series stages = data.sleepStages();
        assertThat(stages.size()).isEqualTo(4);
        assertThat(SleepStage.fromCode((int) stages.valueAt(0))).isEqualTo(SleepStage.AWAKE);
        assertThat(SleepStage.fromCode((int) stages.valueAt(1))).isEqualTo(SleepStage.ASLEEP);
        assertThat(stages.durationMillisAt(1)).isEqualTo(120_000);
        assertThat(SleepStage.fromCode((int) stages.valueAt(2))).isEqualTo(SleepStage.RESTLESS);
        assertThat(stages.timeAt(3) - stages.timeAt(2)).isEqualTo(120_000);
        assertThat(SleepSessionKind.fromCode((int) data.sleepSessions().valueAt(0))).isEqualTo(SleepSessionKind.NAP_CLASSIC);
        assertThat(data.sleepSessions().durationMillisAt(0)).isEqualTo(Duration.ofMinutes(6).toMillis());
        assertThat(data.importReport().get().skipped(SkipReason.DUPLICATE_TIME)).isEqualTo(1);
    }

    @Test
    void badRowsCounted() {
        String csv = "Id,Time,Value\r\n"
                + "7,4/12/2016 1:00:00 PM,70\r\n"
                + "7,4/12/2016 1:00:05 PM\r\n"
                + "7,13/12/2016 1:00:10 PM,70\r\n"
                + "7,4/12/2016 1:00:15 XM,70\r\n"
                + "7,4/12/2016 1:00:20 PM,abc\r\n"
                + "7,4/12/2016 1:00:25 PM,999\r\n"
                + "7,4/12/2016 1:00:25 PM,71\r\n"
                + "8,4/12/2016 1:00:30 PM,71\r\n"
                + "\r\n"
                + "7,4/12/2016 1:00:35 pm,72\n";
        RecordedData data = FitabaseRecording.builder(NEW_YORK).heartRateSeconds("hr.csv", stream(csv)).read();
        FitabaseImportReport report = data.importReport().orElseThrow();

        assertThat(data.heartRate().size()).isEqualTo(3);
        assertThat(report.rowsRead()).isEqualTo(9);
        assertThat(report.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(1);
        assertThat(report.skipped(SkipReason.INVALID_TIME)).isEqualTo(2);
        assertThat(report.skipped(SkipReason.INVALID_VALUE)).isEqualTo(2);
        assertThat(report.rowsOfOtherUsers()).isEqualTo(1);
        assertThat(report.firstSkips()).extracting(FitabaseImportReport.SkippedRow::line).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(report.toString()).doesNotContain("999");
    }

    @Test
    void dstGapShiftsForward() {
        String csv = "Id,Time,Value\n7,3/13/2016 2:30:00 AM,60\n7,3/13/2016 3:30:00 AM,61\n";
        RecordedData data = FitabaseRecording.builder(NEW_YORK).heartRateSeconds("hr.csv", stream(csv)).read();

        assertThat(Instant.ofEpochMilli(data.heartRate().timeAt(0))).isEqualTo(Instant.parse("2016-03-13T07:30:00Z"));
        assertThat(data.heartRate().utcOffsetSecondsAt(0)).isEqualTo(-4 * 3600);
        assertThat(data.importReport().get().dstGapsShifted()).isEqualTo(1);
        // 3:30 EDT is the same instant as the shifted 2:30, so it counts as a duplicate.
        assertThat(data.heartRate().size()).isEqualTo(1);
    }

    @Test
    void dstOverlapTakesEarlierOffset() {
        String csv = "Id,Time,Value\n7,11/6/2016 1:30:00 AM,60\n";
        RecordedData data = FitabaseRecording.builder(NEW_YORK).heartRateSeconds("hr.csv", stream(csv)).read();

        assertThat(Instant.ofEpochMilli(data.heartRate().timeAt(0))).isEqualTo(Instant.parse("2016-11-06T05:30:00Z"));
        assertThat(data.heartRate().utcOffsetSecondsAt(0)).isEqualTo(ZoneOffset.ofHours(-4).getTotalSeconds());
        assertThat(data.importReport().get().dstOverlapsResolved()).isEqualTo(1);
    }

    @Test
    void missingColumnRejected() {
        assertThatThrownBy(() -> FitabaseRecording.builder(NEW_YORK).minuteSteps("steps.csv", stream("Id,Time,Value\n")).read())
                .isInstanceOf(FitabaseFormatException.class)
                .hasMessageContaining("steps.csv")
                .hasMessageContaining("ActivityMinute");
    }

    @Test
    void missingFileRejected() {
        assertThatThrownBy(() -> FitabaseRecording.builder(NEW_YORK).minuteSteps(Paths.get("no-such-file.csv")).read())
                .isInstanceOf(FitabaseFormatException.class)
                .hasMessageContaining("no-such-file.csv");
    }

    @Test
    void userSelectionDefaultsToFirstRow() {
        String csv = "Id,ActivityMinute,Steps\n5,4/12/2016 1:00:00 PM,3\n6,4/12/2016 1:00:00 PM,4\n5,4/12/2016 1:01:00 PM,5\n";
        RecordedData data = FitabaseRecording.builder(NEW_YORK).minuteSteps("steps.csv", stream(csv)).read();

        assertThat(data.steps().sum()).isEqualTo(8);
        assertThat(data.series(Metric.STEPS).hasDurations()).isTrue();
    }

    private static FitabaseRecording.StreamOpener stream(String text) {
        return () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
