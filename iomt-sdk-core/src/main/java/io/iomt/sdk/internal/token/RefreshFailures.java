package io.iomt.sdk.internal.token;

import io.iomt.sdk.ConnectionId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Consecutive refresh failures per connection and the backoff they cause: after the n-th failure
 * in a row the provider is not asked again for a random time between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}. Thread-safe.
 */
public final class RefreshFailures {

    /** The failures of one connection: how many in a row, when the next attempt may start, and the last cause. */
    public record State(int failures, Instant retryAt, RuntimeException cause) {
    }

    private final Duration initial;
    private final Duration max;
    private final LongUnaryOperator randomBelow;
    private final ConcurrentHashMap<ConnectionId, State> states = new ConcurrentHashMap<>();

    /**
     * Creates the tracker.
     *
     * @param randomBelow returns a uniformly random value in {@code [0, bound)} for a bound; thread-safe
     */
    public RefreshFailures(Duration initial, Duration max, LongUnaryOperator randomBelow) {
        this.initial = initial;
        this.max = max;
        this.randomBelow = randomBelow;
    }

    /** Returns the failure state of {@code connection}, or {@code null} after a success. */
    public @Nullable State get(ConnectionId connection) {
        return states.get(connection);
    }

    /** Records one more failure and returns when the provider may be asked again. */
    public Instant record(ConnectionId connection, RuntimeException cause, Instant now) {
        State updated = states.compute(connection, (id, previous) -> {
            int count = previous == null ? 1 : previous.failures() + 1;
            return new State(count, now.plus(backoff(count)), cause);
        });
        return updated.retryAt();
    }

    /** Forgets the failures of {@code connection}, after a success or a status change. */
    public void clear(ConnectionId connection) {
        states.remove(connection);
    }

    /** Returns the wait after {@code failures} consecutive failures. */
    Duration backoff(int failures) {
        long ceiling = initial.toMillis();
        for (int i = 1; i < failures && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        return Duration.ofMillis(half + randomBelow.applyAsLong(ceiling - half + 1));
    }

    @Override
    public String toString() {
        return "RefreshFailures[initial=" + initial + ", max=" + max + ", connections=" + states.size() + "]";
    }
}
