package io.iomt.sdk;

import org.jspecify.annotations.Nullable;

/**
 * A store could not complete an operation, for example because its backend was unreachable or
 * kept throttling after every retry. Nothing is half-written: a failed write may be repeated.
 */
public class StoreException extends IomtException {

    private final boolean retryable;

    /** Creates the exception. */
    public StoreException(String message, boolean retryable, @Nullable Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Returns whether the same operation may succeed later. */
    public boolean isRetryable() {
        return retryable;
    }
}
