package io.iomt.sdk.fitbit;

import io.iomt.sdk.IomtException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a webhook public keyset cannot be parsed or fetched. The message names the URL or
 * field that failed; keysets hold only public keys, so nothing secret is at stake.
 */
public class WebhookKeysetException extends IomtException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public WebhookKeysetException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public WebhookKeysetException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
