package io.iomt.sdk.fitbit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WebhookKeysetSource} that fetches Google's published keyset with an HTTP GET and
 * caches it. Thread-safe: one caller fetches while concurrent callers wait for its result.
 *
 * <p>Caching rules, all measured on the injected {@link Clock}:
 * <ul>
 *   <li>A fetched keyset is served for the {@linkplain Builder#ttl TTL} (default 1 hour), then
 *       fetched again on the next call.</li>
 *   <li>When a signature names a key id the cached keyset lacks, the keyset is fetched again, but
 *       at most once per {@linkplain Builder#minRefetchInterval minimum re-fetch interval}
 *       (default 1 minute) so that forged key ids cannot cause a storm of fetches.</li>
 *   <li>When a fetch fails and a keyset was fetched before, the old keyset is served and a WARN is
 *       logged, for at most {@linkplain Builder#maxStaleness the maximum staleness} (default
 *       24 hours) past its TTL; failed fetches are retried at most once per minimum re-fetch
 *       interval. Without any keyset, {@link #keyset()} throws {@link WebhookKeysetException}.</li>
 * </ul>
 *
 * <p>The URL must use HTTPS, except on a loopback host ({@code localhost}, {@code 127.0.0.0/8},
 * {@code [::1]}), which tests may serve over plain HTTP. The caller owns a supplied
 * {@link OkHttpClient}; the fetcher never shuts it down. Without one, the fetcher creates its own
 * client, whose idle connections are closed by OkHttp's connection pool.
 */
public final class WebhookKeysetFetcher implements WebhookKeysetSource {

    /** The URL where Google publishes the Health API webhook keyset. */
    public static final String DEFAULT_URL = "https://www.gstatic.com/googlehealthapi/webhooks/webhooks_public_keyset.json";

    /** Default time a fetched keyset is served before it is fetched again: 1 hour. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    /** Default minimum time between two fetches caused by unknown key ids or failures: 1 minute. */
    public static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofMinutes(1);

    /** Default time past the TTL that an old keyset is served while fetches fail: 24 hours. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofHours(24);

    /** Default limit of one fetch, connection to last byte: 10 seconds. */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(10);

    // A keyset with a few keys is about 1 KiB; anything far larger is not a keyset.
    private static final int MAX_KEYSET_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookKeysetFetcher.class);

    private final HttpUrl url;
    private final OkHttpClient client;
    private final Clock clock;
    private final Duration ttl;
    private final Duration minRefetchInterval;
    private final Duration maxStaleness;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile @Nullable Cached cached;
    private @Nullable Instant lastAttempt;
    private @Nullable WebhookKeysetException lastFailure;

    private record Cached(WebhookKeyset keyset, Instant fetchedAt) {
    }

    private WebhookKeysetFetcher(Builder builder) {
        this.url = builder.url;
        this.clock = builder.clock;
        this.ttl = builder.ttl;
        this.minRefetchInterval = builder.minRefetchInterval;
        this.maxStaleness = builder.maxStaleness;
        OkHttpClient base = builder.client != null ? builder.client : new OkHttpClient();
        this.client = base.newBuilder().callTimeout(builder.fetchTimeout).build();
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public WebhookKeyset keyset() {
        Cached current = cached;
        if (current != null && isFresh(current, clock.instant())) {
            return current.keyset();
        }

        lock.lock();
        try {
            Instant now = clock.instant();
            current = cached;
            if (current != null && isFresh(current, now)) {
                return current.keyset();
            }
            if (attemptedRecently(now)) {
                return serveStaleOrThrow(current, now);
            }
            return fetchOrServeStale(current, now);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public WebhookKeyset keysetForUnknownKey(long keyId) {
        WebhookKeyset current = keyset();
        if (current.containsKey(keyId)) {
            return current;
        }

        lock.lock();
        try {
            Instant now = clock.instant();
            Cached latest = Objects.requireNonNull(cached, "cached");
            if (latest.keyset().containsKey(keyId) || attemptedRecently(now)) {
                return latest.keyset();
            }
            LOG.debug("Fetching webhook keyset {} again because key id {} is not in the cached keyset", url, keyId);
            return fetchOrServeStale(latest, now);
        } finally {
            lock.unlock();
        }
    }

    private boolean isFresh(Cached entry, Instant now) {
        return now.isBefore(entry.fetchedAt().plus(ttl));
    }

    private boolean attemptedRecently(Instant now) {
        return lastAttempt != null && now.isBefore(lastAttempt.plus(minRefetchInterval));
    }

    private WebhookKeyset fetchOrServeStale(@Nullable Cached current, Instant now) {
        lastAttempt = now;
        try {
            WebhookKeyset fetched = fetch();
            cached = new Cached(fetched, now);
            lastFailure = null;
            LOG.debug("Fetched webhook keyset {} with key ids {}", url, fetched.keyIds());
            return fetched;
        } catch (WebhookKeysetException e) {
            lastFailure = e;
            if (current == null) {
                throw e;
            }
            return serveStale(current, now, e);
        }
    }

    /** Serves the old keyset between fetch attempts, or throws when there is none. */
    private WebhookKeyset serveStaleOrThrow(@Nullable Cached current, Instant now) {
        if (current != null) {
            return serveStale(current, now, null);
        }
        throw new WebhookKeysetException("No webhook keyset is available: the last fetch from " + url + " at "
                + lastAttempt + " failed, and the next is allowed after " + Objects.requireNonNull(lastAttempt)
                .plus(minRefetchInterval), lastFailure);
    }

    private WebhookKeyset serveStale(Cached current, Instant now, @Nullable WebhookKeysetException failure) {
        Instant staleLimit = current.fetchedAt().plus(ttl).plus(maxStaleness);
        if (!now.isBefore(staleLimit)) {
            throw new WebhookKeysetException("The webhook keyset from " + url + " was last fetched at "
                    + current.fetchedAt() + " and is too old to serve; fetching it again failed"
                    + (failure == null ? " recently" : ": " + failure.getMessage()), failure);
        }
        if (failure != null) {
            LOG.warn("Serving the webhook keyset fetched at {} because fetching {} again failed: {}",
                    current.fetchedAt(), url, failure.getMessage());
        }
        return current.keyset();
    }

    private WebhookKeyset fetch() {
        Request request = new Request.Builder().url(url).get().header("Accept", "application/json").build();
        try (Response response = client.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new WebhookKeysetException("Fetching the webhook keyset from " + url
                        + " failed with HTTP " + response.code() + "; check the keyset URL and the network");
            }
            WebhookKeyset keyset = WebhookKeyset.parse(readLimited(response.body()));
            if (keyset.isEmpty()) {
                throw new WebhookKeysetException("The webhook keyset from " + url + " has no usable"
                        + " ECDSA P-256 key; skipped keys: " + keyset.skippedKeys());
            }
            return keyset;
        } catch (IOException e) {
            throw new WebhookKeysetException("Fetching the webhook keyset from " + url + " failed: " + e, e);
        }
    }

    private String readLimited(ResponseBody body) throws IOException {
        try (InputStream in = body.byteStream()) {
            byte[] bytes = in.readNBytes(MAX_KEYSET_BYTES + 1);
            if (bytes.length > MAX_KEYSET_BYTES) {
                throw new WebhookKeysetException("The webhook keyset from " + url + " is larger than "
                        + MAX_KEYSET_BYTES + " bytes; check the keyset URL");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return "WebhookKeysetFetcher[url=" + url + ", ttl=" + ttl + "]";
    }

    /** Builds a {@link WebhookKeysetFetcher}. Not thread-safe; each {@link #build()} returns a new fetcher. */
    public static final class Builder {

        private HttpUrl url = HttpUrl.get(DEFAULT_URL);
        private @Nullable OkHttpClient client;
        private Clock clock = Clock.systemUTC();
        private Duration ttl = DEFAULT_TTL;
        private Duration minRefetchInterval = DEFAULT_MIN_REFETCH_INTERVAL;
        private Duration maxStaleness = DEFAULT_MAX_STALENESS;
        private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;

        private Builder() {
        }

        /**
         * Sets the keyset URL; default {@link #DEFAULT_URL}.
         *
         * @throws IllegalArgumentException if the URL is invalid, or uses plain HTTP on a host
         *     other than a loopback address
         */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            HttpUrl parsed = HttpUrl.parse(url);
            if (parsed == null) {
                throw new IllegalArgumentException("Invalid keyset URL '" + url + "': expected an http(s) URL");
            }
            if (!parsed.isHttps() && !isLoopback(parsed.host())) {
                throw new IllegalArgumentException("Keyset URL '" + url + "' must use https;"
                        + " plain http is accepted only on a loopback host for tests");
            }
            this.url = parsed;
            return this;
        }

        /** Sets the HTTP client to fetch with; default a new {@link OkHttpClient}. The caller keeps ownership. */
        public Builder client(OkHttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Sets the clock that ages the cached keyset; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets how long a fetched keyset is served; default 1 hour. */
        public Builder ttl(Duration ttl) {
            this.ttl = positive(ttl, "ttl");
            return this;
        }

        /** Sets the minimum time between fetches caused by unknown key ids or failures; default 1 minute. */
        public Builder minRefetchInterval(Duration interval) {
            this.minRefetchInterval = positive(interval, "minRefetchInterval");
            return this;
        }

        /** Sets how long past its TTL an old keyset is served while fetches fail; default 24 hours, zero allowed. */
        public Builder maxStaleness(Duration maxStaleness) {
            Objects.requireNonNull(maxStaleness, "maxStaleness");
            if (maxStaleness.isNegative()) {
                throw new IllegalArgumentException("maxStaleness must not be negative, got " + maxStaleness);
            }
            this.maxStaleness = maxStaleness;
            return this;
        }

        /** Sets the limit of one fetch from connection to last byte; default 10 seconds. */
        public Builder fetchTimeout(Duration timeout) {
            this.fetchTimeout = positive(timeout, "fetchTimeout");
            return this;
        }

        /** Returns the fetcher; nothing is fetched until the first call. */
        public WebhookKeysetFetcher build() {
            return new WebhookKeysetFetcher(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private static boolean isLoopback(String host) {
            return host.equals("localhost") || host.equals("::1") || host.matches("127(\\.\\d{1,3}){3}");
        }
    }
}
