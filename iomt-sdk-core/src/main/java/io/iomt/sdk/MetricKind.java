package io.iomt.sdk;

/** How a metric's points are placed in time. */
public enum MetricKind {
    /** A value at an instant, such as one heart-rate reading. */
    SAMPLE,
    /** A value over a span that starts at the point's time and lasts its duration, such as steps per minute. */
    INTERVAL,
    /**
     * A value for a civil day in the user's time zone. The point's time is that date's midnight
     * in UTC, so the date survives any zone, and the point has no UTC offset.
     */
    DAILY
}
