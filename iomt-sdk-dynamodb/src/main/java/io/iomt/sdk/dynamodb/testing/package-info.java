/**
 * Test and demo utilities: {@link io.iomt.sdk.dynamodb.testing.DynaliteServer} starts dynalite, a
 * DynamoDB-compatible server that runs on Node.js, on 127.0.0.1. Not for production use.
 *
 * <p>Every parameter and return value in this package is non-null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.iomt.sdk.dynamodb.testing;

import org.jspecify.annotations.NullMarked;
