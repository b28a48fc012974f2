package io.iomt.sdk;

import java.util.Set;

/**
 * A source of wearable data for connected subjects, such as the Google Health API.
 *
 * <p>Implementations are thread-safe and may be shared by every pipeline of a host. They read
 * whole ranges: a {@link #fetch} either returns every point of the range or throws, so a caller
 * never stores half a page.
 *
 * <p>The host creates a wearable and owns it: pipelines, schedulers and token managers that use it
 * never close it. An implementation that keeps connections or threads open (the Google Health client
 * does) has its own {@code close()}, which the host calls on shutdown, after the pipelines that
 * use it have stopped.
 */
public interface Wearable {

    /** Returns the provider this wearable reads from. */
    ProviderId provider();

    /** Returns the metrics {@link #fetch} can read. */
    Set<Metric> supportedMetrics();

    /** Returns the provider's token endpoint, used by the {@link TokenManager} to refresh and revoke. */
    TokenEndpoint tokenEndpoint();

    /**
     * Reads every point of the request's metric in its range.
     *
     * @throws ProviderException if the provider answered with an error or an unreadable body
     * @throws ReauthorizationRequiredException if the provider denied access and the user must
     *     consent again
     * @throws IllegalArgumentException if the metric is not {@linkplain #supportedMetrics() supported}
     */
    Series fetch(FetchRequest request);

    /**
     * Sends the requests of a {@link #fetch} and returns once every response is received. It may
     * leave the parsing to {@link ReceivedSeries#parse()}, which the caller may run on another
     * thread. A {@link MonitoringPipeline} with a store executor calls this, so that a sync parses
     * a chunk while it waits for the provider's next response. The default fetches and parses here.
     *
     * <p>Failed requests throw here, as in {@link #fetch}. An unreadable body may instead throw
     * from {@link ReceivedSeries#parse()}.
     *
     * @throws ProviderException if the provider returned an error, or (in the default) an
     *     unreadable body
     * @throws ReauthorizationRequiredException if the provider denied access and the user must
     *     consent again
     * @throws IllegalArgumentException if the metric is not {@linkplain #supportedMetrics() supported}
     */
    default ReceivedSeries receive(FetchRequest request) {
        return ReceivedSeries.parsed(fetch(request));
    }
}
