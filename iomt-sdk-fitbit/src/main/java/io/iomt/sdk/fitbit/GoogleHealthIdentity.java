package io.iomt.sdk.fitbit;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The user's ids as returned by {@code GET /v4/users/me/identity}: the Google Health user id
 * (used in data paths and webhook notifications) and, for users who came from Fitbit, the legacy
 * Fitbit user id, which Google allows only for mapping existing records to the new id.
 * Immutable and thread-safe.
 *
 * @param healthUserId the Google Health user id (1 to 63 characters of {@code [A-Za-z0-9-]})
 * @param legacyUserId the legacy Fitbit user id, or {@code null} if the user has none
 */
public record GoogleHealthIdentity(String healthUserId, @Nullable String legacyUserId) {

    /** Creates an identity. */
    public GoogleHealthIdentity {
        Objects.requireNonNull(healthUserId, "healthUserId");
    }

    /** Returns the legacy Fitbit user id, if the user has one. */
    public Optional<String> legacy() {
        return Optional.ofNullable(legacyUserId);
    }
}
