/**
 * Amazon DynamoDB implementations of the SDK's stores: {@link io.iomt.sdk.dynamodb.DynamoDbTokenStore}
 * for connections and tokens, {@link io.iomt.sdk.dynamodb.DynamoDbSampleStore} for time series in
 * compressed hourly buckets, and {@link io.iomt.sdk.dynamodb.DynamoDbTables} to create their tables.
 *
 * <p>The stores take the caller's {@code DynamoDbClient} and never close it. This module bundles
 * no HTTP client: build the client with the one the host already uses (for example
 * {@code url-connection-client}, {@code apache-client} or the AWS CRT client).
 *
 * <p>Every parameter and return value in this package is non-null unless marked
 * {@code @Nullable}. Types under {@code io.iomt.sdk.dynamodb.internal} are not part of the API.
 */
@NullMarked
package io.iomt.sdk.dynamodb;

import org.jspecify.annotations.NullMarked;
