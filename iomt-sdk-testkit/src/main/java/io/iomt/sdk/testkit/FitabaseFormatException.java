package io.iomt.sdk.testkit;

import io.iomt.sdk.IomtException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a whole Fitabase file cannot be read: it is missing, unreadable, not gzip or text,
 * or its header lacks a required column. Bad single rows never raise this; they are skipped and
 * counted in the {@link FitabaseImportReport}.
 */
public class FitabaseFormatException extends IomtException {

    /** Creates an exception with a message. */
    public FitabaseFormatException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public FitabaseFormatException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
