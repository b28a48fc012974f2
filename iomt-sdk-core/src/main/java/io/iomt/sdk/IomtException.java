package io.iomt.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the SDK throws on purpose. Unchecked, like the AWS SDK's and Jackson's
 * roots. Messages say what failed, on which value and what to do, and never contain a token, a
 * secret, an authorization code or a health value.
 */
public class IomtException extends RuntimeException {

    /** Creates an exception with a message. */
    public IomtException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public IomtException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
