package io.iomt.sdk.fitbit;

/**
 * Receives what a {@link WebhookReceiver} accepted or rejected. All methods are called on the
 * receiver's executor after the response was returned, one delivery at a time per task and in the
 * order of the delivery's notifications. Implementations must be thread-safe when the executor
 * runs tasks in parallel, and should return quickly, for example by putting requests on the
 * host's sync queue.
 *
 * <p>An exception thrown by {@link #onSyncRequested} or {@link #onDataDeleted} is logged at WARN
 * and the notification's intervals are forgotten by the deduplicator, so that a redelivery is
 * handled again. Google does not redeliver a notification that was answered with 204, so a host
 * that needs every change should make its queue durable rather than rely on that.
 */
public interface WebhookListener {

    /**
     * Called with a sync to run: for every accepted {@link WebhookOperation#UPSERT} notification,
     * and for a {@link WebhookOperation#DELETE} notification whose user the
     * {@link WebhookConnectionResolver} resolved to a connection. Pass a {@code DELETE} request to
     * {@code RefreshScheduler.requestReplace} (or {@code MonitoringPipeline.replace}), which deletes
     * the stored samples of the intervals and syncs them again, so the token's status shows up too.
     */
    void onSyncRequested(WebhookSyncRequest request);

    /**
     * Called for every accepted {@link WebhookOperation#DELETE} notification, before
     * {@link #onSyncRequested}. Google sends {@code DELETE} both when the user deleted data and
     * when data was removed because the user revoked access or deleted the account, so the host
     * should check the connection's token status: a refresh that fails with {@code invalid_grant}
     * confirms the revocation. {@link WebhookSyncRequest#connection()} is null when the user could
     * not be resolved; the host then has to find the connection itself.
     */
    default void onDataDeleted(WebhookSyncRequest request) {
    }

    /** Called when every interval of a notification was already reported by an earlier delivery. */
    default void onDuplicate(WebhookSyncRequest request) {
    }

    /** Called when a request was rejected; the event carries the status and reason, never a secret. */
    default void onRejected(WebhookRejection rejection) {
    }
}
