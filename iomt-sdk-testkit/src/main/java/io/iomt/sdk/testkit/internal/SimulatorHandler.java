package io.iomt.sdk.testkit.internal;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.iomt.sdk.testkit.RecordedData;
import io.iomt.sdk.testkit.SimulatedFault;
import io.iomt.sdk.testkit.SimulatedUser;
import io.iomt.sdk.testkit.SimulatorEndpoint;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WireMock extension that handles every request to the simulator: routing, faults, OAuth,
 * authentication, quota and data. It replaces the rendered response rather than the response
 * definition, because WireMock copies a definition's body through base64 and JSON on every
 * response, which dominated a profile of pages with 10,000 points. Thread-safe: all state is in
 * concurrent structures or locked per item.
 */
public final class SimulatorHandler implements ResponseTransformerV2 {

    /** The name under which the extension is registered. */
    public static final String NAME = "iomt-google-health-simulator";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorHandler.class);
    private static final String HTML_ERROR_PAGE = "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 502 (Server Error)!!1</title>"
            + "<p><b>502.</b> <ins>That's an error.</ins><p>The server encountered a temporary error and could not complete your request."
            + "<p>Please try again in 30 seconds. <ins>That's all we know.</ins></html>\n";
    /** Bodies shorter than this are sent as they are, as Jetty's gzip handler does by default. */
    static final int MIN_GZIP_BYTES = 32;
    private static final String WWW_AUTHENTICATE = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";

    private final OAuthServer oauth;
    private final QuotaLimiter quota;
    private final FaultQueue faults;
    private final Map<String, SimulatedUser> users = new ConcurrentHashMap<>();
    /**
     * Response tables per recording, shared by every simulator in the JVM so that tests starting
     * many simulators on the same data serialize it once. Weak keys (compared by identity, as
     * RecordedData does not override equals) let unused recordings go; the tables never refer
     * back to their recording.
     */
    private static final Map<RecordedData, Map<DataTypeSpec, PointTable>> TABLES = new WeakHashMap<>();
    private final Map<SimulatorEndpoint, AtomicLong> counts = new EnumMap<>(SimulatorEndpoint.class);
    private volatile @Nullable String defaultUser;

    /** Creates a handler; {@code requestsPerMinute} of 0 disables the quota. */
    public SimulatorHandler(OAuthServer oauth, FaultQueue faults, int requestsPerMinute, Clock clock) {
        this.oauth = oauth;
        this.faults = faults;
        this.quota = new QuotaLimiter(requestsPerMinute, clock);
        for (SimulatorEndpoint endpoint : SimulatorEndpoint.values()) {
            counts.put(endpoint, new AtomicLong());
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /**
     * Registers a user; the first one registered consents to authorization requests without a
     * {@code login_hint}.
     *
     * @throws IllegalArgumentException if a user with the same health user id exists
     */
    public void addUser(SimulatedUser user) {
        if (users.putIfAbsent(user.healthUserId(), user) != null) {
            throw new IllegalArgumentException("A simulated user with healthUserId " + user.healthUserId() + " already exists");
        }
        synchronized (this) {
            if (defaultUser == null) {
                defaultUser = user.healthUserId();
            }
        }
    }

    /**
     * Replaces the recording of a registered user, keeping the ids and latency.
     *
     * @throws IllegalArgumentException if no user has that id
     */
    public void replaceData(String healthUserId, RecordedData data) {
        SimulatedUser replaced = users.computeIfPresent(healthUserId,
                (id, user) -> new SimulatedUser(id, user.legacyUserId(), data, user.latency()));
        if (replaced == null) {
            throw new IllegalArgumentException("No simulated user has healthUserId " + healthUserId + "; register it with addUser first");
        }
    }

    /** Returns whether a user with that health user id is registered. */
    public boolean hasUser(String healthUserId) {
        return users.containsKey(healthUserId);
    }

    /** Returns the number of requests seen at {@code endpoint}. */
    public long count(SimulatorEndpoint endpoint) {
        return counts.get(endpoint).get();
    }

    /** Sets every request count to zero. */
    public void resetCounts() {
        counts.values().forEach(count -> count.set(0));
    }

    @Override
    public Response transform(Response rendered, ServeEvent serveEvent) {
        SimResponse response;
        try {
            response = handle(serveEvent.getRequest());
        } catch (RuntimeException e) {
            LOG.warn("Simulator failed on a request; answering 500", e);
            response = Json.rpcError(500, "Simulator failure: " + e.getClass().getSimpleName(), null);
        }
        return wireMockResponse(response, acceptsGzip(serveEvent.getRequest().getHeader("Accept-Encoding")));
    }

    private static Response wireMockResponse(SimResponse response, boolean gzip) {
        Response.Builder builder = Response.response();
        if (response.connectionReset) {
            builder.fault(Fault.CONNECTION_RESET_BY_PEER);
        } else {
            List<HttpHeader> headers = new ArrayList<>();
            response.headers.forEach((name, value) -> headers.add(new HttpHeader(name, value)));
            byte[] body = response.body;
            if (gzip && body.length >= MIN_GZIP_BYTES) {
                body = response.gzippedBody();
                headers.add(new HttpHeader("Content-Encoding", "gzip"));
            }
            headers.add(new HttpHeader("Vary", "Accept-Encoding"));
            builder.status(response.status).body(body).headers(new HttpHeaders(headers));
        }
        if (response.delayMillis > 0) {
            builder.incrementInitialDelay(response.delayMillis);
        }
        return builder.build();
    }

    /**
     * Returns whether an {@code Accept-Encoding} header value allows gzip: a {@code gzip} or
     * {@code *} coding whose quality is not zero.
     */
    static boolean acceptsGzip(@Nullable String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!name.equals("gzip") && !name.equals("x-gzip") && !name.equals("*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=") && parameter.substring(2).trim().matches("0(\\.0{0,3})?")) {
                    refused = true;
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    private SimResponse handle(Request request) {
        String url = request.getUrl();
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        Map<String, String> query = parameters(question < 0 ? "" : url.substring(question + 1));
        SimulatorEndpoint endpoint = classify(path);
        counts.get(endpoint).incrementAndGet();
        String dataType = dataTypeOf(path);

        long delay = 0;
        SimulatedFault fault = faults.take(endpoint, dataType, false, false);
        if (fault != null) {
            if (fault.kind() != SimulatedFault.Kind.DELAY) {
                return faultResponse(fault, endpoint);
            }
            delay = fault.delay().toMillis();
        }

        SimResponse response = route(request, endpoint, path, query, dataType);
        response.delayMillis += delay;
        return response;
    }

    private SimResponse route(Request request, SimulatorEndpoint endpoint, String path, Map<String, String> query,
            @Nullable String dataType) {
        RequestMethod method = request.getMethod();
        switch (endpoint) {
            case AUTHORIZE:
                return method.equals(RequestMethod.GET) ? oauth.authorize(query, defaultUser) : notAllowed(method, path);
            case TOKEN:
                return method.equals(RequestMethod.POST) ? oauth.token(form(request), request.getHeader("Authorization"))
                        : notAllowed(method, path);
            case REVOKE:
                if (!method.equals(RequestMethod.POST)) {
                    return notAllowed(method, path);
                }
                Map<String, String> form = form(request);
                return oauth.revoke(form.containsKey("token") ? form.get("token") : query.get("token"));
            case OTHER:
                return Json.rpcError(404, "Not found: " + method + " " + path, null);
            default:
                return method.equals(RequestMethod.GET) ? data(request, endpoint, path, query, dataType) : notAllowed(method, path);
        }
    }

    private static SimResponse notAllowed(RequestMethod method, String path) {
        return Json.rpcError(405, "Method " + method + " is not allowed on " + path, null);
    }

    private SimResponse data(Request request, SimulatorEndpoint endpoint, String path, Map<String, String> query,
            @Nullable String dataType) {
        String authorization = request.getHeader("Authorization");
        OAuthServer.TokenCheck check = oauth.check(authorization);
        if (check != OAuthServer.TokenCheck.VALID) {
            return unauthenticated(check);
        }
        OAuthServer.AccessGrant grant = oauth.grantFor(authorization);
        String pathUser = path.split("/")[3];
        if (!pathUser.equals("me") && !pathUser.equals(grant.userId())) {
            return Json.rpcError(403, "The caller does not have permission to read data of user " + pathUser, "RESOURCE_PERMISSION_DENIED");
        }
        SimulatedUser user = users.get(grant.userId());
        if (user == null) {
            return Json.rpcError(403, "The user of this token is not registered with the simulator", "RESOURCE_PERMISSION_DENIED");
        }
        long waitMillis = quota.tryAcquire(user.healthUserId());
        if (waitMillis > 0) {
            return Json.rpcError(429, "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service "
                    + "'health.googleapis.com'.", "RATE_LIMIT_EXCEEDED", Map.of("service", "health.googleapis.com"));
        }

        SimResponse response = dataResponse(user, grant, endpoint, path, query, dataType);
        response.delayMillis += user.latency().toMillis();
        return response;
    }

    private SimResponse dataResponse(SimulatedUser user, OAuthServer.AccessGrant grant, SimulatorEndpoint endpoint, String path,
            Map<String, String> query, @Nullable String dataType) {
        if (endpoint == SimulatorEndpoint.IDENTITY) {
            return UserResources.identity(user);
        }
        if (endpoint == SimulatorEndpoint.SETTINGS) {
            return UserResources.settings(user);
        }
        DataTypeSpec type = dataType == null ? null : DataTypeSpec.byId(dataType);
        if (type == null) {
            if (dataType != null && DataTypeSpec.KNOWN_UNSERVED.contains(dataType)) {
                return SimResponse.json(200, "{}".getBytes(StandardCharsets.UTF_8));
            }
            return Json.rpcError(400, "Invalid data type ID referenced in the parent data type collection: " + dataType,
                    "INVALID_PARENT_DATA_TYPE_COLLECTION", Map.of("dataType", String.valueOf(dataType)));
        }
        if (!type.coveredBy(grant.scopes())) {
            return Json.rpcError(403, "Request had insufficient authentication scopes to read " + type.id,
                    "ACCESS_TOKEN_SCOPE_INSUFFICIENT", Map.of("dataType", type.id));
        }
        String pageToken = query.get("pageToken");
        SimulatedFault shaping = faults.take(endpoint, type.id, true, pageToken != null && !pageToken.isEmpty());
        PointTable table = tables(user.data()).get(type);
        return DataPointsList.list(table, user.healthUserId(), query, shaping);
    }

    private static Map<DataTypeSpec, PointTable> tables(RecordedData data) {
        synchronized (TABLES) {
            return TABLES.computeIfAbsent(data, TableFactory::build);
        }
    }

    private static SimResponse unauthenticated(OAuthServer.TokenCheck check) {
        String reason;
        String message;
        switch (check) {
            case MISSING:
                reason = "CREDENTIALS_MISSING";
                message = "Request is missing required authentication credential. Expected OAuth 2 access token.";
                break;
            case EXPIRED:
                reason = "ACCESS_TOKEN_EXPIRED";
                message = "Request had invalid authentication credentials: the access token has expired.";
                break;
            default:
                reason = "INVALID_AUTHENTICATOR";
                message = "Request had invalid authentication credentials. Expected OAuth 2 access token.";
                break;
        }
        return Json.rpcError(401, message, reason).header("WWW-Authenticate", WWW_AUTHENTICATE);
    }

    private static SimResponse faultResponse(SimulatedFault fault, SimulatorEndpoint endpoint) {
        switch (fault.kind()) {
            case CONNECTION_RESET:
                return SimResponse.reset();
            case HTML_PAGE:
                return SimResponse.text(200, "text/html; charset=UTF-8", HTML_ERROR_PAGE);
            default:
                break;
        }
        int status = fault.httpStatus();
        SimResponse response;
        if (endpoint == SimulatorEndpoint.TOKEN || endpoint == SimulatorEndpoint.REVOKE || endpoint == SimulatorEndpoint.AUTHORIZE) {
            String error = fault.reason() != null ? fault.reason() : oauthErrorFor(status);
            response = Json.oauthError(status, error, "Injected fault: HTTP " + status);
        } else {
            String reason = fault.reason() != null ? fault.reason() : rpcReasonFor(status);
            response = Json.rpcError(status, "Injected fault: HTTP " + status + " " + Json.statusName(status), reason);
        }
        if (fault.retryAfter() != null) {
            long seconds = fault.retryAfter().getSeconds() + (fault.retryAfter().getNano() > 0 ? 1 : 0);
            response.header("Retry-After", Long.toString(seconds));
        }
        if (status == 401) {
            response.header("WWW-Authenticate", WWW_AUTHENTICATE);
        }
        return response;
    }

    private static String oauthErrorFor(int status) {
        switch (status) {
            case 400:
                return "invalid_grant";
            case 401:
                return "invalid_client";
            case 429:
                return "rate_limit_exceeded";
            case 503:
                return "temporarily_unavailable";
            default:
                return "server_error";
        }
    }

    private static @Nullable String rpcReasonFor(int status) {
        switch (status) {
            case 401:
                return "ACCESS_TOKEN_EXPIRED";
            case 403:
                return "RESOURCE_PERMISSION_DENIED";
            case 429:
                return "RATE_LIMIT_EXCEEDED";
            default:
                return null;
        }
    }

    static SimulatorEndpoint classify(String path) {
        switch (path) {
            case "/o/oauth2/v2/auth":
                return SimulatorEndpoint.AUTHORIZE;
            case "/token":
                return SimulatorEndpoint.TOKEN;
            case "/revoke":
                return SimulatorEndpoint.REVOKE;
            default:
                break;
        }
        String[] parts = path.split("/", -1);
        // "", "v4", "users", "{user}", ...
        if (parts.length < 5 || !parts[1].equals("v4") || !parts[2].equals("users") || parts[3].isEmpty()) {
            return SimulatorEndpoint.OTHER;
        }
        if (parts.length == 5 && parts[4].equals("identity")) {
            return SimulatorEndpoint.IDENTITY;
        }
        if (parts.length == 5 && parts[4].equals("settings")) {
            return SimulatorEndpoint.SETTINGS;
        }
        if (parts.length == 7 && parts[4].equals("dataTypes") && parts[6].equals("dataPoints") && !parts[5].isEmpty()) {
            return SimulatorEndpoint.DATA_POINTS;
        }
        return SimulatorEndpoint.OTHER;
    }

    private static @Nullable String dataTypeOf(String path) {
        String[] parts = path.split("/", -1);
        return parts.length == 7 && parts[4].equals("dataTypes") ? decode(parts[5]) : null;
    }

    private static Map<String, String> form(Request request) {
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return Map.of();
        }
        return parameters(request.getBodyAsString());
    }

    /** Parses a query string or form body; the first value of a repeated name wins. */
    static Map<String, String> parameters(String encoded) {
        Map<String, String> parameters = new HashMap<>();
        if (encoded.isEmpty()) {
            return parameters;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
