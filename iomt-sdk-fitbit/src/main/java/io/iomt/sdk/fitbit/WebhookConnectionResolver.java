package io.iomt.sdk.fitbit;

import io.iomt.sdk.ConnectionId;
import org.jspecify.annotations.Nullable;

/**
 * Finds the host's connection for a Google Health user id, so that sync requests can name the
 * connection to sync. Called on the receiver's executor, never on the thread that responds to
 * the webhook, so it may read a store. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface WebhookConnectionResolver {

    /**
     * Returns the connection whose Google Health user id is {@code healthUserId}, or null when the
     * host has none. An exception is logged and treated as null.
     */
    @Nullable ConnectionId resolve(String healthUserId);
}
