package io.iomt.sdk.dynamodb.internal;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps one time bucket of one subject's metric to an item of the sample table. Attribute names
 * are short because every byte of every item is billed: {@code pk} ({@code subject#metric}),
 * {@code sk} (bucket start, epoch milliseconds), {@code ver} (version for compare-and-set),
 * {@code pts} (the points in {@link SampleBucketCodec} format) and the optional {@code exp}
 * (expiry for DynamoDB's time to live, epoch seconds). Thread-safe: it holds no state.
 */
public final class SampleItems {

    /** Partition key: {@code subject#metric}. */
    public static final String KEY = "pk";
    /** Sort key: the bucket start in epoch milliseconds. */
    public static final String BUCKET_START = "sk";
    /** Version of the bucket, incremented by every write. */
    public static final String VERSION = "ver";
    /** The encoded points. */
    public static final String POINTS = "pts";
    /** Expiry for DynamoDB's time to live, in epoch seconds. */
    public static final String EXPIRES_AT = "exp";

    private SampleItems() {
    }

    /** Returns the partition key of a subject's metric; '#' never occurs in a subject id. */
    public static String partitionKey(SubjectId subject, Metric metric) {
        return subject.value() + "#" + metric.id();
    }

    /** Returns the primary key of one bucket. */
    public static Map<String, AttributeValue> key(String partitionKey, long bucketStartMillis) {
        return Map.of(KEY, AttributeValue.fromS(partitionKey), BUCKET_START, number(bucketStartMillis));
    }

    /** Returns the item of a bucket with {@code points}, stored as {@code version}. */
    public static Map<String, AttributeValue> item(String partitionKey, long bucketStartMillis, Series points,
            long version, @Nullable Long expiresAtEpochSeconds) {
        Map<String, AttributeValue> item = new HashMap<>(8);
        item.put(KEY, AttributeValue.fromS(partitionKey));
        item.put(BUCKET_START, number(bucketStartMillis));
        item.put(VERSION, number(version));
        item.put(POINTS, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(
                SampleBucketCodec.encode(points, bucketStartMillis))));
        if (expiresAtEpochSeconds != null) {
            item.put(EXPIRES_AT, number(expiresAtEpochSeconds));
        }
        return item;
    }

    /** Returns the bucket start of a stored item. */
    public static long bucketStart(Map<String, AttributeValue> item) {
        return Long.parseLong(requiredNumber(item, BUCKET_START));
    }

    /** Returns the version of a stored item. */
    public static long version(Map<String, AttributeValue> item) {
        return Long.parseLong(requiredNumber(item, VERSION));
    }

    /**
     * Returns the points of a stored item.
     *
     * @throws MalformedBucketException if the points attribute is missing or damaged
     */
    public static Series points(Map<String, AttributeValue> item, Metric metric) {
        AttributeValue points = item.get(POINTS);
        if (points == null || points.b() == null) {
            throw new MalformedBucketException("item lacks the binary attribute '" + POINTS + "'");
        }
        return SampleBucketCodec.decode(points.b().asByteArrayUnsafe(), metric, bucketStart(item));
    }

    /** Returns a number attribute value. */
    public static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String requiredNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new MalformedBucketException("item lacks the number attribute '" + name + "'");
        }
        return value.n();
    }
}
