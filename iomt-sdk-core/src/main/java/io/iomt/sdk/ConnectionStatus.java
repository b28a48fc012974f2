package io.iomt.sdk;

/** State of a connection's consent. */
public enum ConnectionStatus {
    /** Tokens are present and the provider accepts them, as far as the SDK has observed. */
    ACTIVE,
    /**
     * The user must consent again: the refresh token was rejected ({@code invalid_grant}), the
     * provider returned 403 on every call, or the provider was switched off. Syncs are paused
     * until the host reconnects the subject.
     */
    REAUTHORIZATION_REQUIRED,
    /** The host disconnected the subject; tokens were revoked at the provider and deleted. */
    REVOKED
}
