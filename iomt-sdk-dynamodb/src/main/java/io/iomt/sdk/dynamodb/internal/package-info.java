/**
 * Implementation of the DynamoDB stores: the binary sample-bucket format, item mapping, item
 * sizes, retries and error translation. Not part of the API; it may change in any release.
 */
@NullMarked
package io.iomt.sdk.dynamodb.internal;

import org.jspecify.annotations.NullMarked;
