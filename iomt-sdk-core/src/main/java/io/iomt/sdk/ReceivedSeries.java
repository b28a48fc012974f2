package io.iomt.sdk;

import java.util.Objects;

/**
 * A provider's response to one {@link FetchRequest}, received in full but possibly not yet
 * parsed. {@link Wearable#receive} returns it, so that a sync can parse one chunk on a store
 * thread while it sends the request for the next chunk.
 *
 * <p>Not thread-safe: call {@link #parse()} once, from one thread. A second call may throw
 * {@link IllegalStateException}. The received bodies stay in memory until the parse, so parse
 * soon. It never contains half a page, because the wearable reads every page of the range before
 * it returns.
 */
@FunctionalInterface
public interface ReceivedSeries {

    /**
     * Parses the received bodies and returns every point of the request's metric in its range.
     *
     * @throws ProviderException if a received body is unreadable. Then no point of the request is
     *     returned, and the caller should fetch the range again later.
     */
    Series parse();

    /** Returns a response that is parsed already: {@link #parse()} returns {@code series}. */
    static ReceivedSeries parsed(Series series) {
        Objects.requireNonNull(series, "series");
        return () -> series;
    }
}
