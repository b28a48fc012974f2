package io.iomt.sdk;

import java.util.Objects;

/**
 * A provider's answer to one {@link FetchRequest}, received in full but possibly not yet parsed.
 * {@link Wearable#receive} returns it so that a sync can parse one chunk on a store thread while
 * it sends the request for the next one.
 *
 * <p>Not thread-safe: call {@link #parse()} once, from one thread; a later call may throw
 * {@link IllegalStateException}. It holds the received bodies in memory until then, so parse it
 * soon. It never holds half a page: the wearable has read every page of the range before
 * returning it.
 */
@FunctionalInterface
public interface ReceivedSeries {

    /**
     * Parses what was received and returns every point of the request's metric in its range.
     *
     * @throws ProviderException if a received body is unreadable; then no point of the request is
     *     returned, and the caller should fetch the range again later
     */
    Series parse();

    /** Returns an answer that was parsed already; {@link #parse()} returns {@code series}. */
    static ReceivedSeries parsed(Series series) {
        Objects.requireNonNull(series, "series");
        return () -> series;
    }
}
