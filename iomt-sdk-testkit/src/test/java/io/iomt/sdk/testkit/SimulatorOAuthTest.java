package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iomt.sdk.IomtException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SimulatorOAuthTest {

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-12-04T12:00:00Z"));
    private GoogleHealthSimulator simulator;
    private SimClient client;

    private void start(RefreshTokenMode mode) {
        simulator = GoogleHealthSimulator.builder()
                .clock(clock)
                .refreshTokenMode(mode)
                .user(SimulatedUser.of("demo-user", RecordedData.of(FitabaseRecording.BUNDLED_ZONE)).withLegacyUserId("GGNJL9"))
                .start();
        client = new SimClient(simulator);
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void consentRedirectsWithCodeAndState() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        URI redirect = simulator.approve(client.authorizationRequest(client.validAuthorization("xyz 1")));

        assertThat(redirect.toString()).startsWith(simulator.redirectUri() + "?");
        Map<String, String> query = SimClient.query(redirect);
        assertThat(query.get("state")).isEqualTo("xyz 1");
        assertThat(query.get("code")).isNotBlank();
        assertThat(query.get("scope")).isEqualTo(GoogleHealthSimulator.ALL_READ_SCOPES);
        assertThat(simulator.requestCount(SimulatorEndpoint.AUTHORIZE)).isEqualTo(1);
    }

    @Test
    void codeExchangeIssuesTokens() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        JsonNode tokens = client.login();

        assertThat(tokens.path("access_token").asText()).isNotBlank();
        assertThat(tokens.path("refresh_token").asText()).isNotBlank();
        assertThat(tokens.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(simulator.codeExchangeCount()).isEqualTo(1);

        HttpResponse<String> identity = client.http.send(java.net.http.HttpRequest.newBuilder(simulator.baseUrl().resolve("v4/users/me/identity"))
                .header("Authorization", "Bearer " + tokens.path("access_token").asText()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(SimClient.json(identity).path("healthUserId").asText()).isEqualTo("demo-user");
        assertThat(SimClient.json(identity).path("legacyUserId").asText()).isEqualTo("GGNJL9");
    }

    @Test
    void wrongVerifierRejected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        String code = SimClient.query(simulator.approve(client.authorizationRequest(client.validAuthorization("s")))).get("code");
        HttpResponse<String> response = client.post(simulator.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", simulator.redirectUri(), "client_id", simulator.clientId(), "client_secret", simulator.clientSecret(),
                "code_verifier", SimClient.VERIFIER + "x"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(response).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(simulator.invalidGrantCount()).isEqualTo(1);
    }

    @Test
    void missingVerifierRejected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        String code = SimClient.query(simulator.approve(client.authorizationRequest(client.validAuthorization("s")))).get("code");
        HttpResponse<String> response = client.post(simulator.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", simulator.redirectUri(), "client_id", simulator.clientId(), "client_secret", simulator.clientSecret()));

        assertThat(SimClient.json(response).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void codeWorksOnce() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        String code = SimClient.query(simulator.approve(client.authorizationRequest(client.validAuthorization("s")))).get("code");
        Map<String, String> form = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", simulator.redirectUri(),
                "client_id", simulator.clientId(), "client_secret", simulator.clientSecret(), "code_verifier", SimClient.VERIFIER);

        assertThat(client.post(simulator.tokenUrl(), form).statusCode()).isEqualTo(200);
        HttpResponse<String> second = client.post(simulator.tokenUrl(), form);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(second).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void codeExpiresAfterTenMinutes() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        String code = SimClient.query(simulator.approve(client.authorizationRequest(client.validAuthorization("s")))).get("code");
        clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> response = client.post(simulator.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", simulator.redirectUri(), "client_id", simulator.clientId(), "client_secret", simulator.clientSecret(),
                "code_verifier", SimClient.VERIFIER));

        assertThat(SimClient.json(response).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void plainChallengeRejected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        Map<String, String> parameters = client.validAuthorization("s");
        parameters.put("code_challenge_method", "plain");
        Map<String, String> query = SimClient.query(simulator.approve(client.authorizationRequest(parameters)));

        assertThat(query.get("error")).isEqualTo("invalid_request");
        assertThat(query.get("error_description")).contains("S256");
        assertThat(query.get("state")).isEqualTo("s");
        assertThat(query).doesNotContainKey("code");
    }

    @Test
    void missingChallengeRejected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        Map<String, String> parameters = client.validAuthorization("s");
        parameters.remove("code_challenge");

        assertThat(SimClient.query(simulator.approve(client.authorizationRequest(parameters))).get("error")).isEqualTo("invalid_request");
    }

    @Test
    void missingStateRejected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        Map<String, String> parameters = client.validAuthorization("s");
        parameters.remove("state");

        assertThat(SimClient.query(simulator.approve(client.authorizationRequest(parameters))).get("error")).isEqualTo("invalid_request");
    }

    @Test
    void unknownClientNotRedirected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        Map<String, String> parameters = client.validAuthorization("s");
        parameters.put("client_id", "someone-else");
        HttpResponse<String> response = client.get(client.authorizationRequest(parameters));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(SimClient.json(response).path("error").asText()).isEqualTo("invalid_client");
        assertThatThrownBy(() -> simulator.approve(client.authorizationRequest(parameters))).isInstanceOf(IomtException.class);
    }

    @Test
    void unregisteredRedirectNotRedirected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        Map<String, String> parameters = client.validAuthorization("s");
        parameters.put("redirect_uri", "http://127.0.0.1:9/elsewhere");
        HttpResponse<String> response = client.get(client.authorizationRequest(parameters));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(response).path("error").asText()).isEqualTo("redirect_uri_mismatch");
    }

    @Test
    void wrongSecretRejected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        JsonNode tokens = client.login();
        HttpResponse<String> response = client.post(simulator.tokenUrl(), Map.of("grant_type", "refresh_token",
                "refresh_token", tokens.path("refresh_token").asText(), "client_id", simulator.clientId(), "client_secret", "wrong"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(SimClient.json(response).path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void missingGrantTypeRejected() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        HttpResponse<String> response = client.post(simulator.tokenUrl(), Map.of("client_id", simulator.clientId()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(response).path("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void expiredTokenGets401() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        JsonNode tokens = client.login();
        String accessToken = tokens.path("access_token").asText();
        assertThat(client.list(accessToken, "heart-rate", null, 1, null).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(3600));
        HttpResponse<String> expired = client.list(accessToken, "heart-rate", null, 1, null);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(SimClient.json(expired).path("error").path("status").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(SimClient.reason(expired)).isEqualTo("ACCESS_TOKEN_EXPIRED");
        assertThat(expired.headers().firstValue("WWW-Authenticate")).isPresent();

        HttpResponse<String> refreshed = client.refresh(tokens.path("refresh_token").asText());
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(SimClient.json(refreshed).has("refresh_token")).isFalse();
        assertThat(client.list(SimClient.json(refreshed).path("access_token").asText(), "heart-rate", null, 1, null).statusCode())
                .isEqualTo(200);
        assertThat(simulator.refreshRequestCount()).isEqualTo(1);
    }

    @Test
    void unknownTokenGets401() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        HttpResponse<String> response = client.list("ya29.made-up", "heart-rate", null, 1, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(SimClient.reason(response)).isEqualTo("INVALID_AUTHENTICATOR");
        assertThat(SimClient.reason(client.list(null, "heart-rate", null, 1, null))).isEqualTo("CREDENTIALS_MISSING");
    }

    @Test
    void reusableRefreshTokenWorksTwice() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        String refreshToken = client.login().path("refresh_token").asText();

        assertThat(client.refresh(refreshToken).statusCode()).isEqualTo(200);
        assertThat(client.refresh(refreshToken).statusCode()).isEqualTo(200);
    }

    @Test
    void rotatingRefreshTokenWorksOnce() throws Exception {
        start(RefreshTokenMode.ROTATING);
        String refreshToken = client.login().path("refresh_token").asText();

        HttpResponse<String> first = client.refresh(refreshToken);
        String rotated = SimClient.json(first).path("refresh_token").asText();
        assertThat(rotated).isNotBlank().isNotEqualTo(refreshToken);
        HttpResponse<String> reuse = client.refresh(refreshToken);
        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(SimClient.json(reuse).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(client.refresh(rotated).statusCode()).isEqualTo(200);
        assertThat(simulator.invalidGrantCount()).isEqualTo(1);
    }

    @Test
    void rotatingRaceHasOneWinner() throws Exception {
        start(RefreshTokenMode.ROTATING);
        String refreshToken = simulator.issueTokens("demo-user").refreshToken();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> client.refresh(refreshToken).statusCode()));
            }
            int successes = 0;
            for (java.util.concurrent.Future<Integer> status : statuses) {
                successes += status.get(30, java.util.concurrent.TimeUnit.SECONDS) == 200 ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(simulator.refreshRequestCount()).isEqualTo(8);
        assertThat(simulator.invalidGrantCount()).isEqualTo(7);
    }

    @Test
    void graceReturnsSamePair() throws Exception {
        start(RefreshTokenMode.ROTATING_WITH_GRACE);
        String refreshToken = client.login().path("refresh_token").asText();

        JsonNode first = SimClient.json(client.refresh(refreshToken));
        clock.advance(Duration.ofSeconds(10));
        JsonNode again = SimClient.json(client.refresh(refreshToken));
        assertThat(again.path("access_token").asText()).isEqualTo(first.path("access_token").asText());
        assertThat(again.path("refresh_token").asText()).isEqualTo(first.path("refresh_token").asText());
        assertThat(again.path("expires_in").asLong()).isEqualTo(3590);

        clock.advance(Duration.ofSeconds(30));
        assertThat(SimClient.json(client.refresh(refreshToken)).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void revokeEndsGrant() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        JsonNode tokens = client.login();

        assertThat(client.post(simulator.revokeUrl(), Map.of("token", tokens.path("refresh_token").asText())).statusCode()).isEqualTo(200);
        assertThat(client.list(tokens.path("access_token").asText(), "steps", null, 1, null).statusCode()).isEqualTo(401);
        assertThat(SimClient.json(client.refresh(tokens.path("refresh_token").asText())).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(client.post(simulator.revokeUrl(), Map.of("token", tokens.path("refresh_token").asText())).statusCode()).isEqualTo(400);
    }

    @Test
    void loginHintSelectsUser() throws Exception {
        start(RefreshTokenMode.REUSABLE);
        simulator.addUser("second-user", RecordedData.of(FitabaseRecording.BUNDLED_ZONE));
        Map<String, String> parameters = client.validAuthorization("s");
        parameters.put("login_hint", "second-user");
        String code = SimClient.query(simulator.approve(client.authorizationRequest(parameters))).get("code");
        HttpResponse<String> response = client.post(simulator.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", simulator.redirectUri(), "client_id", simulator.clientId(), "client_secret", simulator.clientSecret(),
                "code_verifier", SimClient.VERIFIER));
        String accessToken = SimClient.json(response).path("access_token").asText();

        HttpResponse<String> identity = client.http.send(java.net.http.HttpRequest.newBuilder(simulator.baseUrl().resolve("v4/users/me/identity"))
                .header("Authorization", "Bearer " + accessToken).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(SimClient.json(identity).path("healthUserId").asText()).isEqualTo("second-user");
    }

    @Test
    void tokensHiddenInToString() {
        start(RefreshTokenMode.REUSABLE);
        SimulatedTokens tokens = simulator.issueTokens("demo-user");

        assertThat(tokens.toString()).doesNotContain(tokens.accessToken()).doesNotContain(tokens.refreshToken());
    }
}
