package io.iomt.sdk;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifier of a data provider, such as {@code google-health} or {@code fitbit-legacy}.
 *
 * <p>Lower-case letters, digits and '-', 1 to 64 characters. Immutable and thread-safe.
 *
 * @param value the identifier
 */
public record ProviderId(String value) {

    // Declared before the constants below, which validate against it while the class initializes.
    private static final Pattern VALID = Pattern.compile("[a-z0-9-]{1,64}");

    /** The Google Health API v4, which serves Fitbit data since the legacy Fitbit Web API ended. */
    public static final ProviderId GOOGLE_HEALTH = new ProviderId("google-health");

    /** The legacy Fitbit Web API, switched off on 2026-11-02; connections of it must re-consent. */
    public static final ProviderId FITBIT_LEGACY = new ProviderId("fitbit-legacy");

    /**
     * Creates a provider id.
     *
     * @throws IllegalArgumentException if the value is not 1 to 64 characters of
     *     {@code [a-z0-9-]}
     */
    public ProviderId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid provider id '" + value
                    + "': use 1 to 64 characters of a-z, 0-9 or '-'");
        }
    }

    /** Returns a provider id for the given value. */
    public static ProviderId of(String value) {
        return new ProviderId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
