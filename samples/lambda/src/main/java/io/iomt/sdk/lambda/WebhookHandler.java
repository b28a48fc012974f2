package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.fitbit.WebhookKeyset;
import io.iomt.sdk.fitbit.WebhookKeysetSource;
import io.iomt.sdk.fitbit.WebhookListener;
import io.iomt.sdk.fitbit.WebhookReceiver;
import io.iomt.sdk.fitbit.WebhookRequest;
import io.iomt.sdk.fitbit.WebhookResponse;
import io.iomt.sdk.fitbit.WebhookSyncRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Google Health webhook deliveries through the HTTP API's {@code POST /webhooks/google-health}
 * route, which has no JWT authorizer: the SDK's {@link WebhookReceiver} checks the Authorization
 * secret and the ECDSA signature of the body itself.
 *
 * <p>Each accepted notification whose user maps to a connection (through the token table's
 * provider-user index) becomes one sync message with the changed metrics and intervals; the
 * worker does the sync. The receiver runs its listener on the invoking thread, because a Lambda
 * container is frozen as soon as the handler returns. When a message cannot be queued, the
 * listener fails, the receiver drops those intervals from its deduplicator, and the handler
 * returns 503 so that Google delivers again. A notification for an unknown user is logged and
 * dropped.
 *
 * <p>Thread-safe; one instance per container.
 */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);

    private final LambdaServices services;
    private final ThreadLocal<boolean[]> queueFailed = ThreadLocal.withInitial(() -> new boolean[1]);
    private volatile @Nullable WebhookReceiver receiver;

    /** Creates the handler that the Lambda runtime calls, configured from the environment. */
    public WebhookHandler() {
        this(LambdaServices.shared());
    }

    WebhookHandler(LambdaServices services) {
        this.services = services;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(@Nullable APIGatewayV2HTTPEvent event, @Nullable Context context) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getHttp() == null) {
            return HttpResponses.problem(400, "Malformed request", "The event is not an HTTP API payload 2.0 request.");
        }
        byte[] body;
        try {
            body = body(event);
        } catch (IllegalArgumentException e) {
            return HttpResponses.problem(400, "Malformed request", "The body is marked base64 but is not base64.");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        }
        boolean[] failed = queueFailed.get();
        failed[0] = false;
        WebhookResponse response = receiver().handle(
                WebhookRequest.of(event.getRequestContext().getHttp().getMethod(), headers, body));
        if (failed[0]) {
            return HttpResponses.problem(503, "Try again later", "The sync could not be queued; deliver again.");
        }
        return HttpResponses.response(response.status(),
                response.header("Content-Type") == null ? "text/plain; charset=utf-8" : response.header("Content-Type"),
                response.bodyText());
    }

    private WebhookReceiver receiver() {
        WebhookReceiver current = receiver;
        if (current == null) {
            synchronized (this) {
                current = receiver;
                if (current == null) {
                    current = buildReceiver();
                    receiver = current;
                }
            }
        }
        return current;
    }

    private WebhookReceiver buildReceiver() {
        WebhookKeysetSource keyset = services.config().webhookKeysetJson()
                .map(json -> WebhookKeysetSource.of(WebhookKeyset.parse(json)))
                .orElseGet(() -> WebhookKeysetSource.fetching().build());
        return WebhookReceiver.builder()
                .secret(services.webhookSecret())
                .keysetSource(keyset)
                .listener(new QueueingListener())
                .executor(Runnable::run)
                .connectionResolver(this::resolve)
                .build();
    }

    private @Nullable ConnectionId resolve(String healthUserId) {
        List<ConnectionId> found = services.tokenStore().findByProviderUser(ProviderId.GOOGLE_HEALTH, healthUserId);
        return found.isEmpty() ? null : found.get(0);
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded()
                ? Base64.getDecoder().decode(event.getBody())
                : event.getBody().getBytes(StandardCharsets.UTF_8);
    }

    /** Queues one sync message per notification; runs on the invoking thread. */
    private final class QueueingListener implements WebhookListener {

        @Override
        public void onSyncRequested(WebhookSyncRequest request) {
            if (request.connection() == null) {
                LOG.warn("Webhook notification for a Google Health user without a connection; dropped");
                return;
            }
            if (request.metrics().isEmpty()) {
                return;
            }
            // A DELETE becomes a replacement: the worker deletes the stored points of the intervals and syncs
            // them again, and that sync's token use shows whether the user revoked access.
            boolean replace = request.isDeletion() && !request.intervals().isEmpty();
            SyncMessage message = new SyncMessage(request.connection(), request.metrics(), request.intervals(),
                    replace);
            try {
                services.sqs().sendMessage(send -> send.queueUrl(services.config().syncQueueUrl())
                        .messageBody(message.toJson()));
            } catch (RuntimeException e) {
                queueFailed.get()[0] = true;
                throw e;
            }
        }
    }
}
