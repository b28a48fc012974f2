package io.iomt.sdk.fitbit;

import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.SubjectId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link LegacyMigration#complete}: which legacy Fitbit user became which Google
 * Health user, and the stored Google Health connection. Immutable and thread-safe;
 * {@link #toString()} never shows a token.
 *
 * @param subject the subject whose connection moved; its stored data stays under this id
 * @param legacyUserId the legacy Fitbit user id from the identity call or the legacy connection,
 *     or {@code null} if the user never had one
 * @param healthUserId the Google Health user id
 * @param googleConnection the stored {@code google-health} connection
 */
public record LegacyMigrationResult(SubjectId subject, @Nullable String legacyUserId, String healthUserId,
        ConnectionRecord googleConnection) {

    /** Creates a result. */
    public LegacyMigrationResult {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(healthUserId, "healthUserId");
        Objects.requireNonNull(googleConnection, "googleConnection");
    }

    /** Returns the legacy Fitbit user id, if the user had one. */
    public Optional<String> legacy() {
        return Optional.ofNullable(legacyUserId);
    }
}
