package io.iomt.sdk.dynamodb.internal;

import io.iomt.sdk.StoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Reads many items of one table with BatchGetItem, 100 keys per request, and retries the keys
 * DynamoDB returns as unprocessed (under throttling or the 16 MB response limit) with
 * exponential backoff and full jitter. Nothing is dropped: after the last retry it throws.
 * Immutable and thread-safe.
 */
public final class BatchGetter {

    private static final Logger LOG = LoggerFactory.getLogger(BatchGetter.class);

    /** DynamoDB's maximum number of keys in one BatchGetItem request. */
    public static final int MAX_KEYS_PER_REQUEST = 100;

    /** Retries of unprocessed keys before giving up; with the standard backoff about 20 s in all. */
    public static final int MAX_UNPROCESSED_RETRIES = 12;

    private final DynamoDbClient client;
    private final String tableName;
    private final Backoff backoff;

    /** Creates a getter for {@code tableName}. */
    public BatchGetter(DynamoDbClient client, String tableName, Backoff backoff) {
        this.client = client;
        this.tableName = tableName;
        this.backoff = backoff;
    }

    /**
     * Returns the stored items among {@code keys}; a key without an item has no entry.
     *
     * @param capacity receives the capacity units of each response that reports them
     * @throws StoreException if DynamoDB failed, or keys stayed unprocessed after every retry
     */
    public List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys, boolean consistentRead,
            ReturnConsumedCapacity returnCapacity, DoubleConsumer capacity) {
        List<Map<String, AttributeValue>> found = new ArrayList<>(keys.size());
        for (int from = 0; from < keys.size(); from += MAX_KEYS_PER_REQUEST) {
            List<Map<String, AttributeValue>> chunk = keys.subList(from, Math.min(keys.size(), from + MAX_KEYS_PER_REQUEST));
            getChunk(chunk, consistentRead, returnCapacity, capacity, found);
        }
        return found;
    }

    private void getChunk(List<Map<String, AttributeValue>> chunk, boolean consistentRead,
            ReturnConsumedCapacity returnCapacity, DoubleConsumer capacity, List<Map<String, AttributeValue>> found) {
        Map<String, KeysAndAttributes> pending = new HashMap<>();
        pending.put(tableName, KeysAndAttributes.builder().keys(chunk).consistentRead(consistentRead).build());
        for (int retry = 0; ; retry++) {
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response;
            try {
                response = client.batchGetItem(batch -> batch.requestItems(request).returnConsumedCapacity(returnCapacity));
            } catch (SdkException failure) {
                throw StoreErrors.translate("BatchGetItem", tableName, failure);
            }
            for (ConsumedCapacity consumed : response.consumedCapacity()) {
                if (consumed.capacityUnits() != null) {
                    capacity.accept(consumed.capacityUnits());
                }
            }
            found.addAll(response.responses().getOrDefault(tableName, List.of()));

            KeysAndAttributes unprocessed = response.hasUnprocessedKeys()
                    ? response.unprocessedKeys().get(tableName) : null;
            if (unprocessed == null || !unprocessed.hasKeys() || unprocessed.keys().isEmpty()) {
                return;
            }
            if (retry >= MAX_UNPROCESSED_RETRIES) {
                throw new StoreException("BatchGetItem on DynamoDB table '" + tableName + "' left "
                        + unprocessed.keys().size() + " keys unprocessed after " + MAX_UNPROCESSED_RETRIES
                        + " retries; the table is throttled, repeat the operation later", true, null);
            }
            LOG.warn("BatchGetItem on DynamoDB table {} left {} keys unprocessed; retrying (retry {} of {})",
                    tableName, unprocessed.keys().size(), retry + 1, MAX_UNPROCESSED_RETRIES);
            pause(retry);
            pending = Map.of(tableName, unprocessed);
        }
    }

    private void pause(int retry) {
        try {
            backoff.pause(retry);
        } catch (InterruptedException interrupted) {
            throw StoreErrors.interrupted("BatchGetItem", tableName, interrupted);
        }
    }
}
