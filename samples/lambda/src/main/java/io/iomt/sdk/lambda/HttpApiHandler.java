package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.iomt.sdk.AuthorizationException;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.Series;
import io.iomt.sdk.StressLevel;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.fitbit.AuthorizationDeniedException;
import io.iomt.sdk.fitbit.AuthorizationRequest;
import io.iomt.sdk.fitbit.GoogleHealthIdentity;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import io.iomt.sdk.fitbit.StateMismatchException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (API Gateway HTTP API, payload format 2.0) that a mobile app or dashboard calls.
 *
 * <p>Routes:
 * <ul>
 *   <li>{@code POST /subjects/{subject}/connection} starts consent: stores the state and PKCE
 *       verifier server-side (see {@link OAuthStateStore}) and returns the authorization URL to
 *       open in the user's browser.</li>
 *   <li>{@code GET /oauth/callback?state=...&code=...} is where Google redirects the browser; it
 *       exchanges the code, reads the user's Google Health id and stores the connection.</li>
 *   <li>{@code GET /subjects/{subject}/heart-rate}, {@code .../steps} and {@code .../stress} with
 *       {@code from} and {@code to} (ISO-8601 instants, at most {@code IOMT_MAX_READ_RANGE}
 *       apart) return the stored points as JSON.</li>
 * </ul>
 *
 * <p><b>Authorization model.</b> API Gateway's JWT authorizer validates the caller's token
 * (issuer, audience, expiry, signature) before the function runs, on every route but the
 * callback. The handler then requires the claim {@code IOMT_SUBJECT_CLAIM} (default {@code sub})
 * to equal the path's subject: a user reads and connects only their own data. The callback carries
 * no token because it is a browser redirect from Google; it is bound to the subject through the
 * single-use state item that the authenticated start request created.
 *
 * <p>Every error is a JSON problem body: 400 for invalid input, 401 without claims, 403 for
 * another subject, 404 for an unknown route or a subject without a connection, 502 when Google's
 * token endpoint fails. Thread-safe; one instance per container.
 */
