package io.iomt.sdk.fitbit.internal.webhook;

/** Thrown when a notification body does not have the documented shape; the message says where. */
public final class NotificationFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the element and field. */
    public NotificationFormatException(String message) {
        super(message, null, false, false);
    }
}
