package io.iomt.sdk.fitbit;

import io.iomt.sdk.AuthorizationException;

/**
 * The user declined consent: the authorization callback carried {@code error=access_denied}.
 * Not retryable; ask the user again when they choose to connect.
 */
public class AuthorizationDeniedException extends AuthorizationException {

    /** The OAuth error code of a declined consent. */
    public static final String ACCESS_DENIED = "access_denied";

    /** Creates the exception. */
    public AuthorizationDeniedException() {
        super("The user declined the Google Health consent (error=access_denied); no tokens were issued. "
                + "Ask the user to connect again when they choose to", ACCESS_DENIED, 0, false, null);
    }
}
