package io.iomt.sdk.dynamodb.internal;

/** A stored sample bucket does not follow the bucket format; the item is damaged or foreign. */
public final class MalformedBucketException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedBucketException(String detail) {
        super("Malformed sample bucket: " + detail);
    }
}
