package io.iomt.sdk.fitbit;

import io.iomt.sdk.AccessTokenSource;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.FetchRequest;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderException;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.Series;
import io.iomt.sdk.TokenEndpoint;
import io.iomt.sdk.Wearable;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy Fitbit Web API ({@code api.fitbit.com}) as a {@link Wearable} of provider
 * {@link ProviderId#FITBIT_LEGACY}, kept so that hosts with connections from before the move to
 * Google notice the shutdown and send their users to re-consent.
 *
 * <p>The API and its OAuth endpoints were switched off on 2026-11-02 and respond with HTTP 410 Gone.
 * {@link #fetch} sends one request for the first day of the range and turns a 410 into
 * {@link ReauthorizationRequiredException} whose message tells the host to ask the user to
 * consent again through Google; the {@link io.iomt.sdk.MonitoringPipeline} stores that message as
 * the reason when it marks the connection
 * {@link io.iomt.sdk.ConnectionStatus#REAUTHORIZATION_REQUIRED}. Nothing is retried: a 410 is final.
 * After re-consent, {@link LegacyMigration} links the new Google Health connection to the subject.
 *
 * <p>HTTP 401 renews the token once through {@link AccessTokenSource#renewAfterRejection}; the
 * renewal reaches the legacy token endpoint, which answers 410 as well. Other statuses are thrown
 * as {@link ProviderException}.
 *
 * <p>Thread-safe. Closes the HTTP client only if it created it; {@link #close()} is idempotent.
 */
public final class FitbitLegacyWearable implements Wearable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FitbitLegacyWearable.class);

    /** Legacy resource paths under {@code 1/user/-/}, with the 1-day period appended. */
    private static final Map<Metric, String> RESOURCES = Map.of(
            Metric.HEART_RATE, "activities/heart",
            Metric.RESTING_HEART_RATE, "activities/heart",
            Metric.STEPS, "activities/steps",
            Metric.DAILY_HRV_RMSSD, "hrv");

    private final FitbitLegacyConfig config;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private final FitbitLegacyOAuth oauth;
    private final HttpUrl apiBase;
    private volatile boolean closed;

    private FitbitLegacyWearable(FitbitLegacyConfig config, OkHttpClient client, boolean ownsClient) {
        this.config = config;
        this.client = client;
        this.ownsClient = ownsClient;
        this.oauth = FitbitLegacyOAuth.sharing(config, client);
        this.apiBase = HttpUrl.get(config.apiBaseUrl());
    }

    /** Returns a wearable for {@code config}, using its HTTP client if it has one. */
    public static FitbitLegacyWearable create(FitbitLegacyConfig config) {
        Objects.requireNonNull(config, "config");
        return config.httpClient().map(client -> new FitbitLegacyWearable(config, client, false))
                .orElseGet(() -> new FitbitLegacyWearable(config, FitbitLegacyOAuth.defaultClient(config), true));
    }

    @Override
    public ProviderId provider() {
        return ProviderId.FITBIT_LEGACY;
    }

    @Override
    public Set<Metric> supportedMetrics() {
        return RESOURCES.keySet();
    }

    /** Returns the legacy token endpoint, which shares this wearable's HTTP client. */
    @Override
    public TokenEndpoint tokenEndpoint() {
        return oauth;
    }

    /**
     * Sends one request to the legacy API for the request's metric.
     *
     * @throws ReauthorizationRequiredException if the API responded 410 Gone (switched off)
     * @throws ProviderException for any other response, including a successful one
     * @throws IllegalArgumentException if the metric is not supported
     */
    @Override
    public Series fetch(FetchRequest request) {
        Objects.requireNonNull(request, "request");
        String resource = RESOURCES.get(request.metric());
        if (resource == null) {
            throw new IllegalArgumentException("Metric " + request.metric().id() + " was not read from the legacy "
                    + "Fitbit Web API; supported: " + RESOURCES.keySet());
        }
        if (closed && ownsClient) {
            throw new IllegalStateException("This FitbitLegacyWearable is closed; create a new one");
        }
        ConnectionId connection = request.connection().id();
        LocalDate day = LocalDate.ofInstant(request.range().start(), ZoneOffset.UTC);
        HttpUrl url = apiBase.newBuilder().addPathSegments("1/user/-/" + resource + "/date")
                .addPathSegment(day.toString()).addPathSegment("1d.json").build();
        String description = "GET " + url.encodedPath();
        AccessTokenSource tokens = request.tokens();

        int status = send(url, tokens.accessToken(), description);
        if (status == 401) {
            status = send(url, tokens.renewAfterRejection(tokens.accessToken()), description);
        }
        if (status == 410) {
            throw new ReauthorizationRequiredException(connection, goneReason("the legacy Fitbit Web API"));
        }
        // NOTE: the API is switched off, so no parser for its data is kept and any other response is reported.
        boolean retryable = status >= 500 || status == 429;
        throw new ProviderException("The legacy Fitbit Web API responded to " + description + " with HTTP " + status
                + "; this SDK no longer reads legacy data. Ask the user to consent through Google and sync from the "
                + "Google Health API", status, null, null, description, retryable, null, null);
    }

    /** Closes the HTTP client if this wearable created it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        oauth.close();
        if (ownsClient) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "FitbitLegacyWearable[apiBaseUrl=" + config.apiBaseUrl() + "]";
    }

    /** Returns the reason stored on a connection whose legacy endpoint returned 410 Gone. */
    static String goneReason(String endpoint) {
        return "Fitbit moved to Google: " + endpoint + " responded with HTTP 410 Gone (the legacy Fitbit Web API and its "
                + "OAuth endpoints were switched off on 2026-11-02) and its tokens cannot be carried over. Ask the user "
                + "to consent again through Google (Google Health API), then link the new connection with "
                + "LegacyMigration";
    }

    private int send(HttpUrl url, String accessToken, String description) {
        Request request = new Request.Builder().url(url).get()
                .header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .header("Accept-Language", "en_GB")
                .build();
        try (Response response = client.newCall(request).execute()) {
            LOG.debug("{} -> HTTP {}", description, response.code());
            return response.code();
        } catch (IOException e) {
            throw new ProviderException("Sending " + description + " to the legacy Fitbit Web API failed ("
                    + e.getClass().getSimpleName() + "); the API was switched off, so ask the user to consent through "
                    + "Google", 0, null, null, description, false, null, e);
        }
    }
}
