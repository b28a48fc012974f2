package io.iomt.sdk.micrometer;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.MetricSyncResult;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.RefreshScheduler;
import io.iomt.sdk.SchedulerListener;
import io.iomt.sdk.StressAlertEvent;
import io.iomt.sdk.StressAlertListener;
import io.iomt.sdk.SyncEvent;
import io.iomt.sdk.SyncListener;
import io.iomt.sdk.WriteResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Records the SDK's events as Micrometer meters. Register one instance as the pipeline's
 * {@linkplain MonitoringPipeline.Builder#syncListener sync listener}, the scheduler's
 * {@linkplain RefreshScheduler.Builder#listener listener} and the alert monitor's listener, and
 * call {@link #bindTo(RefreshScheduler)} for its gauges.
 *
 * <p>Meters (names before the registry's naming convention; every meter also carries the
 * {@linkplain #create(MeterRegistry, Iterable) common tags}):
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what it counts</th></tr>
 *   <tr><td>{@code iomt.sync.started}</td><td>counter</td><td>provider, trigger</td>
 *       <td>syncs of one connection that started</td></tr>
 *   <tr><td>{@code iomt.sync}</td><td>timer</td><td>provider, trigger, outcome, exception</td>
 *       <td>syncs that ended and their duration by the pipeline's clock; outcome is
 *       {@code finished}, {@code failed} or {@code reauthorization_required}</td></tr>
 *   <tr><td>{@code iomt.sync.points.fetched}</td><td>counter</td><td>provider, metric</td>
 *       <td>points received from the provider</td></tr>
 *   <tr><td>{@code iomt.sync.points.written}</td><td>counter</td><td>provider, metric, result</td>
 *       <td>points written, by result {@code inserted}, {@code replaced} or {@code unchanged}</td></tr>
 *   <tr><td>{@code iomt.sync.chunks}</td><td>counter</td><td>provider, metric</td>
 *       <td>chunks fetched and stored</td></tr>
 *   <tr><td>{@code iomt.scheduler.backoffs}</td><td>counter</td><td>provider, exception</td>
 *       <td>failed syncs after which the scheduler backed off</td></tr>
 *   <tr><td>{@code iomt.scheduler.paused}, {@code iomt.scheduler.resumed}</td><td>counter</td>
 *       <td>provider</td><td>connections paused for reauthorization, and resumed</td></tr>
 *   <tr><td>{@code iomt.scheduler.token.refreshes}</td><td>counter</td><td>provider, outcome</td>
 *       <td>ahead-of-expiry refreshes, {@code success} or {@code failure}</td></tr>
 *   <tr><td>{@code iomt.scheduler.discovery.failures}</td><td>counter</td><td></td>
 *       <td>failed listings of the token store</td></tr>
 *   <tr><td>{@code iomt.scheduler.running}, {@code iomt.scheduler.connections}</td><td>gauge</td><td></td>
 *       <td>syncs running now and connections tracked, after {@link #bindTo(RefreshScheduler)}</td></tr>
 *   <tr><td>{@code iomt.stress.alerts}</td><td>counter</td><td>type</td>
 *       <td>stress alerts {@code raised} and {@code cleared}</td></tr>
 * </table>
 *
 * <p>No meter is tagged with a subject or connection id: those ids identify people and would
 * make one time series per person. Sync events carry them for listeners that need them.
 *
 * <p>Thread-safe. Holds no threads or resources; the registry belongs to the caller.
 */
public final class IomtMetrics implements SyncListener, SchedulerListener, StressAlertListener {

    private final MeterRegistry registry;
    private final Tags commonTags;

    private IomtMetrics(MeterRegistry registry, Tags commonTags) {
        this.registry = registry;
        this.commonTags = commonTags;
    }

    /** Returns a binding that registers its meters in {@code registry}. */
    public static IomtMetrics create(MeterRegistry registry) {
        return create(registry, Tags.empty());
    }

    /** Returns a binding that adds {@code commonTags}, such as the host's service name, to every meter. */
    public static IomtMetrics create(MeterRegistry registry, Iterable<Tag> commonTags) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(commonTags, "commonTags");
        return new IomtMetrics(registry, Tags.of(commonTags));
    }

    /**
     * Registers gauges of the scheduler's running syncs and tracked connections. The gauges hold
     * the scheduler weakly, as Micrometer gauges do, and read zero once it is collected.
     *
     * @return this binding
     */
    public IomtMetrics bindTo(RefreshScheduler scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        Gauge.builder("iomt.scheduler.running", scheduler, RefreshScheduler::runningSyncs)
                .description("Syncs running now")
                .tags(commonTags)
                .register(registry);
        Gauge.builder("iomt.scheduler.connections", scheduler, RefreshScheduler::trackedConnections)
                .description("Connections the scheduler tracks")
                .tags(commonTags)
                .register(registry);
        return this;
    }

    @Override
    public void onSyncStarted(SyncEvent.Started event) {
        counter("iomt.sync.started", "Syncs of one connection that started",
                Tags.of(provider(event.connection()), trigger(event))).increment();
    }

    @Override
    public void onSyncFinished(SyncEvent.Finished event) {
        recordEnd(event, "finished", "none", event.duration());
        event.results().forEach(result -> recordResult(event.connection(), result));
    }

    @Override
    public void onSyncFailed(SyncEvent.Failed event) {
        String outcome = event.isReauthorizationRequired() ? "reauthorization_required" : "failed";
        recordEnd(event, outcome, event.failure().getClass().getSimpleName(), event.duration());
        event.results().forEach(result -> recordResult(event.connection(), result));
    }

    @Override
    public void onBackoff(ConnectionId connection, int failures, Duration delay, Throwable cause) {
        counter("iomt.scheduler.backoffs", "Failed syncs after which the scheduler backed off",
                Tags.of(provider(connection), Tag.of("exception", cause.getClass().getSimpleName()))).increment();
    }

    @Override
    public void onPaused(ConnectionId connection, ConnectionStatus status) {
        counter("iomt.scheduler.paused", "Connections paused until reconnected", Tags.of(provider(connection)))
                .increment();
    }

    @Override
    public void onResumed(ConnectionId connection) {
        counter("iomt.scheduler.resumed", "Paused connections that resumed", Tags.of(provider(connection)))
                .increment();
    }

    @Override
    public void onTokenRefreshed(ConnectionId connection, Instant newExpiry) {
        counter("iomt.scheduler.token.refreshes", "Token refreshes ahead of expiry",
                Tags.of(provider(connection), Tag.of("outcome", "success"))).increment();
    }

    @Override
    public void onTokenRefreshFailed(ConnectionId connection, int failures, Duration delay, Throwable cause) {
        counter("iomt.scheduler.token.refreshes", "Token refreshes ahead of expiry",
                Tags.of(provider(connection), Tag.of("outcome", "failure"))).increment();
    }

    @Override
    public void onDiscoveryFailed(Throwable cause) {
        counter("iomt.scheduler.discovery.failures", "Failed listings of the token store", Tags.empty()).increment();
    }

    @Override
    public void onStressAlert(StressAlertEvent event) {
        counter("iomt.stress.alerts", "Stress alerts raised and cleared",
                Tags.of("type", event.type().name().toLowerCase(Locale.ROOT))).increment();
    }

    private void recordEnd(SyncEvent event, String outcome, String exception, Duration duration) {
        Timer.builder("iomt.sync")
                .description("Syncs of one connection that ended, by outcome")
                .tags(commonTags)
                .tags(Tags.of(provider(event.connection()), trigger(event), Tag.of("outcome", outcome),
                        Tag.of("exception", exception)))
                .register(registry)
                .record(duration);
    }

    private void recordResult(ConnectionId connection, MetricSyncResult result) {
        Tags tags = Tags.of(provider(connection), Tag.of("metric", result.metric().id()));
        counter("iomt.sync.points.fetched", "Points received from the provider", tags).increment(result.fetched());
        counter("iomt.sync.chunks", "Chunks fetched and stored", tags).increment(result.chunks());
        WriteResult written = result.written();
        String description = "Points written to the sample store, by result";
        counter("iomt.sync.points.written", description, tags.and("result", "inserted")).increment(written.inserted());
        counter("iomt.sync.points.written", description, tags.and("result", "replaced")).increment(written.replaced());
        counter("iomt.sync.points.written", description, tags.and("result", "unchanged")).increment(written.unchanged());
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(commonTags).tags(tags).register(registry);
    }

    private static Tag provider(ConnectionId connection) {
        return Tag.of("provider", connection.provider().value());
    }

    private static Tag trigger(SyncEvent event) {
        return Tag.of("trigger", event.trigger().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "IomtMetrics[registry=" + registry.getClass().getSimpleName() + ", commonTags=" + commonTags + "]";
    }
}
