package io.iomt.sdk.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person registered with the {@link GoogleHealthSimulator}: the ids the identity endpoint
 * returns, the recording served as their data, and an optional latency added to each of their
 * data requests. Many users may share one {@link RecordedData}; the simulator then builds its
 * response tables once. Immutable and thread-safe.
 *
 * @param healthUserId the Google Health user id: 1 to 63 characters of {@code [A-Za-z0-9-]}
 * @param legacyUserId the legacy Fitbit user id returned by the identity endpoint
 * @param data the recording served for this user
 * @param latency added to each data, identity and settings response for this user; zero for none
 */
public record SimulatedUser(String healthUserId, String legacyUserId, RecordedData data, Duration latency) {

    private static final Pattern HEALTH_USER_ID = Pattern.compile("[A-Za-z0-9-]{1,63}");

    /**
     * Creates a user.
     *
     * @throws IllegalArgumentException if an id is invalid or the latency is negative
     */
    public SimulatedUser {
        Objects.requireNonNull(healthUserId, "healthUserId");
        Objects.requireNonNull(legacyUserId, "legacyUserId");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(latency, "latency");
        if (!HEALTH_USER_ID.matcher(healthUserId).matches() || healthUserId.equals("me")) {
            throw new IllegalArgumentException("Invalid healthUserId '" + healthUserId
                    + "': use 1 to 63 characters of A-Z, a-z, 0-9 or '-', and not the alias 'me'");
        }
        if (legacyUserId.isBlank()) {
            throw new IllegalArgumentException("legacyUserId must not be blank");
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
    }

    /**
     * Returns a user with no added latency whose legacy Fitbit id is derived from the health id
     * ({@code "L"} followed by its first 8 characters, upper-cased).
     */
    public static SimulatedUser of(String healthUserId, RecordedData data) {
        Objects.requireNonNull(healthUserId, "healthUserId");
        String prefix = healthUserId.length() > 8 ? healthUserId.substring(0, 8) : healthUserId;
        return new SimulatedUser(healthUserId, "L" + prefix.toUpperCase(java.util.Locale.ROOT), data, Duration.ZERO);
    }

    /** Returns a copy with the given legacy Fitbit user id. */
    public SimulatedUser withLegacyUserId(String legacyUserId) {
        return new SimulatedUser(healthUserId, legacyUserId, data, latency);
    }

    /** Returns a copy with the given latency added to each of the user's data requests. */
    public SimulatedUser withLatency(Duration latency) {
        return new SimulatedUser(healthUserId, legacyUserId, data, latency);
    }
}
