package io.iomt.sdk;

import java.time.Instant;
import java.util.Objects;

/**
 * A claim by one token manager instance (one host) that it alone refreshes a connection's token
 * until {@code expiresAt}. Other instances wait for its result instead of spending the same
 * refresh token. Immutable and thread-safe.
 *
 * @param owner an id unique to the token manager instance that holds the lease
 * @param expiresAt when the lease lapses if the owner neither finishes nor releases it
 */
public record RefreshLease(String owner, Instant expiresAt) {

    /** Creates a lease. */
    public RefreshLease {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Returns whether the lease still holds at {@code now}. */
    public boolean isHeldAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
