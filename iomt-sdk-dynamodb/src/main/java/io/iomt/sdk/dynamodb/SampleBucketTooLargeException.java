package io.iomt.sdk.dynamodb;

import io.iomt.sdk.Metric;
import io.iomt.sdk.StoreException;
import java.time.Instant;

/**
 * A sample bucket would exceed DynamoDB's item size limit of 400 KB, so the store wrote nothing
 * for that bucket. Not retryable: the same data always gives the same size.
 *
 * <p>With the default one-hour bucket this takes far more than 4 points per second (see
 * {@link DynamoDbSampleStore}). Use a store with a shorter
 * {@linkplain DynamoDbSampleStore.Builder#bucketDuration bucket duration} on a new table for
 * such a metric. Buckets earlier in the same {@code write} call may already be stored; repeating
 * the call is safe.
 */
public final class SampleBucketTooLargeException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final Metric metric;
    private final Instant bucketStart;
    private final int itemBytes;

    /** Creates the exception. */
    public SampleBucketTooLargeException(Metric metric, Instant bucketStart, int points, int itemBytes, int maxBytes) {
        super("Sample bucket of " + metric.id() + " starting at " + bucketStart + " would hold " + points
                + " points in " + itemBytes + " bytes, above DynamoDB's item limit of " + maxBytes
                + " bytes; store this metric with a shorter bucket duration", false, null);
        this.metric = metric;
        this.bucketStart = bucketStart;
        this.itemBytes = itemBytes;
    }

    /** Returns the metric of the bucket. */
    public Metric metric() {
        return metric;
    }

    /** Returns the start of the bucket. */
    public Instant bucketStart() {
        return bucketStart;
    }

    /** Returns the size the item would have had, in bytes. */
    public int itemBytes() {
        return itemBytes;
    }
}
