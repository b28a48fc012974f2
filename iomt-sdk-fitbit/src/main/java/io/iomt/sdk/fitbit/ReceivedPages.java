package io.iomt.sdk.fitbit;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ReceivedSeries;
import io.iomt.sdk.Series;
import io.iomt.sdk.fitbit.internal.BodyChunks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The pages of one single-metric read that {@link GoogleHealthWearable#receive} received, held
 * until {@link #parse()} parses them in order into one series. Page and points-skipped events
 * fire during {@link #parse()}, on the thread that calls it.
 *
 * <p>{@link #parse()} runs once; a second call throws {@link IllegalStateException}. The pages
 * are released when it starts, whether it succeeds or fails.
 */
final class ReceivedPages implements ReceivedSeries {

    private final ConnectionId connection;
    private final GoogleHealthDataType type;
    private final Metric metric;
    private final String request;
    private final GoogleHealthListener listener;
    private final int pageCount;
    private final AtomicReference<@Nullable ArrayDeque<HeldPage>> pages;

    ReceivedPages(ConnectionId connection, GoogleHealthDataType type, Metric metric, String request,
            GoogleHealthListener listener, List<HeldPage> pages) {
        this.connection = connection;
        this.type = type;
        this.metric = metric;
        this.request = request;
        this.listener = listener;
        this.pageCount = pages.size();
        this.pages = new AtomicReference<>(new ArrayDeque<>(pages));
    }

    /**
     * Parses the received pages in order and returns the metric's points.
     *
     * @throws GoogleHealthException if a page is unreadable or names another next page than the
     *     one that was followed, and then no point is returned
     * @throws IllegalStateException if called a second time
     */
    @Override
    public Series parse() {
        ArrayDeque<HeldPage> remaining = pages.getAndSet(null);
        if (remaining == null) {
            throw new IllegalStateException("These received " + type.pathId() + " pages were parsed already, so "
                    + "receive the range again to read it once more");
        }
        Series.Builder builder = Series.builder(metric, 1024);
        Map<Metric, Series.Builder> builders = Map.of(metric, builder);
        Map<Metric, Integer> skipped = new EnumMap<>(Metric.class);
        int pageNumber = 0;
        HeldPage next;
        while ((next = remaining.pollFirst()) != null) {
            pageNumber++;
            DataPointsPageParser.Page page = next.addTo(builders, this, pageNumber);
            page.skipped().forEach((skippedMetric, count) -> skipped.merge(skippedMetric, count, Integer::sum));
            reportPage(pageNumber, page);
        }
        GoogleHealthWearable.reportSkipped(listener, connection, type, skipped);
        return builder.build();
    }

    private void reportPage(int pageNumber, DataPointsPageParser.Page page) {
        GoogleHealthWearable.notify(() -> listener.onPageFetched(connection, type, pageNumber, page.dataPoints(),
                page.nextPageToken() != null));
    }

    /** Parses a received body from memory, where reading throws no {@link IOException} in practice. */
    static DataPointsPageParser.Page parse(GoogleHealthDataType type, List<byte[]> body,
            Map<Metric, Series.Builder> builders, String request) {
        try (InputStream in = BodyChunks.stream(body)) {
            return DataPointsPageParser.forType(type).parse(in, builders, request);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading a received body from memory failed", e);
        }
    }

    private GoogleHealthException tokenMismatch(int pageNumber) {
        return new GoogleHealthException("Unreadable " + type.pathId() + " page in the response to " + request
                + ": page " + pageNumber + " names another next page when parsed than when it was received; the "
                + "page was discarded, so fetch the range again later", 0, null, null, request, type, false, false,
                null, null);
    }

    @Override
    public String toString() {
        return "ReceivedPages[" + type.pathId() + ", metric=" + metric.id() + ", pages=" + pageCount + ", parsed="
                + (pages.get() == null) + "]";
    }

    /** One received page: its body still to parse, or its points already parsed on the receiving thread. */
    sealed interface HeldPage {

        /** Adds the page's points to {@code builders} and returns what the page contained. */
        DataPointsPageParser.Page addTo(Map<Metric, Series.Builder> builders, ReceivedPages owner, int pageNumber);

        /** Returns the next page token that the read followed, or {@code null} on the last page. */
        @Nullable String nextPageToken();
    }

    /**
     * A page body whose next page token was found by a scan; parsing it checks the scan.
     *
     * @param body the body as received, in {@link BodyChunks}
     * @param scannedToken the next page token the scan found and the read followed, or {@code null}
     */
    record Unparsed(List<byte[]> body, @Nullable String scannedToken) implements HeldPage {

        Unparsed {
            Objects.requireNonNull(body, "body");
        }

        @Override
        public DataPointsPageParser.Page addTo(Map<Metric, Series.Builder> builders, ReceivedPages owner,
                int pageNumber) {
            DataPointsPageParser.Page page = parse(owner.type, body, builders, owner.request);
            if (!Objects.equals(page.nextPageToken(), scannedToken)) {
                throw owner.tokenMismatch(pageNumber);
            }
            return page;
        }

        @Override
        public @Nullable String nextPageToken() {
            return scannedToken;
        }

        @Override
        public String toString() {
            // The body contains health values and the token is a credential-like value, so print neither.
            return "Unparsed[" + BodyChunks.length(body) + " bytes]";
        }
    }

    /**
     * A page that was parsed when it was received, because its next page token could not be
     * found by a scan.
     *
     * @param page what the page contained
     * @param points the page's points of the metric
     */
    record Parsed(DataPointsPageParser.Page page, Series points) implements HeldPage {

        @Override
        public DataPointsPageParser.Page addTo(Map<Metric, Series.Builder> builders, ReceivedPages owner,
                int pageNumber) {
            builders.get(points.metric()).addAll(points);
            return page;
        }

        @Override
        public @Nullable String nextPageToken() {
            return page.nextPageToken();
        }

        @Override
        public String toString() {
            return "Parsed[" + page.dataPoints() + " data points]";
        }
    }
}
