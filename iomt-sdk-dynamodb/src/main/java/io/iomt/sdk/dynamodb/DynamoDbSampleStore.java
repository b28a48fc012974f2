package io.iomt.sdk.dynamodb;

import io.iomt.sdk.Metric;
import io.iomt.sdk.SampleStore;
import io.iomt.sdk.Series;
import io.iomt.sdk.StoreException;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.WriteResult;
import io.iomt.sdk.dynamodb.internal.Backoff;
import io.iomt.sdk.dynamodb.internal.BatchGetter;
import io.iomt.sdk.dynamodb.internal.ItemSizes;
import io.iomt.sdk.dynamodb.internal.MalformedBucketException;
import io.iomt.sdk.dynamodb.internal.ParallelTasks;
import io.iomt.sdk.dynamodb.internal.SampleItems;
import io.iomt.sdk.dynamodb.internal.SeriesDiff;
import io.iomt.sdk.dynamodb.internal.StoreErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * A {@link SampleStore} on a DynamoDB table that keeps each subject's metric in time buckets,
 * one item per bucket (one hour by default), with the bucket's points compressed into one
 * binary attribute.
 *
 * <h2>Layout and cost</h2>
 * Items have the partition key {@code subject#metric} and the sort key of the bucket start in
 * epoch milliseconds; create the table with {@link DynamoDbTables#createSampleTable}. Points are
 * packed as delta-of-delta times and scaled-integer (or raw IEEE 754) value deltas in varints,
 * then DEFLATE-compressed, with a format version byte first. A day of 1 Hz heart rate fills 24
 * items of about 1.2 KB each. Writing it once costs 48 write request units (WRU, 2 per item),
 * where one item per sample would cost 86,400 WRU. Reading it back costs 8 read request units
 * (RRU) strongly consistent, or 4 eventually consistent. An hour
 * is the bucket size because a write costs 1 WRU per started KB of the whole item: longer buckets
 * would make every incremental sync rewrite a larger item, shorter ones add per-item overhead and
 * more items per Query.
 *
 * <h2>Writes</h2>
 * A write is an idempotent upsert per bucket. It reads the touched buckets: one Query of their
 * span when they fill at least half of it, else BatchGetItem, whose unprocessed keys are retried
 * with exponential backoff and jitter. It then merges the new points in (a new
 * point replaces a stored one at the same time), and writes each changed bucket with a
 * conditional PutItem on the bucket's version ({@code attribute_not_exists} for a new bucket).
 * When another writer changed the bucket first, the store re-reads it, merges again and retries
 * (at most 32 attempts per bucket, then a retryable {@link StoreException}), so concurrent writers
 * never overwrite each other's points. A bucket whose merged content equals the stored one is not
 * written at all, so repeating a write costs read units only. A write that fails part-way has
 * stored some buckets completely and others not at all; repeating it is safe. The buckets are
 * written one after another, or several at once with {@link Builder#parallelWrites}.
 *
 * <h2>Item size</h2>
 * The encoding needs at most 4 bytes per point for times inside an hour, 2 bytes for whole
 * milliseconds or bpm and 8 bytes for arbitrary doubles, and at most 5 and 4 more when UTC offsets
 * and durations (up to an hour) change at every point. At 4 points per second (RR intervals
 * during exercise) an hour holds 14,400 points: about 86 KB before compression for RR intervals
 * and at most about 300 KB in the adversarial case, against DynamoDB's limit of 400 KB. A bucket
 * that would still exceed the limit is rejected before it is written, with
 * {@link SampleBucketTooLargeException}; use a shorter {@link Builder#bucketDuration} for such a
 * metric.
 *
 * <h2>Reads and deletes</h2>
 * A range read is one paged Query on the partition key and a sort-key range. A delete rewrites or
 * deletes each touched bucket with the same version condition and conflict retries as a write.
 *
 * <p>Thread-safe. The store never closes the {@link DynamoDbClient} or the executor of
 * {@link Builder#parallelWrites}; their owner does.
 */
public final class DynamoDbSampleStore implements SampleStore {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSampleStore.class);

    /** Attempts per bucket before a write that keeps losing races to other writers gives up. */
    static final int MAX_CONFLICT_ATTEMPTS = 32;

    private static final Duration DAY = Duration.ofDays(1);

    private final DynamoDbClient client;
    private final String tableName;
    private final long bucketMillis;
    private final @Nullable Duration retention;
    private final boolean consistentReads;
    private final CapacityListener capacityListener;
    private final ReturnConsumedCapacity returnCapacity;
    private final Backoff backoff;
    private final BatchGetter batchGetter;
    private final @Nullable Executor writeExecutor;
    private final int parallelWrites;

    private DynamoDbSampleStore(Builder builder) {
        this.client = Objects.requireNonNull(builder.client);
        this.tableName = Objects.requireNonNull(builder.tableName);
        this.bucketMillis = builder.bucketDuration.toMillis();
        this.retention = builder.retention;
        this.consistentReads = builder.consistentReads;
        this.capacityListener = builder.capacityListener;
        this.returnCapacity = capacityListener == CapacityListener.none()
                ? ReturnConsumedCapacity.NONE : ReturnConsumedCapacity.TOTAL;
        this.backoff = builder.sleeper == null
                ? Backoff.standard()
                : new Backoff(Duration.ofMillis(25), Duration.ofSeconds(2), builder.sleeper);
        this.batchGetter = new BatchGetter(client, tableName, backoff);
        this.writeExecutor = builder.writeExecutor;
        this.parallelWrites = builder.parallelWrites;
    }

    /** Returns a builder; the client and the table name are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * @throws SampleBucketTooLargeException if a bucket would exceed DynamoDB's item size limit
     */
    @Override
    public WriteResult write(SubjectId subject, Series series) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(series, "series");
        if (series.isEmpty()) {
            return WriteResult.EMPTY;
        }
        String partitionKey = SampleItems.partitionKey(subject, series.metric());
        Map<Long, Series> incomingByBucket = splitIntoBuckets(series);
        Map<Long, Map<String, AttributeValue>> storedByBucket = readBuckets(partitionKey, incomingByBucket.keySet());

        List<Supplier<WriteResult>> upserts = new ArrayList<>(incomingByBucket.size());
        for (Map.Entry<Long, Series> bucket : incomingByBucket.entrySet()) {
            long bucketStart = bucket.getKey();
            Series incoming = bucket.getValue();
            Map<String, AttributeValue> stored = storedByBucket.get(bucketStart);
            upserts.add(() -> upsertBucket(partitionKey, bucketStart, incoming, stored));
        }
        WriteResult total = WriteResult.EMPTY;
        for (WriteResult bucketResult : ParallelTasks.runAll(upserts, writeExecutor, parallelWrites)) {
            total = total.plus(bucketResult);
        }
        return total;
    }

    @Override
    public Series read(SubjectId subject, Metric metric, TimeRange range) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(range, "range");
        if (range.isEmpty()) {
            return Series.empty(metric);
        }
        String partitionKey = SampleItems.partitionKey(subject, metric);
        Series.Builder result = Series.builder(metric, 1024);
        for (Map<String, AttributeValue> item : queryBuckets(partitionKey, range, consistentReads)) {
            result.addAll(decode(item, metric).slice(range));
        }
        return result.build();
    }

    @Override
    public long delete(SubjectId subject, Metric metric, TimeRange range) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(range, "range");
        if (range.isEmpty()) {
            return 0;
        }
        String partitionKey = SampleItems.partitionKey(subject, metric);
        long deleted = 0;
        for (Map<String, AttributeValue> item : queryBuckets(partitionKey, range, true)) {
            deleted += deleteFromBucket(partitionKey, metric, range, item);
        }
        return deleted;
    }

    /** Returns the table name. */
    public String tableName() {
        return tableName;
    }

    /** Returns the bucket duration. */
    public Duration bucketDuration() {
        return Duration.ofMillis(bucketMillis);
    }

    private Map<Long, Series> splitIntoBuckets(Series series) {
        Map<Long, Series> buckets = new LinkedHashMap<>();
        int from = 0;
        while (from < series.size()) {
            long bucketStart = bucketStartOf(series.timeAt(from));
            int to = series.indexAtOrAfter(bucketStart + bucketMillis);
            buckets.put(bucketStart, series.slice(from, to));
            from = to;
        }
        return buckets;
    }

    /**
     * Reads the stored items of the touched buckets, strongly consistent, because a stale read that
     * already shows the new points would skip a write that a revision in between needs. When the
     * buckets fill at least half of the span from the first to the last, one Query reads that span.
     * Otherwise BatchGetItem reads them. The DynamoDB Developer Guide ("Capacity unit consumption
     * for read operations") bills a Query by the total size it returns, rounded up to 4 KB, and a
     * BatchGetItem by each item's size rounded up to 4 KB.
     */
    private Map<Long, Map<String, AttributeValue>> readBuckets(String partitionKey, Set<Long> bucketStarts) {
        long first = Collections.min(bucketStarts);
        long last = Collections.max(bucketStarts);
        long span = (last - first) / bucketMillis + 1;
        if (span > 2L * bucketStarts.size()) {
            return batchGetBuckets(partitionKey, bucketStarts);
        }
        Map<Long, Map<String, AttributeValue>> stored = new HashMap<>();
        for (Map<String, AttributeValue> item : queryBucketSpan(partitionKey, first, last, true)) {
            long bucketStart = checked(() -> SampleItems.bucketStart(item));
            if (bucketStarts.contains(bucketStart)) {
                stored.put(bucketStart, item);
            }
        }
        return stored;
    }

    private Map<Long, Map<String, AttributeValue>> batchGetBuckets(String partitionKey, Set<Long> bucketStarts) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (long bucketStart : bucketStarts) {
            keys.add(SampleItems.key(partitionKey, bucketStart));
        }
        Map<Long, Map<String, AttributeValue>> stored = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGetter.getAll(keys, true, returnCapacity,
                units -> capacityListener.consumed("BatchGetItem", tableName, units))) {
            stored.put(checked(() -> SampleItems.bucketStart(item)), item);
        }
        return stored;
    }

    private WriteResult upsertBucket(String partitionKey, long bucketStart, Series incoming,
            @Nullable Map<String, AttributeValue> storedItem) {
        Map<String, AttributeValue> current = storedItem;
        for (int attempt = 0; attempt < MAX_CONFLICT_ATTEMPTS; attempt++) {
            Series stored = current == null ? Series.empty(incoming.metric()) : decode(current, incoming.metric());
            WriteResult result = SeriesDiff.compare(stored, incoming);
            if (result.inserted() == 0 && result.replaced() == 0) {
                return result;
            }
            Series merged = stored.merge(incoming);
            long storedVersion = current == null ? 0 : versionOf(current);
            if (putBucket(partitionKey, bucketStart, merged, storedVersion)) {
                return result;
            }
            pauseAfterConflict(attempt);
            current = getBucket(partitionKey, bucketStart);
        }
        throw lostRaces("write", bucketStart);
    }

    private long deleteFromBucket(String partitionKey, Metric metric, TimeRange range, Map<String, AttributeValue> item) {
        long bucketStart = checked(() -> SampleItems.bucketStart(item));
        Map<String, AttributeValue> current = item;
        for (int attempt = 0; attempt < MAX_CONFLICT_ATTEMPTS; attempt++) {
            if (current == null) {
                return 0;
            }
            Series stored = decode(current, metric);
            int from = stored.indexAtOrAfter(range.startMillis());
            int to = stored.indexAtOrAfter(range.endMillis());
            if (from == to) {
                return 0;
            }
            Series remaining = stored.slice(0, from).merge(stored.slice(to, stored.size()));
            long storedVersion = versionOf(current);
            boolean written = remaining.isEmpty()
                    ? deleteBucket(partitionKey, bucketStart, storedVersion)
                    : putBucket(partitionKey, bucketStart, remaining, storedVersion);
            if (written) {
                return to - from;
            }
            pauseAfterConflict(attempt);
            current = getBucket(partitionKey, bucketStart);
        }
        throw lostRaces("delete", bucketStart);
    }

    /** Writes a bucket if its stored version is {@code expectedVersion}; returns false on a conflict. */
    private boolean putBucket(String partitionKey, long bucketStart, Series points, long expectedVersion) {
        Map<String, AttributeValue> item = SampleItems.item(partitionKey, bucketStart, points, expectedVersion + 1,
                expiryOf(bucketStart));
        int itemBytes = ItemSizes.itemBytes(item);
        if (itemBytes > ItemSizes.MAX_ITEM_BYTES) {
            throw new SampleBucketTooLargeException(points.metric(), Instant.ofEpochMilli(bucketStart), points.size(),
                    itemBytes, ItemSizes.MAX_ITEM_BYTES);
        }
        try {
            ConsumedCapacity consumed = client.putItem(put -> {
                put.tableName(tableName).item(item).returnConsumedCapacity(returnCapacity);
                versionCondition(put::conditionExpression, put::expressionAttributeNames, put::expressionAttributeValues,
                        expectedVersion);
            }).consumedCapacity();
            report("PutItem", consumed);
            return true;
        } catch (ConditionalCheckFailedException conflict) {
            return false;
        } catch (SdkException failure) {
            throw StoreErrors.translate("PutItem", tableName, failure);
        }
    }

    private boolean deleteBucket(String partitionKey, long bucketStart, long expectedVersion) {
        try {
            ConsumedCapacity consumed = client.deleteItem(delete -> {
                delete.tableName(tableName).key(SampleItems.key(partitionKey, bucketStart))
                        .returnConsumedCapacity(returnCapacity);
                versionCondition(delete::conditionExpression, delete::expressionAttributeNames,
                        delete::expressionAttributeValues, expectedVersion);
            }).consumedCapacity();
            report("DeleteItem", consumed);
            return true;
        } catch (ConditionalCheckFailedException conflict) {
            return false;
        } catch (SdkException failure) {
            throw StoreErrors.translate("DeleteItem", tableName, failure);
        }
    }

    private static void versionCondition(java.util.function.Consumer<String> expression,
            java.util.function.Consumer<Map<String, String>> names,
            java.util.function.Consumer<Map<String, AttributeValue>> values, long expectedVersion) {
        if (expectedVersion == 0) {
            expression.accept("attribute_not_exists(#pk)");
            names.accept(Map.of("#pk", SampleItems.KEY));
        } else {
            expression.accept("#ver = :expected");
            names.accept(Map.of("#ver", SampleItems.VERSION));
            values.accept(Map.of(":expected", SampleItems.number(expectedVersion)));
        }
    }

    private @Nullable Map<String, AttributeValue> getBucket(String partitionKey, long bucketStart) {
        GetItemResponse response = call("GetItem", () -> client.getItem(get -> get
                .tableName(tableName)
                .key(SampleItems.key(partitionKey, bucketStart))
                .consistentRead(true)
                .returnConsumedCapacity(returnCapacity)));
        report("GetItem", response.consumedCapacity());
        return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    }

    /** Returns every bucket that may hold a point of {@code range}, in time order. */
    private List<Map<String, AttributeValue>> queryBuckets(String partitionKey, TimeRange range, boolean consistent) {
        return queryBucketSpan(partitionKey, bucketStartOf(range.startMillis()), bucketStartOf(range.endMillis() - 1),
                consistent);
    }

    /** Returns the stored buckets from {@code firstBucket} to {@code lastBucket}, both included, in time order. */
    private List<Map<String, AttributeValue>> queryBucketSpan(String partitionKey, long firstBucket, long lastBucket,
            boolean consistent) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            QueryResponse response = call("Query", () -> client.query(query -> query
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND #sk BETWEEN :first AND :last")
                    .expressionAttributeNames(Map.of("#pk", SampleItems.KEY, "#sk", SampleItems.BUCKET_START))
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(partitionKey),
                            ":first", SampleItems.number(firstBucket),
                            ":last", SampleItems.number(lastBucket)))
                    .consistentRead(consistent)
                    .exclusiveStartKey(exclusiveStart)
                    .returnConsumedCapacity(returnCapacity)));
            report("Query", response.consumedCapacity());
            items.addAll(response.items());
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }

    private long bucketStartOf(long epochMillis) {
        return Math.floorDiv(epochMillis, bucketMillis) * bucketMillis;
    }

    private @Nullable Long expiryOf(long bucketStart) {
        if (retention == null) {
            return null;
        }
        return Math.floorDiv(bucketStart + bucketMillis, 1000L) + retention.toSeconds();
    }

    private Series decode(Map<String, AttributeValue> item, Metric metric) {
        return checked(() -> SampleItems.points(item, metric));
    }

    private long versionOf(Map<String, AttributeValue> item) {
        return checked(() -> SampleItems.version(item));
    }

    /** Runs a read of a stored item's attributes and reports a damaged item as a StoreException. */
    private <T> T checked(Supplier<T> itemRead) {
        try {
            return itemRead.get();
        } catch (MalformedBucketException damaged) {
            throw new StoreException("Sample item in DynamoDB table '" + tableName + "' could not be decoded: "
                    + damaged.getMessage() + "; restore the item from a backup or delete it", false, damaged);
        }
    }

    private void pauseAfterConflict(int attempt) {
        LOG.debug("Sample bucket in table {} changed by another writer; re-reading (attempt {})", tableName, attempt + 1);
        try {
            backoff.pause(Math.min(attempt, 6));
        } catch (InterruptedException interrupted) {
            throw StoreErrors.interrupted("PutItem", tableName, interrupted);
        }
    }

    private StoreException lostRaces(String operation, long bucketStart) {
        return new StoreException("Sample " + operation + " of the bucket at " + Instant.ofEpochMilli(bucketStart)
                + " in DynamoDB table '" + tableName + "' lost " + MAX_CONFLICT_ATTEMPTS
                + " races to other writers; repeat the operation", true, null);
    }

    private <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException failure) {
            throw StoreErrors.translate(operation, tableName, failure);
        }
    }

    private void report(String operation, @Nullable ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            capacityListener.consumed(operation, tableName, capacity.capacityUnits());
        }
    }

    @Override
    public String toString() {
        return "DynamoDbSampleStore[table=" + tableName + ", bucket=" + bucketDuration() + "]";
    }

    /** Builds a {@link DynamoDbSampleStore}. Not thread-safe; the built store is. */
    public static final class Builder {
        private @Nullable DynamoDbClient client;
        private @Nullable String tableName;
        private Duration bucketDuration = Duration.ofHours(1);
        private @Nullable Duration retention;
        private boolean consistentReads = true;
        private CapacityListener capacityListener = CapacityListener.none();
        private Backoff.@Nullable Sleeper sleeper;
        private @Nullable Executor writeExecutor;
        private int parallelWrites = 1;

        private Builder() {
        }

        /** Replaces the sleeps between retries; for tests of the retry paths in this package. */
        Builder retrySleeper(Backoff.Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Sets the client; the store uses it and never closes it. Required. */
        public Builder client(DynamoDbClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Sets the table, created with {@link DynamoDbTables#createSampleTable}. Required. */
        public Builder tableName(String tableName) {
            this.tableName = DynamoDbTables.checkTableName(tableName);
            return this;
        }

        /**
         * Sets the time span of one item; default one hour. Every store on a table must use the
         * same duration, and it must not change once the table contains data, because points would
         * then be looked up in the wrong items.
         *
         * @throws IllegalArgumentException unless the duration is a whole number of seconds from
         *     one minute to one day that divides a day evenly
         */
        public Builder bucketDuration(Duration bucketDuration) {
            Objects.requireNonNull(bucketDuration, "bucketDuration");
            if (bucketDuration.compareTo(Duration.ofMinutes(1)) < 0 || bucketDuration.compareTo(DAY) > 0
                    || bucketDuration.toMillis() % 1000 != 0 || DAY.toMillis() % bucketDuration.toMillis() != 0) {
                throw new IllegalArgumentException("bucketDuration must divide a day evenly and lie in [1 minute, 1 day], got "
                        + bucketDuration);
            }
            this.bucketDuration = bucketDuration;
            return this;
        }

        /**
         * Sets how long points are kept after their bucket ends; by default forever. Each item then
         * carries an expiry that DynamoDB's time to live acts on once
         * {@link DynamoDbTables#enableSampleExpiry} has been called for the table.
         *
         * @throws IllegalArgumentException if the retention is shorter than one day
         */
        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.compareTo(DAY) < 0) {
                throw new IllegalArgumentException("retention must be at least 1 day, got " + retention);
            }
            this.retention = retention;
            return this;
        }

        /**
         * Sets whether range reads ({@link DynamoDbSampleStore#read}) are strongly consistent; default {@code true}.
         * Eventually consistent reads cost half the read units, but a read right after a write
         * may miss it. The reads inside writes and deletes are always strongly consistent.
         */
        public Builder consistentReads(boolean consistentReads) {
            this.consistentReads = consistentReads;
            return this;
        }

        /** Sets a listener for consumed capacity; by default none, and no figures are requested. */
        public Builder capacityListener(CapacityListener capacityListener) {
            this.capacityListener = Objects.requireNonNull(capacityListener, "capacityListener");
            return this;
        }

        /**
         * Lets one {@link DynamoDbSampleStore#write write} send the conditional writes of up to
         * {@code bucketsAtOnce} buckets at once instead of one after another (the default), which
         * shortens a write of many buckets (a day of heart rate is 24) to a few round trips. The
         * calling thread writes buckets too, and up to {@code bucketsAtOnce - 1} tasks on
         * {@code executor} help it; when the executor runs nothing (all threads busy, or it
         * rejects the task), the calling thread writes every bucket itself, so sharing the
         * host's worker pool cannot deadlock. Every bucket keeps its version condition and
         * conflict retries. A write returns or throws only when none of its bucket writes runs any
         * more, so a caller that advances a watermark after {@code write} returns still does so
         * only after the data is stored. After a bucket fails, the buckets not yet started are
         * skipped and the first failure is thrown; as without this setting, the buckets written
         * before are stored completely and repeating the write is safe. Deletes and reads are not
         * affected. The store never shuts the executor down; a bounded pool bounds the requests
         * of all writes together.
         *
         * @throws IllegalArgumentException if {@code bucketsAtOnce} is below 1 or above 64
         */
        public Builder parallelWrites(Executor executor, int bucketsAtOnce) {
            Objects.requireNonNull(executor, "executor");
            if (bucketsAtOnce < 1 || bucketsAtOnce > 64) {
                throw new IllegalArgumentException("bucketsAtOnce must lie in [1, 64], got " + bucketsAtOnce);
            }
            this.writeExecutor = executor;
            this.parallelWrites = bucketsAtOnce;
            return this;
        }

        /**
         * Returns the store.
         *
         * @throws IllegalStateException if the client or the table name is missing
         */
        public DynamoDbSampleStore build() {
            if (client == null || tableName == null) {
                throw new IllegalStateException("DynamoDbSampleStore needs client(...) and tableName(...)");
            }
            return new DynamoDbSampleStore(this);
        }
    }
}
