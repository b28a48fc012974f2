package io.iomt.sdk.dynamodb;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionPage;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.StoreException;
import io.iomt.sdk.TokenStore;
import io.iomt.sdk.VersionConflictException;
import io.iomt.sdk.dynamodb.internal.StoreErrors;
import io.iomt.sdk.dynamodb.internal.TokenItems;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A {@link TokenStore} on a DynamoDB table: one item per connection, keyed by the connection key
 * {@code subject/provider}, holding the connection's status, provider user id and scopes, the
 * encrypted tokens, the per-metric sync watermarks, the refresh lease and a version number.
 *
 * <p>Every {@link #save} and {@link #delete} is a conditional write on the version (a new record
 * requires that no item exists), so a stale write raises {@link VersionConflictException} and
 * never overwrites another host's change. Reads are strongly consistent. Failures after the AWS
 * SDK's own retries become {@link StoreException}, retryable for throttling, server errors and
 * I/O failures. Create the table with {@link DynamoDbTables#createTokenTable}.
 *
 * <p>Cost: a save or delete costs 1 write request unit per started KB of the item, typically 1 or
 * 2 once the tokens are encrypted, and a load 1 read request unit. {@link #list} is a Scan of the whole table, which costs read units for every
 * item visited (about 1 per 4 KB of items, strongly consistent), so schedulers should page
 * through it rarely rather than per sync.
 *
 * <p>Thread-safe. The store never closes the {@link DynamoDbClient}; its owner does.
 */
public final class DynamoDbTokenStore implements TokenStore {

    private static final String NEW_RECORD_CONDITION = "attribute_not_exists(#pk)";
    private static final String VERSION_CONDITION = "#version = :expected";

    private final DynamoDbClient client;
    private final String tableName;
    private final TokenItems items;
    private final CapacityListener capacityListener;
    private final ReturnConsumedCapacity returnCapacity;

    private DynamoDbTokenStore(Builder builder) {
        this.client = builder.client;
        this.tableName = builder.tableName;
        TokenCipher cipher = builder.tokenCipher;
        this.items = new TokenItems(cipher::encrypt, cipher::decrypt);
        this.capacityListener = builder.capacityListener;
        this.returnCapacity = capacityListener == CapacityListener.none()
                ? ReturnConsumedCapacity.NONE : ReturnConsumedCapacity.TOTAL;
    }

    /** Returns a builder; the client, table name and token cipher are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<ConnectionRecord> load(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        GetItemResponse response = call("GetItem", () -> client.getItem(get -> get
                .tableName(tableName)
                .key(TokenItems.key(id))
                .consistentRead(true)
                .returnConsumedCapacity(returnCapacity)));
        report("GetItem", response.consumedCapacity());
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(decode(id, response.item()));
    }

    @Override
    public ConnectionRecord save(ConnectionRecord record) {
        Objects.requireNonNull(record, "record");
        long nextVersion = record.version() + 1;
        Map<String, AttributeValue> item = encode(record, nextVersion);

        PutItemRequest.Builder put = PutItemRequest.builder()
                .tableName(tableName)
                .item(item)
                .returnConsumedCapacity(returnCapacity);
        if (record.version() == 0) {
            put.conditionExpression(NEW_RECORD_CONDITION).expressionAttributeNames(Map.of("#pk", TokenItems.KEY));
        } else {
            put.conditionExpression(VERSION_CONDITION)
                    .expressionAttributeNames(Map.of("#version", TokenItems.VERSION))
                    .expressionAttributeValues(Map.of(":expected", TokenItems.number(record.version())));
        }
        try {
            report("PutItem", client.putItem(put.build()).consumedCapacity());
        } catch (ConditionalCheckFailedException conflict) {
            throw new VersionConflictException(record.id(), record.version());
        } catch (SdkException failure) {
            throw StoreErrors.translate("PutItem", tableName, failure);
        }
        return record.withVersion(nextVersion);
    }

    @Override
    public boolean delete(ConnectionId id, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        DeleteItemResponse response;
        try {
            // A missing item passes the condition and deletes nothing, which returns no old item.
            response = client.deleteItem(delete -> delete
                    .tableName(tableName)
                    .key(TokenItems.key(id))
                    .conditionExpression("attribute_not_exists(#pk) OR #version = :expected")
                    .expressionAttributeNames(Map.of("#pk", TokenItems.KEY, "#version", TokenItems.VERSION))
                    .expressionAttributeValues(Map.of(":expected", TokenItems.number(expectedVersion)))
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnConsumedCapacity(returnCapacity));
        } catch (ConditionalCheckFailedException conflict) {
            throw new VersionConflictException(id, expectedVersion);
        } catch (SdkException failure) {
            throw StoreErrors.translate("DeleteItem", tableName, failure);
        }
        report("DeleteItem", response.consumedCapacity());
        return response.hasAttributes() && !response.attributes().isEmpty();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Pages are a strongly consistent Scan in DynamoDB's hash order, which is stable while the
     * table is unchanged. The page token is the connection key of the page's last record. A page
     * may be short, or empty with no next token, when DynamoDB stops at its 1 MB page limit or at
     * the end of the table. Every call reads and pays for the whole page.
     *
     * @throws IllegalArgumentException if {@code limit} is outside [1, 1000] or {@code pageToken}
     *     is not a token returned by this method
     */
    @Override
    public ConnectionPage list(@Nullable String pageToken, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must lie in [1, 1000], got " + limit);
        }
        Map<String, AttributeValue> startKey = pageToken == null ? null : TokenItems.key(parsePageToken(pageToken));
        ScanResponse response = call("Scan", () -> client.scan(scan -> scan
                .tableName(tableName)
                .limit(limit)
                .consistentRead(true)
                .exclusiveStartKey(startKey)
                .returnConsumedCapacity(returnCapacity)));
        report("Scan", response.consumedCapacity());

        List<ConnectionRecord> records = new ArrayList<>(response.count());
        for (Map<String, AttributeValue> item : response.items()) {
            records.add(decode(ConnectionId.parse(item.get(TokenItems.KEY).s()), item));
        }
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey().get(TokenItems.KEY).s()
                : null;
        return new ConnectionPage(records, next);
    }

    /**
     * Returns the connections whose account at {@code provider} has the id {@code providerUserId},
     * for example to route a provider's webhook notification, which names the provider's user id
     * only. Normally there is at most one; two subjects linked to the same account give two.
     *
     * <p>Reads the table's provider-user index, which is eventually consistent: a connection
     * saved a moment ago may be missing.
     */
    public List<ConnectionId> findByProviderUser(ProviderId provider, String providerUserId) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerUserId, "providerUserId");
        List<ConnectionId> found = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> exclusiveStart = startKey;
            QueryResponse response = call("Query", () -> client.query(query -> query
                    .tableName(tableName)
                    .indexName(TokenItems.PROVIDER_USER_INDEX)
                    .keyConditionExpression("#pu = :pu")
                    .expressionAttributeNames(Map.of("#pu", TokenItems.PROVIDER_USER))
                    .expressionAttributeValues(Map.of(":pu",
                            TokenItems.string(TokenItems.providerUser(provider.value(), providerUserId))))
                    .exclusiveStartKey(exclusiveStart)
                    .returnConsumedCapacity(returnCapacity)));
            report("Query", response.consumedCapacity());
            response.items().forEach(item -> found.add(ConnectionId.parse(item.get(TokenItems.KEY).s())));
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
        return found;
    }

    /** Returns the table name. */
    public String tableName() {
        return tableName;
    }

    private Map<String, AttributeValue> encode(ConnectionRecord record, long version) {
        try {
            return items.toItem(record, version);
        } catch (RuntimeException cipherFailure) {
            throw new StoreException("Encrypting the tokens of connection " + record.id() + " failed ("
                    + cipherFailure.getClass().getSimpleName() + "); check the TokenCipher's key", false, cipherFailure);
        }
    }

    private ConnectionRecord decode(ConnectionId id, Map<String, AttributeValue> item) {
        try {
            return items.fromItem(item);
        } catch (RuntimeException invalid) {
            throw new StoreException("Stored item of connection " + id + " in table '" + tableName
                    + "' could not be read (" + invalid.getClass().getSimpleName()
                    + "); the item is damaged or its tokens were encrypted with another key", false, invalid);
        }
    }

    private static ConnectionId parsePageToken(String pageToken) {
        try {
            return ConnectionId.parse(pageToken);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("Invalid page token: pass null or the nextPageToken of a previous page",
                    invalid);
        }
    }

    private <T> T call(String operation, java.util.function.Supplier<T> request) {
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
        return "DynamoDbTokenStore[table=" + tableName + "]";
    }

    /** Builds a {@link DynamoDbTokenStore}. Not thread-safe; the built store is. */
    public static final class Builder {
        private @Nullable DynamoDbClient client;
        private @Nullable String tableName;
        private @Nullable TokenCipher tokenCipher;
        private CapacityListener capacityListener = CapacityListener.none();

        private Builder() {
        }

        /** Sets the client; the store uses it and never closes it. Required. */
        public Builder client(DynamoDbClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Sets the table, created with {@link DynamoDbTables#createTokenTable}. Required. */
        public Builder tableName(String tableName) {
            this.tableName = DynamoDbTables.checkTableName(tableName);
            return this;
        }

        /**
         * Sets the cipher for the tokens. Required, so that plaintext storage is always a visible
         * choice: {@link TokenCipher#plaintextForDevelopment()} is for local development only.
         */
        public Builder tokenCipher(TokenCipher tokenCipher) {
            this.tokenCipher = Objects.requireNonNull(tokenCipher, "tokenCipher");
            return this;
        }

        /** Sets a listener for consumed capacity; by default none, and no figures are requested. */
        public Builder capacityListener(CapacityListener capacityListener) {
            this.capacityListener = Objects.requireNonNull(capacityListener, "capacityListener");
            return this;
        }

        /**
         * Returns the store.
         *
         * @throws IllegalStateException if the client, table name or token cipher is missing
         */
        public DynamoDbTokenStore build() {
            if (client == null || tableName == null) {
                throw new IllegalStateException("DynamoDbTokenStore needs client(...) and tableName(...)");
            }
            if (tokenCipher == null) {
                throw new IllegalStateException("DynamoDbTokenStore needs tokenCipher(...); use "
                        + "TokenCipher.plaintextForDevelopment() only against a local development server");
            }
            return new DynamoDbTokenStore(this);
        }
    }
}
