package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import java.net.URI;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(120)
class HttpApiHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FROM = "2016-04-22T00:00:00Z";
    private static final String TO = "2016-04-23T00:00:00Z";

    private static LambdaTestEnvironment env;
    private static HttpApiHandler handler;

    @BeforeAll
    static void start() {
        env = LambdaTestEnvironment.start();
        handler = new HttpApiHandler(env.services);
        env.connect(SubjectId.of("alice"));
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void connectsThroughConsent() throws Exception {
        APIGatewayV2HTTPResponse started = handler.handleRequest(
                Events.http("POST", "/subjects/bob/connection", Map.of(), "bob"), null);
        assertThat(started.getStatusCode()).isEqualTo(200);
        URI authorization = URI.create(body(started).get("authorizationUrl").asText());

        URI redirect = env.simulator.approve(authorization);
        APIGatewayV2HTTPResponse connected = handler.handleRequest(Events.callback(redirect), null);

        assertThat(connected.getStatusCode()).as(connected.getBody()).isEqualTo(200);
        assertThat(body(connected).get("subject").asText()).isEqualTo("bob");
        assertThat(env.services.tokenStore().load(ConnectionId.of(SubjectId.of("bob"), ProviderId.GOOGLE_HEALTH))
                .orElseThrow().connection().providerUserId()).isEqualTo(LambdaTestEnvironment.DEMO_HEALTH_USER);

        APIGatewayV2HTTPResponse replayed = handler.handleRequest(Events.callback(redirect), null);
        assertProblem(replayed, 400, "already used");
    }

    @Test
    void deniedConsent() {
        APIGatewayV2HTTPResponse started = handler.handleRequest(
                Events.http("POST", "/subjects/carol/connection", Map.of(), "carol"), null);
        String state = URI.create(body(started).get("authorizationUrl").asText()).getQuery()
                .replaceAll(".*state=([^&]*).*", "$1");

        APIGatewayV2HTTPResponse denied = handler.handleRequest(Events.http("GET", "/oauth/callback",
                Map.of("state", state, "error", "access_denied"), null), null);

        assertThat(denied.getStatusCode()).isEqualTo(400);
        assertThat(denied.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    }

    @Test
    void readsEmptySeries() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(Events.http("GET", "/subjects/alice/heart-rate",
                Map.of("from", FROM, "to", TO), "alice"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.get("metric").asText()).isEqualTo("heart-rate");
        assertThat(body.get("points")).isEmpty();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of(Events.http("GET", "/subjects/alice/heart-rate", Map.of("from", FROM, "to", TO), null),
                        401, "claim"),
                Arguments.of(Events.http("GET", "/subjects/alice/steps", Map.of("from", FROM, "to", TO), "mallory"),
                        403, "own data"),
                Arguments.of(Events.http("GET", "/subjects/nobody/stress", Map.of("from", FROM, "to", TO), "nobody"),
                        404, "no connection"),
                Arguments.of(Events.http("GET", "/subjects/alice/steps", Map.of("to", TO), "alice"), 400, "'from'"),
                Arguments.of(Events.http("GET", "/subjects/alice/steps", Map.of("from", "yesterday", "to", TO), "alice"),
                        400, "ISO-8601"),
                Arguments.of(Events.http("GET", "/subjects/alice/steps", Map.of("from", TO, "to", FROM), "alice"),
                        400, "before"),
                Arguments.of(Events.http("GET", "/subjects/alice/steps",
                        Map.of("from", "2016-01-01T00:00:00Z", "to", TO), "alice"), 400, "shorter range"),
                Arguments.of(Events.http("GET", "/subjects/alice/blood-type", Map.of(), "alice"), 404, "No route"),
                Arguments.of(Events.http("DELETE", "/subjects/alice/steps", Map.of(), "alice"), 404, "No route"),
                Arguments.of(Events.http("GET", "/admin", Map.of(), "alice"), 404, "No route"),
                Arguments.of(Events.http("GET", "/oauth/callback", Map.of(), null), 400, "'state'"),
                Arguments.of(Events.http("GET", "/oauth/callback", Map.of("state", "forged", "code", "c"), null),
                        400, "unknown"),
                Arguments.of(new APIGatewayV2HTTPEvent(), 400, "payload 2.0"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejects(APIGatewayV2HTTPEvent event, int status, String detail) {
        assertProblem(handler.handleRequest(event, null), status, detail);
    }

    @Test
    void rejectsNullEvent() {
        assertProblem(handler.handleRequest(null, null), 400, "payload 2.0");
    }

    static void assertProblem(APIGatewayV2HTTPResponse response, int status, String detail) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode body = body(response);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("detail").asText()).contains(detail);
    }

    static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody());
        } catch (Exception e) {
            throw new AssertionError("Response body is not JSON: " + response.getBody(), e);
        }
    }
}
