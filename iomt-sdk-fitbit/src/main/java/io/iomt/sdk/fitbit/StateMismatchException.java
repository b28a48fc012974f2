package io.iomt.sdk.fitbit;

import io.iomt.sdk.AuthorizationException;

/**
 * The authorization callback's {@code state} is missing or differs from the one sent, so the
 * callback may be forged or belong to another attempt; the code was not exchanged. Not
 * retryable; start a new authorization.
 */
public class StateMismatchException extends AuthorizationException {

    /** Creates the exception; {@code missing} is true when the callback had no state at all. */
    public StateMismatchException(boolean missing) {
        super(missing ? "The authorization callback has no 'state' parameter; the code was not exchanged. "
                + "Start a new authorization" : "The authorization callback's 'state' does not match the request's; "
                + "the code was not exchanged. Start a new authorization", null, 0, false, null);
    }
}
