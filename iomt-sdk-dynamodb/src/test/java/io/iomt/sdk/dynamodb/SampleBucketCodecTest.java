package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.Metric;
import io.iomt.sdk.PropertySeeds;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.dynamodb.internal.ItemSizes;
import io.iomt.sdk.dynamodb.internal.MalformedBucketException;
import io.iomt.sdk.dynamodb.internal.SampleBucketCodec;
import io.iomt.sdk.dynamodb.internal.SampleItems;
import io.iomt.sdk.dynamodb.testing.SyntheticHeartRate;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SampleBucketCodecTest {

    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long BUCKET = Instant.parse("2026-12-04T10:00:00Z").toEpochMilli();
    private static final String PARTITION = SampleItems.partitionKey(SubjectId.of("patient-0001"), Metric.HEART_RATE);

    static LongStream seeds() {
        return PropertySeeds.seeds();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomBucketsRoundTrip(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Series series = randomBucket(random, 1 + random.nextInt(3000));

        Series decoded = SampleBucketCodec.decode(SampleBucketCodec.encode(series, BUCKET), series.metric(), BUCKET);

        assertThat(decoded.contentEquals(series)).as("seed %d", seed).isTrue();
    }

    @Test
    void singlePointRoundTrips() {
        Series one = Series.builder(Metric.HEART_RATE).add(BUCKET + HOUR_MILLIS - 1, 61).build();

        assertThat(SampleBucketCodec.decode(SampleBucketCodec.encode(one, BUCKET), Metric.HEART_RATE, BUCKET)
                .contentEquals(one)).isTrue();
    }

    @Test
    void firstByteIsFormatVersion() {
        byte[] encoded = SampleBucketCodec.encode(Series.builder(Metric.HEART_RATE).add(BUCKET, 60).build(), BUCKET);

        assertThat(encoded[0]).isEqualTo((byte) SampleBucketCodec.FORMAT_VERSION);
    }

    @Test
    void emptySeriesIsRejected() {
        assertThatThrownBy(() -> SampleBucketCodec.encode(Series.empty(Metric.HEART_RATE), BUCKET))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownVersionIsRejected() {
        byte[] encoded = SampleBucketCodec.encode(Series.builder(Metric.HEART_RATE).add(BUCKET, 60).build(), BUCKET);
        encoded[0] = 9;

        assertThatThrownBy(() -> SampleBucketCodec.decode(encoded, Metric.HEART_RATE, BUCKET))
                .isInstanceOf(MalformedBucketException.class)
                .hasMessageContaining("version 9");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void damagedBytesAreRejectedOrDecode(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] encoded = SampleBucketCodec.encode(randomBucket(random, 200), BUCKET);
        byte[] damaged = random.nextBoolean()
                ? Arrays.copyOf(encoded, 1 + random.nextInt(encoded.length - 1))
                : flipOneByte(encoded, random);

        try {
            SampleBucketCodec.decode(damaged, Metric.HEART_RATE, BUCKET);
        } catch (MalformedBucketException expected) {
            assertThat(expected).hasMessageStartingWith("Malformed sample bucket");
        }
    }

    @Test
    void heartRateHourFitsTwoWriteUnits() {
        Series day = SyntheticHeartRate.day(Instant.ofEpochMilli(BUCKET), 42);

        for (int hour = 0; hour < 24; hour++) {
            long start = BUCKET + hour * HOUR_MILLIS;
            Series points = day.slice(day.indexAtOrAfter(start), day.indexAtOrAfter(start + HOUR_MILLIS));
            int bytes = ItemSizes.itemBytes(SampleItems.item(PARTITION, start, points, 1, null));
            assertThat(bytes).as("hour %d", hour).isLessThanOrEqualTo(2048);
        }
    }

    @Test
    void worstFourHertzHourFitsItemLimit() {
        SplittableRandom random = new SplittableRandom(7);
        Series.Builder builder = Series.builder(Metric.RR_INTERVAL, 14_400);
        for (int i = 0; i < 14_400; i++) {
            long time = BUCKET + i * 250L + random.nextInt(250);
            double value = Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
            int offset = random.nextInt(-64_800, 64_801);
            builder.add(time, value, offset, random.nextLong(HOUR_MILLIS));
        }
        Series worst = builder.build();

        int bytes = ItemSizes.itemBytes(SampleItems.item(PARTITION, BUCKET, worst, 1, null));

        assertThat(bytes).isLessThan(ItemSizes.MAX_ITEM_BYTES);
        assertThat(bytes).isLessThan(340 * 1024);
    }

    @Test
    void realisticRrHourAtFourHertzIsSmall() {
        SplittableRandom random = new SplittableRandom(11);
        double[] rr = PropertySeeds.rrSeries(random, 14_400);
        Series.Builder builder = Series.builder(Metric.RR_INTERVAL, rr.length);
        long time = BUCKET;
        for (double interval : rr) {
            long millis = Math.round(interval);
            builder.add(time, millis);
            time += 250;
        }

        int bytes = ItemSizes.itemBytes(SampleItems.item(PARTITION, BUCKET, builder.build(), 1, null));

        assertThat(bytes).isLessThan(40 * 1024);
    }

    private static byte[] flipOneByte(byte[] encoded, SplittableRandom random) {
        byte[] copy = encoded.clone();
        int at = 1 + random.nextInt(copy.length - 1);
        copy[at] ^= (byte) (1 + random.nextInt(255));
        return copy;
    }

    /** Returns a random bucket: irregular times, one of three value kinds, optional offsets and durations. */
    static Series randomBucket(SplittableRandom random, int maxPoints) {
        int valueKind = random.nextInt(3);
        boolean offsets = random.nextBoolean();
        boolean durations = random.nextBoolean();
        Series.Builder builder = Series.builder(Metric.HEART_RATE, maxPoints);
        for (int i = 0; i < maxPoints; i++) {
            long time = BUCKET + random.nextLong(HOUR_MILLIS);
            double value = switch (valueKind) {
                case 0 -> 40 + random.nextInt(160);
                case 1 -> Math.round(random.nextDouble() * 100_000) / 100.0;
                default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-12, 12));
            };
            int offset = offsets && random.nextInt(4) > 0 ? 3600 * random.nextInt(-12, 15) : Series.NO_OFFSET;
            long duration = durations ? random.nextLong(HOUR_MILLIS) : 0;
            builder.add(time, value, offset, duration);
        }
        return builder.build();
    }
}
