package io.iomt.sdk.fitbit;

/** Kind of change that a Google Health notification reports for its intervals. */
public enum WebhookOperation {
    /** Data was added or changed; sync the intervals again. */
    UPSERT,
    /**
     * Data was removed, either because the user deleted it or because a system event removed it,
     * such as the user revoking access or deleting the account. The notification does not say
     * which, so the connection's token status has to be checked.
     */
    DELETE
}
