package io.iomt.sdk.fitbit;

import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.IomtException;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TokenManager;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.TokenStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a subject from the switched-off legacy Fitbit Web API to the Google Health API after the
 * user consented again through Google.
 *
 * <p>{@link #complete(SubjectId, TokenPair)} reads {@code GET /v4/users/me/identity} with the new
 * Google access token, which returns the Google Health user id and, for users who came from
 * Fitbit, their legacy Fitbit user id. It then
 * <ol>
 *   <li>refuses the migration if the subject's legacy connection names a different Fitbit user
 *       than the Google account (the wrong person consented), writing nothing;</li>
 *   <li>stores the {@code google-health} connection of the same subject with the
 *       {@code healthUserId} as its provider user id, through the {@link TokenManager};</li>
 *   <li>marks the {@code fitbit-legacy} connection {@link ConnectionStatus#REVOKED}, deletes its
 *       dead tokens and keeps the record, whose provider user id stays the {@code legacyUserId}
 *       and whose reason names the {@code healthUserId}: the two records of one subject are the
 *       stored mapping {@code legacyUserId -> healthUserId}.</li>
 * </ol>
 *
 * <p><b>Stored data stays linked.</b> Samples and scores are keyed by {@link SubjectId}, not by a
 * provider's user id, and the subject id does not change, so data synced from the legacy API and
 * data synced from Google Health sit side by side under the same subject. The new connection
 * starts without watermarks, so its first sync fetches the history Google Health serves. Stores
 * upsert by time. Points stored before are therefore replaced by the same or newer values and
 * never duplicated.
 *
 * <p>Thread-safe; owns nothing. The wearable, token manager and store are the caller's.
 */
public final class LegacyMigration {

    private static final Logger LOG = LoggerFactory.getLogger(LegacyMigration.class);

    private final GoogleHealthWearable google;
    private final TokenManager tokenManager;
    private final TokenStore tokenStore;
    private final Clock clock;

    private LegacyMigration(GoogleHealthWearable google, TokenManager tokenManager, TokenStore tokenStore, Clock clock) {
        this.google = google;
        this.tokenManager = tokenManager;
        this.tokenStore = tokenStore;
        this.clock = clock;
    }

    /**
     * Returns a migration helper.
     *
     * @param google the Google Health client, for the identity call
     * @param tokenManager the manager that stores the new connection; it must use {@code tokenStore}
     * @param tokenStore the store holding the legacy connections
     * @param clock stamps the status change of the legacy connection
     */
    public static LegacyMigration create(GoogleHealthWearable google, TokenManager tokenManager, TokenStore tokenStore,
            Clock clock) {
        return new LegacyMigration(Objects.requireNonNull(google, "google"),
                Objects.requireNonNull(tokenManager, "tokenManager"), Objects.requireNonNull(tokenStore, "tokenStore"),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Completes the migration of {@code subject} with the tokens of its Google re-consent (from
     * {@link GoogleOAuth#completeAuthorization}).
     *
     * @return the mapping and the stored Google Health connection
     * @throws LegacyMigrationException if the Google account belongs to another Fitbit user than
     *     the subject's legacy connection; nothing was written
     * @throws GoogleHealthException if the identity call failed; nothing was written
     */
    public LegacyMigrationResult complete(SubjectId subject, TokenPair googleTokens) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(googleTokens, "googleTokens");
        ConnectionId legacyId = ConnectionId.of(subject, ProviderId.FITBIT_LEGACY);
        ConnectionId googleId = ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH);

        GoogleHealthIdentity identity = google.identity(googleTokens.accessToken());
        Optional<ConnectionRecord> legacy = tokenStore.load(legacyId);
        String storedLegacyUserId = legacy.map(r -> r.connection().providerUserId()).orElse(null);
        String legacyUserId = identity.legacyUserId() != null ? identity.legacyUserId() : storedLegacyUserId;
        if (storedLegacyUserId != null && identity.legacyUserId() != null
                && !storedLegacyUserId.equals(identity.legacyUserId())) {
            throw new LegacyMigrationException("Subject " + subject + " was Fitbit user " + storedLegacyUserId
                    + ", but the Google account that consented belongs to Fitbit user " + identity.legacyUserId()
                    + "; nothing was linked. Ask the subject to consent with their own Google account");
        }

        ConnectionRecord googleRecord = tokenManager.connect(
                Connection.active(googleId, identity.healthUserId(), googleTokens.scopes(), clock.instant()), googleTokens);
        if (legacy.isPresent()) {
            retireLegacy(legacyId, identity.healthUserId());
        }
        LOG.debug("Migrated subject {} from fitbit-legacy to google-health", subject);
        return new LegacyMigrationResult(subject, legacyUserId, identity.healthUserId(), googleRecord);
    }

    private void retireLegacy(ConnectionId legacyId, String healthUserId) {
        String reason = "Migrated to google-health (healthUserId " + healthUserId + ") after Google re-consent; the "
                + "legacy Fitbit Web API was switched off on 2026-11-02";
        tokenStore.update(legacyId, record -> record.withTokens(null).withLease(null)
                .withConnection(record.connection().withStatus(ConnectionStatus.REVOKED, reason, clock.instant())));
        tokenManager.invalidate(legacyId);
    }

    /**
     * The Google account that consented does not belong to the subject's legacy Fitbit user, so
     * the migration would link another person's data.
     */
    public static final class LegacyMigrationException extends IomtException {
        /** Creates the exception. */
        public LegacyMigrationException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "LegacyMigration[" + google + "]";
    }
}
