package io.iomt.sdk.fitbit.internal;

import java.io.IOException;

/** A data-points page has the wrong shape; the message names the field, never a value. */
public final class MalformedPageException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming what was wrong. */
    public MalformedPageException(String message) {
        super(message);
    }
}
