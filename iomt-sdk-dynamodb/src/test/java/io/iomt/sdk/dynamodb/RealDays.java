package io.iomt.sdk.dynamodb;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads the bundled 8 real days of Fitbit heart rate (Fitabase user 2347167796, 2016-04-21 to
 * 2016-04-28, one reading every 1 to 15 s) into a series, in America/New_York (UTC-4 on all
 * 8 days). The file is found through the system property {@code iomt.data.dir}, which the
 * module's Surefire configuration sets, or else at {@code ../data/fitbit-2016}.
 */
final class RealDays {

    static final ZoneId ZONE = ZoneId.of("America/New_York");
    static final LocalDateTime FIRST_DAY = LocalDateTime.of(2016, 4, 21, 0, 0);
    static final int DAYS = 8;

    private static final DateTimeFormatter FITABASE_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

    private RealDays() {
    }

    static Path dataDirectory() {
        return Path.of(System.getProperty("iomt.data.dir", "../data/fitbit-2016"));
    }

    /** Returns the heart rate of all 8 days, with the UTC offset of each reading. */
    static Series heartRate() {
        Path file = dataDirectory().resolve("heartrate_seconds_2347167796.csv.gz");
        Series.Builder builder = Series.builder(Metric.HEART_RATE, 80_000);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !header.startsWith("Id,Time,Value")) {
                throw new IllegalStateException("Unexpected header in " + file);
            }
            String line;
            while ((line = reader.readLine()) != null) {
                String row = line.strip();
                if (row.isEmpty()) {
                    continue;
                }
                String[] fields = row.split(",");
                LocalDateTime local = LocalDateTime.parse(fields[1], FITABASE_TIME);
                ZoneOffset offset = ZONE.getRules().getOffset(local);
                builder.add(local.toInstant(offset).toEpochMilli(), Double.parseDouble(fields[2]),
                        offset.getTotalSeconds(), 0);
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        return builder.build();
    }
}
