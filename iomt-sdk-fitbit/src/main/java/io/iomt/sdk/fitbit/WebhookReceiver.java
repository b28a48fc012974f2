package io.iomt.sdk.fitbit;

import io.iomt.sdk.fitbit.internal.webhook.EcdsaVerificationKey;
import io.iomt.sdk.fitbit.internal.webhook.NotificationDispatcher;
import io.iomt.sdk.fitbit.internal.webhook.NotificationFormatException;
import io.iomt.sdk.fitbit.internal.webhook.NotificationParser;
import io.iomt.sdk.fitbit.internal.webhook.SecretMatcher;
import io.iomt.sdk.fitbit.internal.webhook.TinkSignature;
import io.iomt.sdk.fitbit.internal.webhook.WebhookCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Google Health API webhook requests, independent of any server framework: the host
 * passes each request's method, headers and raw body as a {@link WebhookRequest} and sends back
 * the returned {@link WebhookResponse}. Thread-safe; one receiver serves all requests. It owns no
 * threads or connections: the caller owns the executor, the keyset source and the deduplicator.
 *
 * <p>Each request is handled in this order, and the first failing step decides the response:
 * <ol>
 *   <li>Only {@code POST} is accepted (otherwise 405), with a body of at most
 *       {@linkplain Builder#maxBodyBytes the maximum size} (otherwise 413).</li>
 *   <li>The {@code Authorization} header must equal the configured secret or, while rotating,
 *       the previous secret, compared in constant time (otherwise the
 *       {@linkplain Builder#unauthorizedStatus unauthorized status}, 401 by default).</li>
 *   <li>A body of {@code {"type":"verification"}} is the subscriber verification request and is
 *       accepted with the {@linkplain Builder#verificationStatus verification status} (201 by
 *       default). Google sends it twice, with and without the secret; neither their order nor the
 *       User-Agent matters, because each request is judged on its own header.</li>
 *   <li>Any other body must carry a signature in {@code GOOGLE-HEALTH-API-SIGNATURE} or, when
 *       that is absent, the older {@code X-HEALTHAPI-SIGNATURE} (names in any case): base64 of the
 *       Tink prefix ({@code 0x01} and the 4-byte key id) and an ECDSA P-256 SHA-256 signature of
 *       the raw body. The key id selects the key; an unknown id makes the keyset source fetch
 *       again once (see {@link WebhookKeysetFetcher}). A missing, malformed or invalid signature
 *       gets the unauthorized status; an unavailable keyset gets 503 so that Google retries.</li>
 *   <li>The signed body must be a JSON array of 1 to {@linkplain Builder#maxNotifications 99}
 *       notifications (a single object is accepted too); otherwise 400 with a message that names
 *       the element and field.</li>
 *   <li>Intervals reported before are dropped through the {@link WebhookDeduplicator}, and one
 *       task per delivery is handed to the executor, which calls the {@link WebhookListener}. The
 *       response is 204 without waiting for the task. When the executor rejects the task, the
 *       answer is 503 and nothing is recorded, so Google's retry is handled.</li>
 * </ol>
 *
 * <p>The receiver never blocks on a sync. It blocks only when the keyset has to be fetched: on the
 * first request, after the keyset TTL and on an unknown key id, each bounded by the fetch timeout.
 * Call {@link WebhookKeysetSource#keyset()} at start-up to fetch it ahead of the first request.
 *
 * <p>Example:
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .secret("Bearer " + webhookSecret)
 *         .keysetSource(WebhookKeysetSource.fetching().build())
 *         .listener(request -> syncQueue.offer(request))
 *         .executor(executorService)
 *         .build();
 * WebhookResponse response = receiver.handle(WebhookRequest.of(method, headers, rawBody));
 * }</pre>
 */
public final class WebhookReceiver {

    /** The current signature header name. */
    public static final String SIGNATURE_HEADER = "GOOGLE-HEALTH-API-SIGNATURE";

    /** The signature header name used before July 2026, read when the current one is absent. */
    public static final String LEGACY_SIGNATURE_HEADER = "X-HEALTHAPI-SIGNATURE";

    /** Default maximum body size: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /** Maximum number of notifications Google puts in one delivery. */
    public static final int DEFAULT_MAX_NOTIFICATIONS = 99;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    private final SecretMatcher secrets;
    private final WebhookKeysetSource keysetSource;
    private final NotificationDispatcher dispatcher;
    private final WebhookCounters counters = new WebhookCounters();
    private final int verificationStatus;
    private final int unauthorizedStatus;
    private final int maxBodyBytes;
    private final int maxNotifications;
    private final boolean rotating;

    private WebhookReceiver(Builder builder) {
        List<String> accepted = new ArrayList<>();
        accepted.add(Objects.requireNonNull(builder.secret, "secret must be set"));
        if (builder.previousSecret != null) {
            accepted.add(builder.previousSecret);
        }
        this.secrets = new SecretMatcher(accepted);
        this.rotating = builder.previousSecret != null;
        this.keysetSource = Objects.requireNonNull(builder.keysetSource, "keysetSource must be set");
        this.dispatcher = new NotificationDispatcher(
                Objects.requireNonNull(builder.listener, "listener must be set"),
                Objects.requireNonNull(builder.executor, "executor must be set"),
                builder.deduplicator != null ? builder.deduplicator : WebhookDeduplicator.inMemory(),
                builder.resolver, counters);
        this.verificationStatus = builder.verificationStatus;
        this.unauthorizedStatus = builder.unauthorizedStatus;
        this.maxBodyBytes = builder.maxBodyBytes;
        this.maxNotifications = builder.maxNotifications;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handles one request and returns the response to send. Bad input never throws: every
     * rejected request becomes a 4xx or 5xx response with a plain-text message. A keyset source
     * that throws leads to 503, and a failing deduplicator is logged, counted and treated as
     * "first seen".
     */
    public WebhookResponse handle(WebhookRequest request) {
        Objects.requireNonNull(request, "request");
        if (!"POST".equalsIgnoreCase(request.method())) {
            return reject(405, WebhookRejection.Reason.METHOD_NOT_ALLOWED,
                    "Only POST is accepted at this webhook endpoint.", Map.of("Allow", "POST"));
        }
        byte[] body = request.bodyUnsafe();
        if (body.length > maxBodyBytes) {
            return reject(413, WebhookRejection.Reason.BODY_TOO_LARGE, "The body has " + body.length
                    + " bytes; at most " + maxBodyBytes + " are accepted.");
        }
        if (!secrets.matches(authorization(request))) {
            return reject(unauthorizedStatus, WebhookRejection.Reason.UNAUTHORIZED,
                    "The Authorization header is missing or does not match the subscriber's secret.");
        }
        if (NotificationParser.isVerificationBody(body)) {
            counters.verification();
            LOG.debug("Answered a webhook verification request with {}", verificationStatus);
            return WebhookResponse.empty(verificationStatus);
        }

        WebhookResponse signatureFailure = checkSignature(request, body);
        if (signatureFailure != null) {
            return signatureFailure;
        }
        return accept(body);
    }

    /** Returns a snapshot of the receiver's counters. */
    public WebhookStats stats() {
        return counters.snapshot();
    }

    private @Nullable String authorization(WebhookRequest request) {
        List<String> values = request.headers("Authorization");
        return values.size() == 1 ? values.get(0) : null;
    }

    /** Returns null when the signature is valid, else the response that rejects the request. */
    private @Nullable WebhookResponse checkSignature(WebhookRequest request, byte[] body) {
        String header = request.header(SIGNATURE_HEADER);
        if (header == null) {
            header = request.header(LEGACY_SIGNATURE_HEADER);
        }
        if (header == null) {
            return reject(unauthorizedStatus, WebhookRejection.Reason.SIGNATURE_MISSING, "The request has no "
                    + SIGNATURE_HEADER + " or " + LEGACY_SIGNATURE_HEADER + " header; notifications must be signed.");
        }

        TinkSignature signature;
        try {
            signature = TinkSignature.parse(header);
        } catch (IllegalArgumentException e) {
            return reject(unauthorizedStatus, WebhookRejection.Reason.SIGNATURE_MALFORMED,
                    "The signature header is malformed: " + e.getMessage() + ".");
        }

        EcdsaVerificationKey key;
        try {
            key = keyFor(signature.keyId());
        } catch (WebhookKeysetException e) {
            LOG.warn("Cannot verify a webhook notification because no keyset is available: {}", e.getMessage());
            return reject(503, WebhookRejection.Reason.KEYSET_UNAVAILABLE,
                    "The signature cannot be verified now because the public keyset is unavailable; retry later.");
        } catch (RuntimeException e) {
            LOG.warn("Cannot verify a webhook notification because the keyset source failed: {}", e.toString());
            return reject(503, WebhookRejection.Reason.KEYSET_UNAVAILABLE,
                    "The signature cannot be verified now because the public keyset is unavailable; retry later.");
        }
        if (key == null) {
            return reject(unauthorizedStatus, WebhookRejection.Reason.UNKNOWN_KEY, "The signature names key id "
                    + signature.keyId() + ", which is not an enabled key of the webhook public keyset.");
        }
        if (!signature.verifiedBy(key, body)) {
            return reject(unauthorizedStatus, WebhookRejection.Reason.SIGNATURE_INVALID,
                    "The signature does not match the body for key id " + signature.keyId() + ".");
        }
        return null;
    }

    private @Nullable EcdsaVerificationKey keyFor(long keyId) {
        EcdsaVerificationKey key = keysetSource.keyset().key(keyId);
        return key != null ? key : keysetSource.keysetForUnknownKey(keyId).key(keyId);
    }

    private WebhookResponse accept(byte[] body) {
        NotificationParser.Result parsed;
        try {
            parsed = NotificationParser.parse(body, maxNotifications);
        } catch (NotificationFormatException e) {
            return reject(400, WebhookRejection.Reason.INVALID_BODY, e.getMessage());
        }
        if (parsed.skippedUnknownOperation() > 0) {
            counters.skipped(parsed.skippedUnknownOperation());
            LOG.warn("Skipped {} webhook notifications with an operation other than UPSERT or DELETE",
                    parsed.skippedUnknownOperation());
        }
        if (!parsed.notifications().isEmpty() && !dispatcher.dispatch(parsed.notifications())) {
            return reject(503, WebhookRejection.Reason.BUSY,
                    "The receiver cannot take more notifications now; retry later.");
        }
        counters.acceptedDelivery();
        return WebhookResponse.empty(204);
    }

    private WebhookResponse reject(int status, WebhookRejection.Reason reason, String message) {
        return reject(status, reason, message, Map.of());
    }

    private WebhookResponse reject(int status, WebhookRejection.Reason reason, String message,
            Map<String, String> headers) {
        counters.rejected(reason);
        LOG.debug("Rejected a webhook request with {} ({})", status, reason);
        dispatcher.reportRejection(new WebhookRejection(status, reason, message));
        return WebhookResponse.text(status, message, headers);
    }

    @Override
    public String toString() {
        return "WebhookReceiver[secrets=" + (rotating ? "current and previous" : "current")
                + ", keysetSource=" + keysetSource + ", verificationStatus=" + verificationStatus
                + ", unauthorizedStatus=" + unauthorizedStatus + ", maxBodyBytes=" + maxBodyBytes + "]";
    }

    /**
     * Builds a {@link WebhookReceiver}. The secret, keyset source, listener and executor are
     * required. Not thread-safe; each {@link #build()} returns a new receiver.
     */
    public static final class Builder {

        private @Nullable String secret;
        private @Nullable String previousSecret;
        private @Nullable WebhookKeysetSource keysetSource;
        private @Nullable WebhookListener listener;
        private @Nullable Executor executor;
        private @Nullable WebhookDeduplicator deduplicator;
        private @Nullable WebhookConnectionResolver resolver;
        private int verificationStatus = 201;
        private int unauthorizedStatus = 401;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int maxNotifications = DEFAULT_MAX_NOTIFICATIONS;

        private Builder() {
        }

        /**
         * Sets the subscriber's secret: the full {@code Authorization} header value Google sends,
         * scheme included (for example {@code "Bearer abc123"}), as set in the subscriber's
         * {@code endpointAuthorization.secret}. Required.
         *
         * @throws IllegalArgumentException if the secret is blank or contains a line break
         */
        public Builder secret(String secret) {
            this.secret = validSecret(secret, "secret");
            return this;
        }

        /**
         * Sets the previous secret, also accepted while the subscriber's secret is rotated; remove
         * it once the subscriber uses the new one. Optional.
         *
         * @throws IllegalArgumentException if the secret is blank or contains a line break
         */
        public Builder previousSecret(String previousSecret) {
            this.previousSecret = validSecret(previousSecret, "previousSecret");
            return this;
        }

        /** Sets where the public keyset comes from, usually {@link WebhookKeysetSource#fetching()}. Required. */
        public Builder keysetSource(WebhookKeysetSource keysetSource) {
            this.keysetSource = Objects.requireNonNull(keysetSource, "keysetSource");
            return this;
        }

        /** Sets the listener that receives sync requests and events. Required. */
        public Builder listener(WebhookListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the executor that calls the listener, so that responses are returned without
         * waiting for the host. Required. A bounded executor that throws
         * {@link java.util.concurrent.RejectedExecutionException} when full makes the receiver
         * respond with 503, and Google retries later. The caller owns and shuts down the executor.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Sets the deduplicator; default {@link WebhookDeduplicator#inMemory()}, which is per process. */
        public Builder deduplicator(WebhookDeduplicator deduplicator) {
            this.deduplicator = Objects.requireNonNull(deduplicator, "deduplicator");
            return this;
        }

        /** Sets how Google Health user ids map to the host's connections. Optional. */
        public Builder connectionResolver(WebhookConnectionResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Sets the status of a verified verification request: 201 (default, as required by the
         * subscriber-creation reference) or 200 (also accepted by Google's webhooks guide).
         *
         * @throws IllegalArgumentException for any other status
         */
        public Builder verificationStatus(int status) {
            if (status != 200 && status != 201) {
                throw new IllegalArgumentException("verificationStatus must be 200 or 201, got " + status);
            }
            this.verificationStatus = status;
            return this;
        }

        /**
         * Sets the status for a missing or wrong secret or signature: 401 (default) or 403.
         *
         * @throws IllegalArgumentException for any other status
         */
        public Builder unauthorizedStatus(int status) {
            if (status != 401 && status != 403) {
                throw new IllegalArgumentException("unauthorizedStatus must be 401 or 403, got " + status);
            }
            this.unauthorizedStatus = status;
            return this;
        }

        /**
         * Sets the largest accepted body in bytes; default 1 MiB. Larger bodies get 413. The
         * receiver gets bodies only after the host has read them, so the host's server should
         * cap request sizes too.
         *
         * @throws IllegalArgumentException if {@code maxBodyBytes} is below 1 KiB
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * Sets the largest number of notifications accepted in one body; default 99, the most
         * Google sends. Larger bodies get 400.
         *
         * @throws IllegalArgumentException if {@code maxNotifications} is not positive
         */
        public Builder maxNotifications(int maxNotifications) {
            if (maxNotifications < 1) {
                throw new IllegalArgumentException("maxNotifications must be positive, got " + maxNotifications);
            }
            this.maxNotifications = maxNotifications;
            return this;
        }

        /**
         * Returns the receiver.
         *
         * @throws NullPointerException if the secret, keyset source, listener or executor is unset
         */
        public WebhookReceiver build() {
            return new WebhookReceiver(this);
        }

        private static String validSecret(String secret, String name) {
            Objects.requireNonNull(secret, name);
            if (secret.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            if (secret.indexOf('\r') >= 0 || secret.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(name + " must not contain a line break");
            }
            return secret;
        }

        @Override
        public String toString() {
            return "WebhookReceiver.Builder[secret=" + (secret == null ? "unset" : "set") + "]";
        }
    }
}
