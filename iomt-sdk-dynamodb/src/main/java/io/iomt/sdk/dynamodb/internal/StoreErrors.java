package io.iomt.sdk.dynamodb.internal;

import io.iomt.sdk.StoreException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Translates AWS SDK failures, which reach the stores after the SDK's own retries, into the
 * core {@link StoreException}. Throttling, server errors (HTTP 5xx) and I/O failures are marked
 * retryable; a missing table and other client errors are not. Messages name the operation, the
 * table and the AWS error code, never an item's content. Thread-safe: it holds no state.
 */
public final class StoreErrors {

    private StoreErrors() {
    }

    /** Returns the store exception for {@code failure} during {@code operation} on {@code table}. */
    public static StoreException translate(String operation, String table, SdkException failure) {
        if (failure instanceof ResourceNotFoundException) {
            return new StoreException(operation + " failed: DynamoDB table '" + table
                    + "' does not exist; create it with DynamoDbTables", false, failure);
        }
        if (failure instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "unknown" : service.awsErrorDetails().errorCode();
            boolean retryable = service.isThrottlingException() || service.statusCode() >= 500 || service.retryable();
            return new StoreException(operation + " on DynamoDB table '" + table + "' failed with HTTP "
                    + service.statusCode() + " " + code + (retryable ? "; repeat the operation later" : ""),
                    retryable, failure);
        }
        if (failure instanceof SdkClientException) {
            return new StoreException(operation + " on DynamoDB table '" + table
                    + "' failed before a response arrived (" + failure.getClass().getSimpleName()
                    + "); check the endpoint and network, then repeat the operation", true, failure);
        }
        return new StoreException(operation + " on DynamoDB table '" + table + "' failed ("
                + failure.getClass().getSimpleName() + ")", failure.retryable(), failure);
    }

    /** Returns the store exception for an interrupt while waiting to retry. */
    public static StoreException interrupted(String operation, String table, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new StoreException(operation + " on DynamoDB table '" + table
                + "' was interrupted while waiting to retry; repeat the operation", true, cause);
    }
}
