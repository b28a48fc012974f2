package io.iomt.sdk.dynamodb;

import io.iomt.sdk.StoreException;
import io.iomt.sdk.dynamodb.internal.SampleItems;
import io.iomt.sdk.dynamodb.internal.StoreErrors;
import io.iomt.sdk.dynamodb.internal.TokenItems;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Table definitions of the DynamoDB stores, and the calls that create them.
 *
 * <p>Both tables are on-demand ({@code PAY_PER_REQUEST}), so they need no capacity planning:
 * <ul>
 *   <li>Token table: partition key {@code pk} (string, the connection key
 *       {@code subject/provider}); global secondary index {@code providerUser-index} on
 *       {@code providerUser} (string, {@code provider/providerUserId}), keys only, for
 *       {@link DynamoDbTokenStore#findByProviderUser}.</li>
 *   <li>Sample table: partition key {@code pk} (string, {@code subject#metric}) and sort key
 *       {@code sk} (number, bucket start in epoch milliseconds). Its items carry an optional
 *       {@code exp} attribute (epoch seconds) for DynamoDB's time to live, which
 *       {@link #enableSampleExpiry} switches on.</li>
 * </ul>
 *
 * <p>Hosts that provision with CloudFormation, SAM or Terraform can copy these definitions from
 * {@link #tokenTableRequest} and {@link #sampleTableRequest}. Thread-safe: it holds no state.
 * Methods use the caller's client and never close it.
 */
public final class DynamoDbTables {

    /** The time-to-live attribute of the sample table, in epoch seconds. */
    public static final String SAMPLE_EXPIRY_ATTRIBUTE = SampleItems.EXPIRES_AT;

    /** How often the table waiter polls; the AWS SDK default of 20 s would slow tests and demos. */
    private static final Duration WAITER_POLL = Duration.ofMillis(100);
    /** How many polls the waiter makes before giving up: 600 polls of 100 ms is one minute. */
    private static final int WAITER_MAX_ATTEMPTS = 600;

    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    private DynamoDbTables() {
    }

    /** Returns the request that creates the token table {@code tableName}. */
    public static CreateTableRequest tokenTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(checkTableName(tableName))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(TokenItems.KEY, ScalarAttributeType.S),
                        attribute(TokenItems.PROVIDER_USER, ScalarAttributeType.S))
                .keySchema(key(TokenItems.KEY, KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(TokenItems.PROVIDER_USER_INDEX)
                        .keySchema(key(TokenItems.PROVIDER_USER, KeyType.HASH))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build())
                .build();
    }

    /** Returns the request that creates the sample table {@code tableName}. */
    public static CreateTableRequest sampleTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(checkTableName(tableName))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute(SampleItems.KEY, ScalarAttributeType.S),
                        attribute(SampleItems.BUCKET_START, ScalarAttributeType.N))
                .keySchema(key(SampleItems.KEY, KeyType.HASH), key(SampleItems.BUCKET_START, KeyType.RANGE))
                .build();
    }

    /**
     * Creates the token table unless it exists, then waits until it is active (at most one
     * minute, polling every 100 ms).
     *
     * @throws StoreException if DynamoDB rejects the request or the table does not become active
     */
    public static void createTokenTable(DynamoDbClient client, String tableName) {
        createAndWait(client, tokenTableRequest(tableName));
    }

    /**
     * Creates the sample table unless it exists, then waits until it is active (at most one
     * minute, polling every 100 ms). Call {@link #enableSampleExpiry} as well if the sample store
     * sets a retention.
     *
     * @throws StoreException if DynamoDB rejects the request or the table does not become active
     */
    public static void createSampleTable(DynamoDbClient client, String tableName) {
        createAndWait(client, sampleTableRequest(tableName));
    }

    /**
     * Switches on DynamoDB's time to live for the sample table, on {@value #SAMPLE_EXPIRY_ATTRIBUTE},
     * so buckets past the store's retention are deleted by DynamoDB at no write cost (usually
     * within days of expiry). Calling it again on a table where it is on fails on AWS with a
     * ValidationException, reported as a non-retryable {@link StoreException}.
     *
     * <p>NOTE: dynalite 4.0.0 does not implement UpdateTimeToLive; skip this call against it.
     *
     * @throws StoreException if DynamoDB rejects the request
     */
    public static void enableSampleExpiry(DynamoDbClient client, String tableName) {
        Objects.requireNonNull(client, "client");
        checkTableName(tableName);
        try {
            client.updateTimeToLive(update -> update
                    .tableName(tableName)
                    .timeToLiveSpecification(spec -> spec.attributeName(SAMPLE_EXPIRY_ATTRIBUTE).enabled(true)));
        } catch (SdkException failure) {
            throw StoreErrors.translate("UpdateTimeToLive", tableName, failure);
        }
    }

    /**
     * Checks a table name against DynamoDB's rules and returns it.
     *
     * @throws IllegalArgumentException if the name is not 3 to 255 characters of
     *     {@code [a-zA-Z0-9_.-]}
     */
    static String checkTableName(String tableName) {
        Objects.requireNonNull(tableName, "tableName");
        if (!TABLE_NAME.matcher(tableName).matches()) {
            throw new IllegalArgumentException("Invalid DynamoDB table name '" + tableName
                    + "': use 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' or '.'");
        }
        return tableName;
    }

    private static void createAndWait(DynamoDbClient client, CreateTableRequest request) {
        Objects.requireNonNull(client, "client");
        String tableName = request.tableName();
        try {
            client.createTable(request);
        } catch (ResourceInUseException exists) {
            // The table exists or is being created: waiting for it below is all that is left to do.
        } catch (SdkException failure) {
            throw StoreErrors.translate("CreateTable", tableName, failure);
        }
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder()
                .client(client)
                .overrideConfiguration(config -> config
                        .backoffStrategy(FixedDelayBackoffStrategy.create(WAITER_POLL))
                        .maxAttempts(WAITER_MAX_ATTEMPTS))
                .build()) {
            WaiterResponse<DescribeTableResponse> response =
                    waiter.waitUntilTableExists(describe -> describe.tableName(tableName));
            if (response.matched().exception().isPresent()) {
                throw new StoreException("DynamoDB table '" + tableName + "' did not become active", true,
                        response.matched().exception().get());
            }
        } catch (SdkException failure) {
            throw StoreErrors.translate("DescribeTable", tableName, failure);
        }
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
