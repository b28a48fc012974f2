package io.iomt.sdk.testkit.internal;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-user limit on requests in any rolling 60-second window, on the simulator's clock.
 * Rejected requests do not use up quota. Thread-safe: each user's window is locked on its own.
 */
final class QuotaLimiter {

    private static final long WINDOW_MILLIS = 60_000L;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

    /** Creates a limiter; {@code perMinute} of 0 disables it. */
    QuotaLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Returns 0 if the request may go ahead (and counts it), or else the milliseconds until it could. */
    long tryAcquire(String userId) {
        if (perMinute == 0) {
            return 0;
        }
        ArrayDeque<Long> window = windows.computeIfAbsent(userId, id -> new ArrayDeque<>());
        long now = clock.millis();
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MILLIS) {
                window.pollFirst();
            }
            if (window.size() >= perMinute) {
                return Math.max(1, window.peekFirst() + WINDOW_MILLIS - now);
            }
            window.addLast(now);
            return 0;
        }
    }
}
