package io.iomt.sdk.fitbit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.iomt.sdk.AccessTokenSource;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.FetchRequest;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.ReceivedSeries;
import io.iomt.sdk.RequestBudget;
import io.iomt.sdk.Series;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenEndpoint;
import io.iomt.sdk.Wearable;
import io.iomt.sdk.fitbit.internal.ApiCaller;
import io.iomt.sdk.fitbit.internal.BodyChunks;
import io.iomt.sdk.fitbit.internal.Filters;
import io.iomt.sdk.fitbit.internal.HttpClients;
import io.iomt.sdk.fitbit.internal.HttpTransport;
import io.iomt.sdk.fitbit.internal.PageTokenScanner;
import io.iomt.sdk.fitbit.internal.SiblingCache;
import io.iomt.sdk.fitbit.internal.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Google Health API v4 as a {@link Wearable}: reads every {@link GoogleHealthDataType} with
 * {@code GET /v4/users/me/dataTypes/{type}/dataPoints}, following {@code nextPageToken} until the
 * last page.
 *
 * <p><b>Ranges.</b> Sample types are selected by physical sample time and interval types by start
 * time, both within the request's half-open range. Daily types are selected by civil date: the
 * dates whose UTC midnight lies in the range, where their points are also stored. Sleep is
 * selected by session end time, so a session belongs to the range its end lies in, and all its
 * stages are returned, including stages that started before the range.
 *
 * <p><b>Paging.</b> Pages may be empty yet name a next page, may be shorter than requested, and
 * come newest first. A fetch stops with a {@link GoogleHealthException} when a page token repeats
 * or after {@link GoogleHealthConfig#maxPages()} pages, so paging always ends. A fetch returns
 * every point of the range or throws: a page that cannot be read fails the whole fetch, and
 * nothing of it reaches the caller.
 *
 * <p><b>Receiving now, parsing later.</b> {@link #receive} sends the same requests as
 * {@link #fetch} but keeps the bodies of a single-metric type unparsed: it finds each page's next
 * page token with a fast scan and leaves the full parse to {@link ReceivedSeries#parse()}, which a
 * {@link io.iomt.sdk.MonitoringPipeline} runs on its store executor while the sync's next request
 * is out. Then the {@link GoogleHealthListener#onPageFetched page} and
 * {@link GoogleHealthListener#onPointsSkipped points-skipped} events fire during that parse, on
 * its thread. An unreadable page fails the parse instead of the request, unless the scan could not
 * find its next page token: then the page is parsed on receipt and fails the request.
 *
 * <p><b>Several metrics per data type.</b> One fetch of a data type reads all its metrics (a
 * {@code heart-rate-variability} page carries RMSSD, SDNN and LF/HF power). {@link #fetch}
 * returns the requested metric and keeps the others for
 * {@link GoogleHealthConfig#siblingCacheTtl()}; a fetch of one of them for the same connection
 * and range within that time is served from memory, once. {@link #fetchDataType} returns every
 * metric of a type at once.
 *
 * <p><b>Errors.</b> HTTP 401 renews the token once through
 * {@link AccessTokenSource#renewAfterRejection} and repeats the request once. HTTP 403 throws
 * {@link io.iomt.sdk.ReauthorizationRequiredException}. HTTP 429, 503, 504 and transport errors
 * are retried with exponential backoff and full jitter, honouring {@code Retry-After} and
 * {@code RetryInfo}; other errors are thrown at once as {@link GoogleHealthException}. Every
 * request first takes a permit of its connection from the request budget. By default that is
 * this wearable's own {@link RequestLimiter}, which grants at most 300 permits per connection in
 * any one-minute window, at most 30 of them back to back.
 *
 * <p>Thread-safe. Closes the HTTP client only if it created it; {@link #close()} is idempotent.
 */
public final class GoogleHealthWearable implements Wearable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GoogleHealthWearable.class);
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Set<Metric> SUPPORTED = supported();

    private final GoogleHealthConfig config;
    private final HttpTransport transport;
    private final GoogleOAuth oauth;
    private final RequestBudget budget;
    private final ApiCaller caller;
    private final SiblingCache siblings;
    private volatile boolean closed;

    private GoogleHealthWearable(GoogleHealthConfig config, HttpTransport transport) {
        this.config = config;
        this.transport = transport;
        this.oauth = GoogleOAuth.sharing(config, transport);
        this.budget = config.requestBudget().orElseGet(() -> RequestLimiter.builder()
                .clock(config.clock()).sleeper(config.sleeper()).build());
        this.caller = new ApiCaller(transport, config, budget);
        this.siblings = new SiblingCache(config.siblingCacheTtl().toMillis());
    }

    /**
     * Returns a wearable for {@code config}, sending through its {@link GoogleHealthConfig#httpStack()}.
     * Uses the configuration's OkHttp client if it has one (and never closes it), or creates what
     * it needs and releases it in {@link #close()}.
     */
    public static GoogleHealthWearable create(GoogleHealthConfig config) {
        Objects.requireNonNull(config, "config");
        return new GoogleHealthWearable(config, HttpClients.transport(config));
    }

    @Override
    public ProviderId provider() {
        return ProviderId.GOOGLE_HEALTH;
    }

    @Override
    public Set<Metric> supportedMetrics() {
        return SUPPORTED;
    }

    /** Returns the OAuth client, which shares this wearable's HTTP client. */
    @Override
    public TokenEndpoint tokenEndpoint() {
        return oauth;
    }

    /**
     * Returns the OAuth client for authorization URLs, code exchange, refresh and revocation; it
     * shares this wearable's HTTP client and is closed with it.
     */
    public GoogleOAuth oauth() {
        return oauth;
    }

    /**
     * Returns the per-connection request budget: the configured shared one, or this wearable's
     * own {@link RequestLimiter} (300 per connection per minute, bursts of 30), which counts only
     * this wearable's requests. Pass it to the pipeline's {@code requestBudget} so both count
     * against one quota.
     */
    public RequestBudget requestBudget() {
        return budget;
    }

    /**
     * Reads every point of the request's metric in its range.
     *
     * @throws GoogleHealthException if the API failed, a page was unreadable, or paging did not end
     * @throws io.iomt.sdk.ReauthorizationRequiredException if the API denied access (HTTP 403)
     * @throws IllegalArgumentException if the metric is not supported
     */
    @Override
    public Series fetch(FetchRequest request) {
        Objects.requireNonNull(request, "request");
        Metric metric = request.metric();
        GoogleHealthDataType type = dataTypeOf(metric);
        ConnectionId connection = request.connection().id();
        Series kept = siblings.take(connection, type, request.range(), metric, config.clock().millis());
        if (kept != null) {
            return kept;
        }
        Map<Metric, Series> fetched = fetchDataType(connection, type, request.range(), request.tokens());
        siblings.put(connection, type, request.range(), metric, fetched, config.clock().millis());
        return fetched.get(metric);
    }

    /**
     * Sends every page request of the request's range and returns once every page is received,
     * leaving the parsing of the pages to {@link ReceivedSeries#parse()}, which the caller may run
     * on another thread while it sends its next request. Paging, retries, token renewal and the
     * request budget work as in {@link #fetch}: the calling thread finds each page's next page
     * token with a fast scan of the body, and parses a page fully only when the scan cannot be
     * sure of the token. Data types with several metrics (sleep and both heart-rate variability
     * types) are fetched and parsed here, as {@link #fetch} does, so that their sibling metrics are
     * kept, and their page events fire here.
     *
     * <p>The scan adds CPU time, about 0.4 of a full parse per page (BENCHMARKS.md, "Google Health
     * page parsing"), in exchange for the overlap. A host whose CPU is the limit gains more from
     * {@link #fetch}.
     *
     * <p>The result keeps the bodies of every page of the range in memory until it is parsed (an
     * estimated 4 MB for a day of heart rate with 9,000 points), so parse it soon. Its page and
     * points-skipped events fire during {@link ReceivedSeries#parse()}, on the thread that calls
     * it. Thread-safe, like {@link #fetch}. The result itself is parsed once, from one thread.
     *
     * @throws GoogleHealthException if the API failed, paging did not end, or a page whose next
     *     page token the scan could not find was unreadable; {@link ReceivedSeries#parse()} throws
     *     it if a page is unreadable
     * @throws io.iomt.sdk.ReauthorizationRequiredException if the API denied access (HTTP 403)
     * @throws IllegalArgumentException if the metric is not supported
     */
    @Override
    public ReceivedSeries receive(FetchRequest request) {
        Objects.requireNonNull(request, "request");
        Metric metric = request.metric();
        GoogleHealthDataType type = dataTypeOf(metric);
        if (type.metrics().size() > 1) {
            // Sibling metrics share one request and the sibling cache, which single-metric types never use.
            return ReceivedSeries.parsed(fetch(request));
        }
        ensureOpen();
        String filter = Filters.forRange(type, request.range());
        if (filter == null) {
            return ReceivedSeries.parsed(Series.empty(metric));
        }
        return receiveAllPages(request.connection().id(), type, metric, filter, request.tokens());
    }

    private ReceivedPages receiveAllPages(ConnectionId connection, GoogleHealthDataType type, Metric metric,
            String filter, AccessTokenSource tokens) {
        PagedRead read = new PagedRead(type, filter);
        List<ReceivedPages.HeldPage> pages = new ArrayList<>();
        String pageToken = null;
        do {
            String url = read.nextPageUrl(pageToken);
            List<byte[]> body = caller.get(url, read.request, connection, type, tokens,
                    (InputStream in, String name) -> BodyChunks.read(in));
            ReceivedPages.HeldPage page = hold(body, type, metric, read.request);
            pages.add(page);
            pageToken = page.nextPageToken();
            read.checkNotFollowed(pageToken);
        } while (pageToken != null);
        return new ReceivedPages(connection, type, metric, read.request, config.listener(), pages);
    }

    /** Keeps the body for a later parse if a scan finds its next page token, else parses it now. */
    private static ReceivedPages.HeldPage hold(List<byte[]> body, GoogleHealthDataType type, Metric metric,
            String request) {
        PageTokenScanner.Result scan = PageTokenScanner.scan(body);
        if (scan.certain()) {
            return new ReceivedPages.Unparsed(body, scan.nextPageToken());
        }
        Series.Builder builder = Series.builder(metric, 1024);
        DataPointsPageParser.Page page = ReceivedPages.parse(type, body, Map.of(metric, builder), request);
        return new ReceivedPages.Parsed(page, builder.build());
    }

    /**
     * Reads every metric of {@code type} over {@code range} in one paged fetch.
     *
     * @return one series per metric of the type, possibly empty
     * @throws GoogleHealthException if the API failed, a page was unreadable, or paging did not end
     * @throws io.iomt.sdk.ReauthorizationRequiredException if the API denied access (HTTP 403)
     */
    public Map<Metric, Series> fetchDataType(ConnectionId connection, GoogleHealthDataType type, TimeRange range,
            AccessTokenSource tokens) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(tokens, "tokens");
        ensureOpen();
        Map<Metric, Series.Builder> builders = new EnumMap<>(Metric.class);
        for (Metric metric : type.metrics()) {
            builders.put(metric, Series.builder(metric, 1024));
        }
        String filter = Filters.forRange(type, range);
        if (filter != null) {
            readAllPages(connection, type, filter, tokens, builders);
        }
        Map<Metric, Series> result = new EnumMap<>(Metric.class);
        builders.forEach((metric, builder) -> result.put(metric, builder.build()));
        return Collections.unmodifiableMap(result);
    }

    private void readAllPages(ConnectionId connection, GoogleHealthDataType type, String filter,
            AccessTokenSource tokens, Map<Metric, Series.Builder> builders) {
        PagedRead read = new PagedRead(type, filter);
        DataPointsPageParser parser = DataPointsPageParser.forType(type);
        Map<Metric, Integer> skipped = new EnumMap<>(Metric.class);
        String pageToken = null;
        do {
            String url = read.nextPageUrl(pageToken);
            DataPointsPageParser.Page page = caller.get(url, read.request, connection, type, tokens,
                    (InputStream body, String name) -> parser.parse(body, builders, name));
            page.skipped().forEach((metric, count) -> skipped.merge(metric, count, Integer::sum));
            String next = page.nextPageToken();
            int number = read.pageNumber;
            notify(() -> config.listener().onPageFetched(connection, type, number, page.dataPoints(), next != null));
            read.checkNotFollowed(next);
            pageToken = next;
        } while (pageToken != null);
        reportSkipped(config.listener(), connection, type, skipped);
    }

    /**
     * The URLs and paging guards of one paged read. It fails once {@link GoogleHealthConfig#maxPages()}
     * pages were read or when a page names a token that was already followed.
     */
    private final class PagedRead {
        private final GoogleHealthDataType type;
        private final String listUrl;
        private final String filter;
        private final String request;
        private final int pageSize;
        private final Set<String> seenTokens = new HashSet<>();
        private int pageNumber;

        private PagedRead(GoogleHealthDataType type, String filter) {
            this.type = type;
            this.listUrl = Urls.resolve(config.apiBaseUrl(), "v4/users/me/dataTypes/" + type.pathId() + "/dataPoints");
            this.filter = filter;
            this.request = "GET " + Urls.path(listUrl) + " (" + type.pathId() + ")";
            this.pageSize = Math.min(config.pageSize(), type.maxPageSize());
        }

        /** Counts the next page and returns its URL, where {@code pageToken} is {@code null} for the first page. */
        private String nextPageUrl(@Nullable String pageToken) {
            pageNumber++;
            if (pageNumber > config.maxPages()) {
                throw pagingFailure(request, type, "more than " + config.maxPages() + " pages were returned; raise "
                        + "GoogleHealthConfig maxPages or fetch a shorter range");
            }
            String size = Integer.toString(pageSize);
            return pageToken == null ? Urls.withQuery(listUrl, "filter", filter, "pageSize", size)
                    : Urls.withQuery(listUrl, "filter", filter, "pageSize", size, "pageToken", pageToken);
        }

        /** Fails if the current page named a next page that was already followed. */
        private void checkNotFollowed(@Nullable String nextPageToken) {
            if (nextPageToken != null && !seenTokens.add(nextPageToken)) {
                throw pagingFailure(request, type, "page " + pageNumber + " named a page token that was already "
                        + "followed, so paging would not end");
            }
        }
    }

    /** Logs and reports the points of a read that were skipped, per metric. */
    static void reportSkipped(GoogleHealthListener listener, ConnectionId connection, GoogleHealthDataType type,
            Map<Metric, Integer> skipped) {
        skipped.forEach((metric, count) -> {
            LOG.debug("Skipped {} {} points of connection {} with a missing or invalid value or time", count,
                    metric.id(), connection);
            notify(() -> listener.onPointsSkipped(connection, type, metric, count));
        });
    }

    private static GoogleHealthException pagingFailure(String request, GoogleHealthDataType type, String what) {
        return new GoogleHealthException("Paging of " + request + " stopped: " + what, 0, null, null, request, type,
                false, false, null, null);
    }

    /**
     * Reads the user's ids with {@code GET /v4/users/me/identity}, through the connection's request budget.
     *
     * @throws GoogleHealthException if the API failed or the body had no {@code healthUserId}
     * @throws io.iomt.sdk.ReauthorizationRequiredException if the API denied access (HTTP 403)
     */
    public GoogleHealthIdentity identity(ConnectionId connection, AccessTokenSource tokens) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tokens, "tokens");
        return readIdentity(connection, tokens);
    }

    /**
     * Reads the user's ids with a bare access token, typically right after the code exchange and
     * before the connection is stored. A 401 or 403 is thrown as {@link GoogleHealthException}.
     */
    public GoogleHealthIdentity identity(String accessToken) {
        Objects.requireNonNull(accessToken, "accessToken");
        return readIdentity(null, new FixedToken(accessToken));
    }

    private GoogleHealthIdentity readIdentity(@Nullable ConnectionId connection, AccessTokenSource tokens) {
        ensureOpen();
        String url = Urls.resolve(config.apiBaseUrl(), "v4/users/me/identity");
        String request = "GET " + Urls.path(url);
        return caller.get(url, request, connection, null, tokens, GoogleHealthWearable::parseIdentity);
    }

    private static GoogleHealthIdentity parseIdentity(InputStream body, String request) throws IOException {
        String healthUserId = null;
        String legacyUserId = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw identityFailure(request, "the body is not a JSON object", null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name.equals("healthUserId")) {
                    healthUserId = parser.getText();
                } else if (value == JsonToken.VALUE_STRING && name.equals("legacyUserId")) {
                    legacyUserId = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw identityFailure(request, "the body is not readable JSON", e);
        }
        if (healthUserId == null || healthUserId.isEmpty()) {
            throw identityFailure(request, "the body has no 'healthUserId'", null);
        }
        return new GoogleHealthIdentity(healthUserId, legacyUserId == null || legacyUserId.isEmpty() ? null : legacyUserId);
    }

    private static GoogleHealthException identityFailure(String request, String what, @Nullable Throwable cause) {
        return new GoogleHealthException("Unreadable response to " + request + ": " + what, 0, null, null, request, null,
                false, false, null, cause);
    }

    /** Releases the HTTP client if this wearable created it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.close();
    }

    @Override
    public String toString() {
        return "GoogleHealthWearable[apiBaseUrl=" + config.apiBaseUrl() + ", requestBudget=" + budget + "]";
    }

    private void ensureOpen() {
        if (closed && config.httpClient().isEmpty()) {
            throw new IllegalStateException("This GoogleHealthWearable is closed; create a new one");
        }
    }

    /** Runs a listener event, logging and ignoring what the listener throws. */
    static void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.warn("A GoogleHealthListener threw {}; the event was ignored", e.getClass().getName());
        }
    }

    private static GoogleHealthDataType dataTypeOf(Metric metric) {
        return GoogleHealthDataType.forMetric(metric).orElseThrow(() -> new IllegalArgumentException(
                "Metric " + metric.id() + " is not read from the Google Health API; supported: " + SUPPORTED));
    }

    private static Set<Metric> supported() {
        Set<Metric> metrics = EnumSet.noneOf(Metric.class);
        for (GoogleHealthDataType type : GoogleHealthDataType.values()) {
            metrics.addAll(type.metrics());
        }
        return Collections.unmodifiableSet(metrics);
    }

    /** A token source for one bare access token, which cannot be renewed. */
    private static final class FixedToken implements AccessTokenSource {
        private final String token;

        private FixedToken(String token) {
            this.token = token;
        }

        @Override
        public String accessToken() {
            return token;
        }

        @Override
        public String renewAfterRejection(String rejectedToken) {
            throw new GoogleHealthException("The Google Health API rejected the access token (HTTP 401); exchange "
                    + "or refresh to get a new one", 401, "UNAUTHENTICATED", null, "GET /v4/users/me/identity", null,
                    false, false, null, null);
        }

        @Override
        public String toString() {
            return "FixedToken[<redacted>]";
        }
    }
}
