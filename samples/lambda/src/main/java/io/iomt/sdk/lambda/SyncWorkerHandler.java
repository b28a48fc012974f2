package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.SyncReport;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.UnknownConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync worker, fed by the sync queue: each message names one connection, which is synced (the
 * token manager refreshes its tokens under the connection's lease in the token table, so two
 * workers never refresh the same token twice) and then assessed for stress over the synced span;
 * the hourly scores are stored beside the samples. A message marked {@code replace} (a webhook
 * {@code DELETE}) deletes the stored points of its ranges before syncing them again, through
 * {@link MonitoringPipeline#replace}.
 *
 * <p>Returns a partial batch response: only messages whose sync failed for a reason that a retry
 * can fix (provider or store failure) are reported, so SQS redelivers those alone and, after the
 * queue's receive limit, moves them to the dead-letter queue. A malformed message is reported too,
 * so that it ends in the dead-letter queue for inspection. A message for an unknown connection
 * (disconnected since the fan-out) or one that needs the user's re-consent succeeds, because no
 * retry can change the outcome.
 *
 * <p>Thread-safe; one instance per container, sharing that container's clients.
 */
public final class SyncWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /**
     * Incremental syncs per message at most. Each round covers up to the pipeline's chunk limit
     * (7 one-day chunks per metric), so 8 rounds backfill 56 days; whatever remains is picked up
     * by the next scheduled fan-out, because the connection is still due.
     */
    static final int MAX_ROUNDS = 8;

    /** Time left at which no new round starts, so the invocation ends before its timeout. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SyncWorkerHandler.class);

    private final LambdaServices services;

    /**
     * Creates the handler that the Lambda runtime calls, configured from the environment, and
     * starts priming the container for the first event ({@link Priming}). In a SnapStart or
     * provisioned container, it primes it before returning, so that the snapshot or the warm
     * container contains the loaded classes. A provisioned container also builds the DynamoDB
     * client. A SnapStart one does not, because the client's TLS context seeds a random
     * generator that every container restored from the snapshot would share.
     */
    public SyncWorkerHandler() {
        this(LambdaServices.shared());
        Priming.atInit(services.config(), Priming.WORKER_CLASS_LIST, Priming.handlerLoader(),
                Priming::onDaemonThread);
        if (services.config().provisioned()) {
            services.dynamoDb();
        }
    }

    SyncWorkerHandler(LambdaServices services) {
        this.services = services;
    }

    /** The outcome of one message. */
    enum Outcome { SYNCED, SKIPPED, RETRY, MALFORMED }

    @Override
    public SQSBatchResponse handleRequest(@Nullable SQSEvent event, @Nullable Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        if (event == null || event.getRecords() == null) {
            LOG.warn("Worker invoked without SQS records; nothing to do");
            return new SQSBatchResponse(failures);
        }
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            Outcome outcome = handle(message, context);
            if ((outcome == Outcome.RETRY || outcome == Outcome.MALFORMED) && message.getMessageId() != null) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    Outcome handle(SQSEvent.SQSMessage message, @Nullable Context context) {
        SyncMessage sync;
        try {
            sync = SyncMessage.parse(message.getBody() == null ? "" : message.getBody());
        } catch (RuntimeException malformed) {
            LOG.warn("Sync message {} is malformed and goes to the dead-letter queue: {}", message.getMessageId(),
                    malformed.getMessage());
            return Outcome.MALFORMED;
        }
        try {
            return sync(sync, context);
        } catch (RuntimeException failure) {
            LOG.warn("Sync of {} failed and will be retried ({})", sync.connection(), failure.getClass().getSimpleName());
            return Outcome.RETRY;
        }
    }

    private Outcome sync(SyncMessage message, @Nullable Context context) {
        MonitoringPipeline pipeline = services.pipeline();
        if (!pipeline.supports(message.connection().provider())) {
            LOG.info("Skipping sync of connection {}: no wearable for its provider", message.connection());
            return Outcome.SKIPPED;
        }

        TimeRange synced;
        try {
            synced = message.ranges().isEmpty()
                    ? syncIncremental(pipeline, message.connection(), context)
                    : syncRanges(pipeline, message);
        } catch (UnknownConnectionException unknown) {
            // Disconnected since the fan-out, or never connected: no retry can change that.
            LOG.info("Skipping sync of unknown connection {}", message.connection());
            return Outcome.SKIPPED;
        }
        if (synced == null) {
            return Outcome.SKIPPED;
        }
        pipeline.assess(message.connection().subject(), hours(synced));
        LOG.debug("Synced and assessed {} over {}", message.connection(), synced);
        return Outcome.SYNCED;
    }

    /**
     * Syncs from the watermarks and returns the span to assess, or null when re-consent is needed.
     * The span runs from the first round's start to the last round's end. That start is the oldest
     * watermark less the overlap, but no earlier than the backfill start.
     */
    private @Nullable TimeRange syncIncremental(MonitoringPipeline pipeline, ConnectionId connection,
            @Nullable Context context) {
        Instant backfillStart = services.clock().instant().minus(services.config().backfill());
        Instant start = null;
        Instant end = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            SyncReport report = pipeline.syncIncremental(connection);
            if (report.isReauthorizationRequired()) {
                LOG.info("Connection {} needs the user's consent again; not retrying", connection);
                return null;
            }
            report.throwIfFailed();
            start = start == null ? report.range().start() : start;
            end = report.range().end();
            if (!report.hasRemaining() || !timeLeft(context)) {
                break;
            }
        }
        Instant first = Objects.requireNonNull(start).isBefore(backfillStart) ? backfillStart : start;
        Instant last = Objects.requireNonNull(end);
        return TimeRange.of(first, last.isAfter(first) ? last : first.plusSeconds(1));
    }

    /**
     * Syncs the message's ranges, deleting their stored points first for a replacement; returns the
     * span to assess, or null when re-consent is needed.
     */
    private static @Nullable TimeRange syncRanges(MonitoringPipeline pipeline, SyncMessage message) {
        Set<Metric> metrics = message.metrics().isEmpty() ? pipeline.metricsOf(message.connection()) : message.metrics();
        Instant start = message.ranges().get(0).start();
        Instant end = message.ranges().get(0).end();
        boolean reauthorization = false;
        for (TimeRange range : message.ranges()) {
            SyncReport report = message.replace()
                    ? pipeline.replace(message.connection(), metrics, range)
                    : new SyncReport(message.connection().subject(), range,
                            pipeline.sync(message.connection(), metrics, range));
            if (report.isReauthorizationRequired()) {
                reauthorization = true;
                continue;
            }
            report.throwIfFailed();
            start = range.start().isBefore(start) ? range.start() : start;
            end = range.end().isAfter(end) ? range.end() : end;
        }
        if (reauthorization) {
            LOG.info("Connection {} needs the user's consent again; not retrying", message.connection());
            return null;
        }
        return TimeRange.of(start, end);
    }

    private static boolean timeLeft(@Nullable Context context) {
        return context == null || context.getRemainingTimeInMillis() > SAFETY_MARGIN.toMillis();
    }

    /** Widens {@code range} to whole hours, the assessment windows. */
    private static TimeRange hours(TimeRange range) {
        Instant start = range.start().truncatedTo(ChronoUnit.HOURS);
        Instant end = range.end().truncatedTo(ChronoUnit.HOURS);
        if (end.isBefore(range.end())) {
            end = end.plus(Duration.ofHours(1));
        }
        return TimeRange.of(start, end);
    }
}
