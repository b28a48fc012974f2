package io.iomt.sdk;

/**
 * Text for a failure in a log line. The SDK's own exceptions keep tokens and health values out of
 * their messages, so their message is logged. Any other exception is logged by its class only,
 * because its message may come from a library or a server and contain anything.
 */
final class LoggedFailure {

    private LoggedFailure() {
    }

    /** Returns {@code "Class: message"} for an {@link IomtException}, else the simple class name. */
    static String describe(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        if (failure instanceof IomtException && failure.getMessage() != null) {
            return type + ": " + failure.getMessage();
        }
        return type;
    }
}
