package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.iomt.sdk.ConnectionPage;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The scheduled fan-out, invoked by EventBridge Scheduler every few hours with the schedule's
 * JSON input, which it ignores (any object, or none): pages through the
 * token table and sends one sync message per connection that is due, so that each connection is
 * synced by its own worker invocation and a slow or failing subject delays nobody else.
 *
 * <p>A connection is due when it is active and one of its synced metrics has no watermark or a
 * watermark older than {@code IOMT_SYNC_INTERVAL}. Messages go out in {@code SendMessageBatch}
 * calls of at most 10; entries that SQS rejects are sent once more, and if some still fail the
 * invocation fails after every page was visited, so the scheduler's retry sends them again. A
 * duplicate message is harmless: a sync is idempotent and runs under the connection's token lease.
 *
 * <p>Returns counts (listed, due, sent, failed) for the invocation log. Thread-safe; one instance
 * per container, sharing that container's clients.
 */
public final class SyncFanOutHandler implements RequestHandler<Map<String, Object>, Map<String, Integer>> {

    /** Records read per Scan page; small pages keep each call well under DynamoDB's 1 MB limit. */
    static final int PAGE_SIZE = 200;

    /** SQS's limit of entries per {@code SendMessageBatch}. */
    static final int BATCH_SIZE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SyncFanOutHandler.class);

    private final LambdaServices services;

    /** Creates the handler that the Lambda runtime calls, configured from the environment. */
    public SyncFanOutHandler() {
        this(LambdaServices.shared());
    }

    SyncFanOutHandler(LambdaServices services) {
        this.services = services;
    }

    @Override
    public Map<String, Integer> handleRequest(@Nullable Map<String, Object> event, @Nullable Context context) {
        Result result = fanOut();
        LOG.info("Fan-out: {} connections listed, {} due, {} messages sent, {} failed", result.listed, result.due,
                result.sent, result.failed);
        if (result.failed > 0) {
            throw new IllegalStateException(result.failed + " sync messages could not be sent to the queue; "
                    + "the scheduler retries the fan-out (duplicates are harmless)");
        }
        return result.toMap();
    }

    Result fanOut() {
        TokenStore tokens = services.tokenStore();
        MonitoringPipeline pipeline = services.pipeline();
        Instant dueBefore = services.clock().instant().minus(services.config().syncInterval());
        Result result = new Result();
        List<SyncMessage> batch = new ArrayList<>(BATCH_SIZE);

        String pageToken = null;
        do {
            ConnectionPage page = tokens.list(pageToken, PAGE_SIZE);
            for (ConnectionRecord record : page.records()) {
                result.listed++;
                if (!isDue(record, pipeline, dueBefore)) {
                    continue;
                }
                result.due++;
                batch.add(SyncMessage.incremental(record.id()));
                if (batch.size() == BATCH_SIZE) {
                    send(batch, result);
                    batch.clear();
                }
            }
            pageToken = page.nextPageToken();
        } while (pageToken != null);

        if (!batch.isEmpty()) {
            send(batch, result);
        }
        return result;
    }

    static boolean isDue(ConnectionRecord record, MonitoringPipeline pipeline, Instant dueBefore) {
        if (record.connection().status() != ConnectionStatus.ACTIVE || !pipeline.supports(record.id().provider())) {
            return false;
        }
        Set<Metric> metrics = pipeline.metricsOf(record.id());
        for (Metric metric : metrics) {
            Optional<Instant> watermark = record.watermark(metric);
            if (watermark.isEmpty() || !watermark.get().isAfter(dueBefore)) {
                return true;
            }
        }
        return false;
    }

    private void send(List<SyncMessage> messages, Result result) {
        Map<String, SyncMessage> pending = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            pending.put(Integer.toString(i), messages.get(i));
        }
        for (int attempt = 1; attempt <= 2 && !pending.isEmpty(); attempt++) {
            pending = sendOnce(services.sqs(), pending, result, attempt);
        }
        result.failed += pending.size();
    }

    /** Sends {@code pending} in one batch; returns the entries that failed and may be retried. */
    private Map<String, SyncMessage> sendOnce(SqsClient sqs, Map<String, SyncMessage> pending, Result result,
            int attempt) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(pending.size());
        pending.forEach((id, message) -> entries.add(SendMessageBatchRequestEntry.builder()
                .id(id).messageBody(message.toJson()).build()));
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(batch -> batch.queueUrl(services.config().syncQueueUrl()).entries(entries));
        } catch (RuntimeException e) {
            LOG.warn("Sending a batch of {} sync messages failed on attempt {} ({})", entries.size(), attempt,
                    e.getClass().getSimpleName());
            return pending;
        }
        result.sent += response.successful().size();
        Map<String, SyncMessage> retry = new LinkedHashMap<>();
        for (BatchResultErrorEntry failure : response.failed()) {
            LOG.warn("SQS rejected sync message for {} on attempt {}: {} (sender fault: {})",
                    pending.get(failure.id()).connection(), attempt, failure.code(), failure.senderFault());
            retry.put(failure.id(), pending.get(failure.id()));
        }
        return retry;
    }

    /** The counts of one fan-out. Not thread-safe; confined to one invocation. */
    static final class Result {
        int listed;
        int due;
        int sent;
        int failed;

        Map<String, Integer> toMap() {
            Map<String, Integer> map = new LinkedHashMap<>();
            map.put("listed", listed);
            map.put("due", due);
            map.put("sent", sent);
            map.put("failed", failed);
            return map;
        }
    }
}
