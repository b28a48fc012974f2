package io.iomt.sdk.fitbit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextValuesTest {

    private static final long SEED = Long.getLong("props.seed", System.nanoTime());

    private static long timestamp(String text) {
        return TextValues.parseTimestampMillis(text.toCharArray(), 0, text.length());
    }

    private static long duration(String text) {
        return TextValues.parseDurationSeconds(text.toCharArray(), 0, text.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01T07:15:10Z", "2026-12-01T08:15:10+01:00", "2026-12-01T02:15:10.5-05:00",
        "2016-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z", "2026-12-01T07:15:10.123456789Z",
        "2026-12-01t07:15:10z"})
    void timestampMatchesJdk(String text) {
        long expected = OffsetDateTime.parse(text.toUpperCase()).toInstant().toEpochMilli();

        assertThat(timestamp(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-01", "2026-12-01T07:15:10", "2026-13-01T00:00:00Z", "2026-12-01T07:15:10+0100",
        "2026-12-01T07:15:10.Z", "2026-12-01T07:15:10Zjunk", "yesterday at noon, roughly"})
    void timestampRejectsInvalid(String text) {
        assertThatThrownBy(() -> timestamp(text)).isInstanceOf(NumberFormatException.class);
    }

    static Stream<Long> randomInstants() {
        Random random = new Random(SEED);
        System.out.println("TextValuesTest seed " + SEED + " (replay with -Dprops.seed=" + SEED + ")");
        return LongStream.range(0, 200).mapToObj(i -> random.nextLong(-2_000_000_000_000L, 4_000_000_000_000L));
    }

    @ParameterizedTest
    @MethodSource("randomInstants")
    void timestampRoundTrips(long epochMillis) {
        String text = Instant.ofEpochMilli(epochMillis).toString();

        assertThat(timestamp(text)).as("seed %d, text %s", SEED, text).isEqualTo(epochMillis);
    }

    @ParameterizedTest
    @MethodSource("randomInstants")
    void epochDayMatchesLocalDate(long epochMillis) {
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);

        assertThat(TextValues.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                .as("seed %d, date %s", SEED, date).isEqualTo(date.toEpochDay());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3600s:3600", "-18000s:-18000", "3.5s:3", "0s:0", "+60s:60"})
    void durationSeconds(String pair) {
        String[] parts = pair.split(":");

        assertThat(duration(parts[0])).isEqualTo(Long.parseLong(parts[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3600", "s", "1h", "3.xs", "--1s"})
    void durationRejectsInvalid(String text) {
        assertThatThrownBy(() -> duration(text)).isInstanceOf(NumberFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "74", "-12", "9007199254740993", "9223372036854775807"})
    void int64Strings(String text) {
        assertThat(TextValues.parseLong(text.toCharArray(), 0, text.length())).isEqualTo(Long.parseLong(text));
    }
}
