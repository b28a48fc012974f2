package io.iomt.sdk;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A subject's account at a provider: who it is at the provider, what it granted and whether the
 * consent still holds. Holds no token. Immutable and thread-safe.
 *
 * @param id the subject and provider
 * @param providerUserId the user's id at the provider (for Google Health, the
 *     {@code healthUserId}); {@code null} until it is known
 * @param scopes the scopes the user granted
 * @param status the consent state
 * @param statusReason why the status is not {@link ConnectionStatus#ACTIVE}, in words a host can
 *     show an operator; {@code null} when active
 * @param statusChangedAt when the status last changed
 */
public record Connection(
        ConnectionId id,
        @Nullable String providerUserId,
        Set<String> scopes,
        ConnectionStatus status,
        @Nullable String statusReason,
        Instant statusChangedAt) {

    /** Creates a connection; {@code scopes} is copied. */
    public Connection {
        Objects.requireNonNull(id, "id");
        scopes = Set.copyOf(Objects.requireNonNull(scopes, "scopes"));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusChangedAt, "statusChangedAt");
    }

    /** Returns an active connection with the given provider user id and scopes. */
    public static Connection active(ConnectionId id, @Nullable String providerUserId, Set<String> scopes, Instant now) {
        return new Connection(id, providerUserId, scopes, ConnectionStatus.ACTIVE, null, now);
    }

    /** Returns a copy with another status and reason, stamped {@code now}. */
    public Connection withStatus(ConnectionStatus newStatus, @Nullable String reason, Instant now) {
        return new Connection(id, providerUserId, scopes, newStatus, reason, now);
    }

    /** Returns a copy with another provider user id. */
    public Connection withProviderUserId(@Nullable String newProviderUserId) {
        return new Connection(id, newProviderUserId, scopes, status, statusReason, statusChangedAt);
    }

    /** Returns a copy with other granted scopes. */
    public Connection withScopes(Set<String> newScopes) {
        return new Connection(id, providerUserId, newScopes, status, statusReason, statusChangedAt);
    }
}
