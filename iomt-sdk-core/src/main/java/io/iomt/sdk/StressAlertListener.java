package io.iomt.sdk;

/**
 * Receives stress alerts from a {@link StressAlertMonitor}. Methods are called on the thread that
 * assessed the subject, after the monitor released its lock, and must return quickly and be
 * thread-safe. An exception thrown by a listener is logged at WARN and ignored.
 */
@FunctionalInterface
public interface StressAlertListener {

    /** Called when an alert was raised or cleared. */
    void onStressAlert(StressAlertEvent event);
}