public final class HttpApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

    private final LambdaServices services;

    /** Creates the handler that the Lambda runtime calls, configured from the environment. */
    public HttpApiHandler() {
        this(LambdaServices.shared());
    }

    HttpApiHandler(LambdaServices services) {
        this.services = services;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(@Nullable APIGatewayV2HTTPEvent event, @Nullable Context context) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                || event.getRawPath() == null) {
            return HttpResponses.problem(400, "Malformed request", "The event is not an HTTP API payload 2.0 request.");
        }
        String method = event.getRequestContext().getHttp().getMethod();
        String[] path = event.getRawPath().replaceAll("^/+|/+$", "").split("/");
        try {
            if ("GET".equals(method) && path.length == 2 && path[0].equals("oauth") && path[1].equals("callback")) {
                return callback(query(event));
            }
            if (path.length == 3 && path[0].equals("subjects")) {
                SubjectId subject = subject(path[1]);
                Optional<APIGatewayV2HTTPResponse> denied = authorize(event, subject);
                if (denied.isPresent()) {
                    return denied.get();
                }
                return route(method, path[2], subject, query(event));
            }
            return notFound(method, event.getRawPath());
        } catch (BadRequest e) {
            return HttpResponses.problem(400, "Invalid request", e.getMessage());
        }
    }

    private APIGatewayV2HTTPResponse route(String method, String resource, SubjectId subject,
            Map<String, String> query) {
        if ("POST".equals(method) && resource.equals("connection")) {
            return start(subject);
        }
        if (!"GET".equals(method)) {
            return notFound(method, "/subjects/{subject}/" + resource);
        }
        return switch (resource) {
            case "heart-rate" -> read(subject, Metric.HEART_RATE, query);
            case "steps" -> read(subject, Metric.STEPS, query);
            case "stress" -> read(subject, Metric.STRESS_SCORE, query);
            default -> notFound(method, "/subjects/{subject}/" + resource);
        };
    }

    private APIGatewayV2HTTPResponse start(SubjectId subject) {
        AuthorizationRequest request = services.wearable().oauth().authorizationRequest();
        Instant expiresAt = services.oauthStates().put(subject, request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject.value());
        body.put("authorizationUrl", request.url().toString());
        body.put("expiresAt", expiresAt.toString());
        return HttpResponses.json(200, body);
    }

    private APIGatewayV2HTTPResponse callback(Map<String, String> query) {
        String state = query.get("state");
        if (state == null || state.isBlank() || state.length() > 256) {
            throw new BadRequest("Query parameter 'state' is missing or too long; open the authorization URL again.");
        }
        Optional<OAuthStateStore.Pending> pending = services.oauthStates().take(state);
        if (pending.isEmpty()) {
            return HttpResponses.problem(400, "Unknown authorization", "The state is unknown, expired or already used; "
                    + "start the connection again with POST /subjects/{subject}/connection.");
        }
        SubjectId subject = pending.get().subject();
        GoogleHealthWearable wearable = services.wearable();
        TokenPair tokens;
        try {
            String code = wearable.oauth().authorizationCode(pending.get().request(), query);
            tokens = wearable.oauth().exchange(pending.get().request(), code);
        } catch (AuthorizationException e) {
            LOG.warn("Authorization of subject {} failed ({})", subject, e.getClass().getSimpleName());
            int status = e instanceof StateMismatchException || e instanceof AuthorizationDeniedException ? 400 : 502;
            return HttpResponses.problem(status, "Authorization failed", e.getMessage());
        }
        GoogleHealthIdentity identity = wearable.identity(tokens.accessToken());
        services.pipeline().connect(subject, ProviderId.GOOGLE_HEALTH, identity.healthUserId(), tokens);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject.value());
        body.put("provider", ProviderId.GOOGLE_HEALTH.value());
        body.put("status", "connected");
        return HttpResponses.json(200, body);
    }

    private APIGatewayV2HTTPResponse read(SubjectId subject, Metric metric, Map<String, String> query) {
        TimeRange range = range(query);
        if (services.tokenStore().load(ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH)).isEmpty()) {
            return HttpResponses.problem(404, "Unknown subject", "Subject " + subject.value()
                    + " has no connection; connect it first with POST /subjects/{subject}/connection.");
        }
        Series series = services.sampleStore().read(subject, metric, range);
        List<Map<String, Object>> points = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("time", Instant.ofEpochMilli(series.timeAt(i)).toString());
            point.put("value", series.valueAt(i));
            if (metric == Metric.STRESS_SCORE) {
                point.put("level", StressLevel.ofScore(series.valueAt(i)).name());
            }
            if (series.hasDurations()) {
                point.put("durationSeconds", series.durationMillisAt(i) / 1000);
            }
            points.add(point);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", subject.value());
        body.put("metric", metric.id());
        body.put("unit", metric.unit());
        body.put("from", range.start().toString());
        body.put("to", range.end().toString());
        body.put("points", points);
        return HttpResponses.json(200, body);
    }

    private TimeRange range(Map<String, String> query) {
        Instant from = instant(query, "from");
        Instant to = instant(query, "to");
        if (!from.isBefore(to)) {
            throw new BadRequest("'from' must be before 'to'.");
        }
        if (from.plus(services.config().maxReadRange()).isBefore(to)) {
            throw new BadRequest("The range from 'from' to 'to' is longer than " + services.config().maxReadRange()
                    + "; ask for a shorter range.");
        }
        return TimeRange.of(from, to);
    }

    private static Instant instant(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            throw new BadRequest("Query parameter '" + name + "' is required: an ISO-8601 instant such as "
                    + "2016-04-12T00:00:00Z.");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest("Query parameter '" + name + "' is not an ISO-8601 instant such as "
                    + "2016-04-12T00:00:00Z.");
        }
    }

    private static SubjectId subject(String value) {
        try {
            return SubjectId.of(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("The subject in the path is not a valid subject id: " + e.getMessage());
        }
    }

    private Optional<APIGatewayV2HTTPResponse> authorize(APIGatewayV2HTTPEvent event, SubjectId subject) {
        String claimName = services.config().subjectClaim();
        Map<String, String> claims = claims(event);
        String claimed = claims.get(claimName);
        if (claimed == null) {
            return Optional.of(HttpResponses.problem(401, "Unauthenticated", "The request carries no '" + claimName
                    + "' claim; call the API with a bearer token from the configured identity provider."));
        }
        if (!claimed.equals(subject.value())) {
            return Optional.of(HttpResponses.problem(403, "Forbidden",
                    "The token's subject may read and connect only its own data."));
        }
        return Optional.empty();
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null
                || context.getAuthorizer().getJwt().getClaims() == null) {
            return Map.of();
        }
        return context.getAuthorizer().getJwt().getClaims();
    }

    private static Map<String, String> query(APIGatewayV2HTTPEvent event) {
        return event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    }

    private static APIGatewayV2HTTPResponse notFound(String method, String path) {
        return HttpResponses.problem(404, "Not found", "No route " + method + " " + path
                + "; see the API description in the sample's README.");
    }

    /** Invalid input, answered with 400 and the message as detail. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
