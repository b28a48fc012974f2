package io.iomt.sdk.fitbit;

import java.util.Objects;

/**
 * Rejection of a request by a {@link WebhookReceiver}, with its status and reason, as reported to
 * {@link WebhookListener#onRejected}. Immutable and thread-safe.
 *
 * @param status the HTTP status sent back
 * @param reason the category of the failure
 * @param message the message sent back in the body; it contains no secret and no body content
 */
public record WebhookRejection(int status, Reason reason, String message) {

    /** Creates a rejection. */
    public WebhookRejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** Category of a rejection. */
    public enum Reason {
        /** The method was not POST. */
        METHOD_NOT_ALLOWED,
        /** The body was larger than the configured maximum. */
        BODY_TOO_LARGE,
        /** The Authorization header was missing or matched no configured secret. */
        UNAUTHORIZED,
        /** Neither signature header was present. */
        SIGNATURE_MISSING,
        /** The signature header was not a base64 Tink signature. */
        SIGNATURE_MALFORMED,
        /** The signature named a key id that the keyset does not contain, even after a re-fetch. */
        UNKNOWN_KEY,
        /** The signature did not verify over the body with the named key. */
        SIGNATURE_INVALID,
        /** No keyset could be loaded, so nothing could be verified; Google retries later. */
        KEYSET_UNAVAILABLE,
        /** The signed body was not a notification array of the documented shape. */
        INVALID_BODY,
        /** The executor rejected the hand-off task; Google retries later. */
        BUSY
    }
}
