package io.iomt.sdk.testkit;

import io.iomt.sdk.TimeRange;
import io.iomt.sdk.testkit.internal.FitabaseReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads Fitabase CSV exports (plain or gzip) into a {@link RecordedData}, and loads the recording
 * bundled with this module.
 *
 * <h2>Files</h2>
 * <ul>
 *   <li>{@linkplain Builder#heartRateSeconds heart rate}: {@code Id,Time,Value}, one row per
 *       sample, becomes {@link io.iomt.sdk.Metric#HEART_RATE} samples;</li>
 *   <li>{@linkplain Builder#minuteSteps minute steps}: {@code Id,ActivityMinute,Steps} (the
 *       "narrow" form) becomes {@link io.iomt.sdk.Metric#STEPS} intervals of 60,000 ms;</li>
 *   <li>{@linkplain Builder#minuteSleep minute sleep}: {@code Id,date,value,logId} becomes one
 *       {@link io.iomt.sdk.Metric#SLEEP_SESSION} interval per {@code logId} and
 *       {@link io.iomt.sdk.Metric#SLEEP_STAGE} runs inside it. Value 1 is
 *       {@link io.iomt.sdk.SleepStage#ASLEEP}, 2 {@link io.iomt.sdk.SleepStage#RESTLESS} and 3
 *       {@link io.iomt.sdk.SleepStage#AWAKE}; consecutive minutes with the same value merge into
 *       one run, and a missing minute ends a run. A log shorter than the nap threshold (default
 *       3 hours) is {@link io.iomt.sdk.SleepSessionKind#NAP_CLASSIC}, any other
 *       {@link io.iomt.sdk.SleepSessionKind#MAIN_CLASSIC}. A log lasts from its first minute to
 *       one minute after its last.</li>
 * </ul>
 *
 * <h2>Time</h2>
 * Fitabase times are local wall-clock times without a zone, written {@code M/d/yyyy h:mm:ss AM}
 * (US locale, AM/PM in any case). They are read in the zone given to {@link #builder(ZoneId)}:
 * a time in a daylight-saving gap (a spring-forward hour that did not exist) is shifted forward
 * by the length of the gap, and a time in an overlap (the repeated autumn hour) takes the earlier
 * offset, that is the offset in force before the transition. Each point keeps its UTC offset in
 * the series' offset column. Lines may end in LF, CRLF or CR, in any mix.
 *
 * <h2>Selection</h2>
 * Rows of one Fitabase user are kept: the one set with {@link Builder#userId(String)}, or else
 * the user of the first data row in the first file read. Rows can be limited to a range of local
 * days. A sleep log is kept whole when its last minute falls on one of those days, because Fitbit
 * files a night under the day it ends.
 *
 * <h2>Bad rows</h2>
 * A row with missing columns, an invalid time or an out-of-range value is skipped and counted in
 * the {@link FitabaseImportReport} ({@link RecordedData#importReport()}); reading never stops on a
 * bad row. A file that cannot be opened or lacks a required header column raises
 * {@link FitabaseFormatException}.
 *
 * <p>Not instantiable; builders are not thread-safe, and what they build is immutable.
 */
public final class FitabaseRecording {

    /** The Fitabase user id of the bundled recording. */
    public static final String BUNDLED_USER_ID = "2347167796";

    /** The zone in which the bundled recording is read by {@link #bundled()}. */
    public static final ZoneId BUNDLED_ZONE = ZoneId.of("America/New_York");

    /** The first local day of the bundled recording. */
    public static final LocalDate BUNDLED_FIRST_DAY = LocalDate.of(2016, 4, 21);

    /** The last local day (inclusive) of the bundled recording. */
    public static final LocalDate BUNDLED_LAST_DAY = LocalDate.of(2016, 4, 28);

    /** The number of heart-rate samples in the bundled recording's 8 days. */
    public static final int BUNDLED_HEART_RATE_SAMPLES = 73_244;

    /** The number of step minutes in the bundled recording's 8 days (8 × 1,440). */
    public static final int BUNDLED_STEP_MINUTES = 11_520;

    /** The total step count of the bundled recording's 8 days. */
    public static final long BUNDLED_STEP_TOTAL = 76_580;

    private static final String BUNDLED_FOLDER = "fitbit-2016/";
    private static final String BUNDLED_HEART_RATE = "heartrate_seconds_2347167796.csv.gz";
    private static final String BUNDLED_STEPS = "minuteStepsNarrow_2347167796.csv.gz";
    private static final String BUNDLED_SLEEP = "minuteSleep_2347167796.csv.gz";

    private static final Map<ZoneId, RecordedData> BUNDLED = new ConcurrentHashMap<>();

    private FitabaseRecording() {
    }

    /**
     * Returns the bundled recording read in {@link #BUNDLED_ZONE}: real Fitbit data (CC0, Zenodo
     * doi:10.5281/zenodo.53894) of user {@value #BUNDLED_USER_ID} from 2016-04-21 to 2016-04-28,
     * with second-level heart rate, minute steps and 8 nights of classic sleep. The first call
     * per zone reads about 300 KB of gzip from the classpath; later calls return the same
     * immutable instance, so simulators share its response tables.
     */
    public static RecordedData bundled() {
        return bundled(BUNDLED_ZONE);
    }

    /** Returns the bundled recording read in {@code zone}, the same instance for the same zone. */
    public static RecordedData bundled(ZoneId zone) {
        return BUNDLED.computeIfAbsent(Objects.requireNonNull(zone, "zone"), FitabaseRecording::readBundled);
    }

    private static RecordedData readBundled(ZoneId zone) {
        return builder(zone)
                .userId(BUNDLED_USER_ID)
                .heartRateSeconds(BUNDLED_HEART_RATE, () -> openBundled(BUNDLED_HEART_RATE))
                .minuteSteps(BUNDLED_STEPS, () -> openBundled(BUNDLED_STEPS))
                .minuteSleep(BUNDLED_SLEEP, () -> openBundled(BUNDLED_SLEEP))
                .read();
    }

    /**
     * Returns the 8 local days of the bundled recording in {@link #BUNDLED_ZONE}:
     * {@code [2016-04-21T04:00:00Z, 2016-04-29T04:00:00Z)}.
     */
    public static TimeRange bundledRange() {
        return TimeRange.of(BUNDLED_FIRST_DAY.atStartOfDay(BUNDLED_ZONE).toInstant(),
                BUNDLED_LAST_DAY.plusDays(1).atStartOfDay(BUNDLED_ZONE).toInstant());
    }

    /** Returns a builder that reads local times in {@code zone}. */
    public static Builder builder(ZoneId zone) {
        return new Builder(Objects.requireNonNull(zone, "zone"));
    }

    private static InputStream openBundled(String name) throws IOException {
        InputStream stream = FitabaseRecording.class.getResourceAsStream(BUNDLED_FOLDER + name);
        if (stream == null) {
            throw new IOException("Bundled resource io/iomt/sdk/testkit/" + BUNDLED_FOLDER + name
                    + " is missing from the classpath; rebuild iomt-sdk-testkit");
        }
        return stream;
    }

    /** Opens a fresh stream on each call; the reader closes it. */
    @FunctionalInterface
    public interface StreamOpener {
        /** Opens the stream. */
        InputStream open() throws IOException;
    }

    /** Collects the files to read and the selection. Not thread-safe. */
    public static final class Builder {
        private final ZoneId zone;
        private @Nullable String userId;
        private @Nullable LocalDate firstDay;
        private @Nullable LocalDate lastDay;
        private Duration napThreshold = Duration.ofHours(3);
        private FitabaseReader.@Nullable Source heartRate;
        private FitabaseReader.@Nullable Source steps;
        private FitabaseReader.@Nullable Source sleep;

        private Builder(ZoneId zone) {
            this.zone = zone;
        }

        /**
         * Keeps only rows of this Fitabase user id (the {@code Id} column).
         *
         * @throws IllegalArgumentException if the id is blank or has a comma
         */
        public Builder userId(String userId) {
            Objects.requireNonNull(userId, "userId");
            if (userId.isBlank() || userId.indexOf(',') >= 0) {
                throw new IllegalArgumentException("Invalid Fitabase user id '" + userId + "': expected the Id column's value");
            }
            this.userId = userId.trim();
            return this;
        }

        /**
         * Keeps only rows whose local date lies in {@code [firstDay, lastDay]}, both inclusive.
         *
         * @throws IllegalArgumentException if {@code lastDay} is before {@code firstDay}
         */
        public Builder days(LocalDate firstDay, LocalDate lastDay) {
            Objects.requireNonNull(firstDay, "firstDay");
            Objects.requireNonNull(lastDay, "lastDay");
            if (lastDay.isBefore(firstDay)) {
                throw new IllegalArgumentException("Invalid day range: last day " + lastDay + " is before first day " + firstDay);
            }
            this.firstDay = firstDay;
            this.lastDay = lastDay;
            return this;
        }

        /**
         * Sets the length under which a sleep log counts as a nap; default 3 hours.
         *
         * @throws IllegalArgumentException if the threshold is negative
         */
        public Builder napThreshold(Duration napThreshold) {
            Objects.requireNonNull(napThreshold, "napThreshold");
            if (napThreshold.isNegative()) {
                throw new IllegalArgumentException("napThreshold must not be negative, got " + napThreshold);
            }
            this.napThreshold = napThreshold;
            return this;
        }

        /** Reads second-level heart rate ({@code Id,Time,Value}) from a file, gzip or plain. */
        public Builder heartRateSeconds(Path file) {
            this.heartRate = source(file);
            return this;
        }

        /** Reads second-level heart rate from streams opened by {@code opener}; {@code name} appears in the report. */
        public Builder heartRateSeconds(String name, StreamOpener opener) {
            this.heartRate = source(name, opener);
            return this;
        }

        /** Reads minute steps ({@code Id,ActivityMinute,Steps}) from a file, gzip or plain. */
        public Builder minuteSteps(Path file) {
            this.steps = source(file);
            return this;
        }

        /** Reads minute steps from streams opened by {@code opener}. */
        public Builder minuteSteps(String name, StreamOpener opener) {
            this.steps = source(name, opener);
            return this;
        }

        /** Reads minute sleep ({@code Id,date,value,logId}) from a file, gzip or plain. */
        public Builder minuteSleep(Path file) {
            this.sleep = source(file);
            return this;
        }

        /** Reads minute sleep from streams opened by {@code opener}. */
        public Builder minuteSleep(String name, StreamOpener opener) {
            this.sleep = source(name, opener);
            return this;
        }

        /**
         * Reads the files given so far (heart rate, then steps, then sleep) into a recording.
         *
         * @throws FitabaseFormatException if a file cannot be opened or read, or its header lacks a column
         */
        public RecordedData read() {
            FitabaseReader reader = new FitabaseReader(zone, userId, firstDay, lastDay, napThreshold);
            FitabaseReader.Result result = reader.read(heartRate, steps, sleep);
            return RecordedData.create(zone, result.series(), result.report());
        }

        private static FitabaseReader.Source source(Path file) {
            Objects.requireNonNull(file, "file");
            return new FitabaseReader.Source(file.getFileName() == null ? file.toString() : file.getFileName().toString(),
                    () -> Files.newInputStream(file));
        }

        private static FitabaseReader.Source source(String name, StreamOpener opener) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(opener, "opener");
            return new FitabaseReader.Source(name, opener::open);
        }
    }
}
