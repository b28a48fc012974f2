package io.iomt.sdk.fitbit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.iomt.sdk.fitbit.ClientTestSupport.CONNECTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.iomt.sdk.AuthorizationException;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.fitbit.ClientTestSupport.MutableClock;
import io.iomt.sdk.fitbit.internal.Pkce;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GoogleOAuthTest {

    /** Returns the HTTP stack under test. A subclass runs every test again over the other stack. */
    HttpStack httpStack() {
        return HttpStack.OKHTTP;
    }

    private static final String REDIRECT = "http://127.0.0.1:8765/callback";
    private static final String TOKEN_BODY = "{\"access_token\":\"ya29.new-access\",\"expires_in\":3599,"
            + "\"refresh_token\":\"1//refresh-1\",\"token_type\":\"Bearer\",\"scope\":\""
            + GoogleHealthScopes.HEALTH_METRICS_AND_MEASUREMENTS + " " + GoogleHealthScopes.SLEEP + "\"}";

    private static WireMockServer server;

    private MutableClock clock;
    private GoogleOAuth oauth;

    @BeforeAll
    static void startServer() {
        server = ClientTestSupport.startServer();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void setUp() {
        server.resetAll();
        clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
        oauth = create(builder -> builder);
    }

    @AfterEach
    void tearDown() {
        oauth.close();
    }

    private GoogleOAuth create(UnaryOperator<GoogleHealthConfig.Builder> customize) {
        return GoogleOAuth.create(customize.apply(GoogleHealthConfig.builder()
                .httpStack(httpStack())
                .clientId("client-1.apps.example")
                .clientSecret("very-secret")
                .redirectUri(REDIRECT)
                .allEndpointsAt(server.baseUrl())
                .clock(clock)).build());
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] parts = pair.split("=", 2);
            fields.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return fields;
    }

    private LoggedRequest onlyTokenRequest() {
        return server.findAll(postRequestedFor(urlPathEqualTo("/token"))).get(0);
    }

    @Test
    void authorizationUrlCarriesPkceAndState() {
        AuthorizationRequest request = oauth.authorizationRequest();
        HttpUrl url = HttpUrl.get(request.url());

        assertThat(url.encodedPath()).isEqualTo("/o/oauth2/v2/auth");
        assertThat(url.queryParameter("client_id")).isEqualTo("client-1.apps.example");
        assertThat(url.queryParameter("redirect_uri")).isEqualTo(REDIRECT);
        assertThat(url.queryParameter("response_type")).isEqualTo("code");
        assertThat(url.queryParameter("scope").split(" ")).containsExactlyInAnyOrderElementsOf(GoogleHealthScopes.DEFAULT);
        assertThat(url.queryParameter("state")).isEqualTo(request.state()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(url.queryParameter("code_challenge")).isEqualTo(Pkce.challengeS256(request.codeVerifier()));
        assertThat(url.queryParameter("code_challenge_method")).isEqualTo("S256");
        assertThat(url.queryParameter("access_type")).isEqualTo("offline");
        assertThat(url.queryParameter("prompt")).isEqualTo("consent");
        assertThat(url.queryParameter("include_granted_scopes")).isEqualTo("true");
        assertThat(url.queryParameterNames()).doesNotContain("code_verifier", "client_secret");
        assertThat(request.codeVerifier()).hasSizeBetween(43, 128);
    }

    @Test
    void authorizationRequestsDiffer() {
        AuthorizationRequest first = oauth.authorizationRequest();
        AuthorizationRequest second = oauth.authorizationRequest();

        assertThat(first.state()).isNotEqualTo(second.state());
        assertThat(first.codeVerifier()).isNotEqualTo(second.codeVerifier());
    }

    @Test
    void promptConsentOptional() {
        oauth.close();
        oauth = create(builder -> builder.promptConsent(false).includeGrantedScopes(false));

        HttpUrl url = HttpUrl.get(oauth.authorizationRequest(Set.of(GoogleHealthScopes.SLEEP)).url());

        assertThat(url.queryParameter("prompt")).isNull();
        assertThat(url.queryParameter("include_granted_scopes")).isNull();
        assertThat(url.queryParameter("scope")).isEqualTo(GoogleHealthScopes.SLEEP);
    }

    @Test
    void authorizationRequestHidesSecrets() {
        AuthorizationRequest request = oauth.authorizationRequest();

        assertThat(request.toString()).doesNotContain(request.codeVerifier()).doesNotContain(request.state());
    }

    @Test
    void callbackReturnsCode() {
        AuthorizationRequest request = oauth.authorizationRequest();
        URI callback = URI.create(REDIRECT + "?state=" + request.state() + "&code=4%2F0AY0e-g7&scope=x");

        assertThat(oauth.authorizationCode(request, callback)).isEqualTo("4/0AY0e-g7");
    }

    @Test
    void callbackStateMismatchRejected() {
        AuthorizationRequest request = oauth.authorizationRequest();

        assertThatThrownBy(() -> oauth.authorizationCode(request, Map.of("state", "forged", "code", "c")))
                .isInstanceOf(StateMismatchException.class).hasMessageNotContaining("forged");
        assertThatThrownBy(() -> oauth.authorizationCode(request, Map.of("code", "c")))
                .isInstanceOf(StateMismatchException.class).hasMessageContaining("no 'state'");
    }

    @Test
    void callbackAccessDenied() {
        AuthorizationRequest request = oauth.authorizationRequest();

        AuthorizationDeniedException denied = catchThrowableOfType(AuthorizationDeniedException.class,
                () -> oauth.authorizationCode(request, Map.of("state", request.state(), "error", "access_denied")));

        assertThat(denied.error()).contains("access_denied");
        assertThat(denied.isRetryable()).isFalse();
    }

    @Test
    void callbackOtherErrorAndMissingCode() {
        AuthorizationRequest request = oauth.authorizationRequest();

        AuthorizationException other = catchThrowableOfType(AuthorizationException.class,
                () -> oauth.authorizationCode(request, Map.of("state", request.state(), "error", "invalid_scope")));
        assertThat(other).isNotInstanceOf(AuthorizationDeniedException.class);
        assertThat(other.error()).contains("invalid_scope");
        assertThatThrownBy(() -> oauth.authorizationCode(request, Map.of("state", request.state())))
                .isInstanceOf(AuthorizationException.class).hasMessageContaining("no 'code'");
    }

    @Test
    void exchangeSendsVerifierAndReadsScopes() {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson(TOKEN_BODY)));
        AuthorizationRequest request = oauth.authorizationRequest();

        TokenPair tokens = oauth.completeAuthorization(request,
                URI.create(REDIRECT + "?code=auth-code-1&state=" + request.state()));

        Map<String, String> sent = form(onlyTokenRequest());
        assertThat(sent).containsEntry("grant_type", "authorization_code").containsEntry("code", "auth-code-1")
                .containsEntry("redirect_uri", REDIRECT).containsEntry("client_id", "client-1.apps.example")
                .containsEntry("client_secret", "very-secret").containsEntry("code_verifier", request.codeVerifier());
        assertThat(onlyTokenRequest().getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(tokens.accessToken()).isEqualTo("ya29.new-access");
        assertThat(tokens.refreshToken()).isEqualTo("1//refresh-1");
        assertThat(tokens.expiresAt()).isEqualTo(clock.instant().plusSeconds(3599));
        assertThat(tokens.scopes()).containsExactlyInAnyOrder(GoogleHealthScopes.HEALTH_METRICS_AND_MEASUREMENTS,
                GoogleHealthScopes.SLEEP);
    }

    @Test
    void publicClientSendsNoSecret() {
        oauth.close();
        oauth = GoogleOAuth.create(GoogleHealthConfig.builder().clientId("public-client").redirectUri(REDIRECT)
                .allEndpointsAt(server.baseUrl()).build());
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson(TOKEN_BODY)));

        oauth.exchange(oauth.authorizationRequest(), "code-2");

        assertThat(form(onlyTokenRequest())).doesNotContainKey("client_secret").containsKey("code_verifier");
    }

    @Test
    void refreshKeepsOldRefreshToken() {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson(
                "{\"access_token\":\"ya29.refreshed\",\"expires_in\":\"3599\",\"token_type\":\"Bearer\"}")));

        TokenPair tokens = oauth.refresh(CONNECTION, "1//old-refresh");

        assertThat(form(onlyTokenRequest())).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "1//old-refresh").containsEntry("client_id", "client-1.apps.example")
                .containsEntry("client_secret", "very-secret").doesNotContainKey("code_verifier");
        assertThat(tokens.accessToken()).isEqualTo("ya29.refreshed");
        assertThat(tokens.refreshToken()).isEqualTo("1//old-refresh");
        assertThat(tokens.expiresAt()).isEqualTo(clock.instant().plusSeconds(3599));
        assertThat(tokens.scopes()).isEqualTo(GoogleHealthScopes.DEFAULT);
    }

    @Test
    void refreshTakesNewRefreshTokenAndPartialScopes() {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson(TOKEN_BODY)));

        TokenPair tokens = oauth.refresh(CONNECTION, "1//old-refresh");

        assertThat(tokens.refreshToken()).isEqualTo("1//refresh-1");
        assertThat(tokens.scopes()).hasSize(2);
    }

    @Test
    void invalidGrantMapped() {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}")));

        AuthorizationException failure = catchThrowableOfType(AuthorizationException.class,
                () -> oauth.refresh(CONNECTION, "1//old-refresh"));

        assertThat(failure.isInvalidGrant()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(400);
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure).hasMessageNotContaining("1//old-refresh").hasMessageNotContaining("very-secret");
    }

    @Test
    void invalidClientOnHttp401Mapped() {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"Unauthorized\"}")));

        AuthorizationException failure = catchThrowableOfType(AuthorizationException.class,
                () -> oauth.refresh(CONNECTION, "1//old-refresh"));

        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.error()).contains("invalid_client");
        assertThat(failure.isRetryable()).isFalse();
    }

    @Test
    void serverErrorRetryable() {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(503)
                .withBody("<html>down</html>")));

        AuthorizationException failure = catchThrowableOfType(AuthorizationException.class,
                () -> oauth.refresh(CONNECTION, "1//old-refresh"));

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.httpStatus()).isEqualTo(503);
        assertThat(failure.error()).isEmpty();
    }

    @Test
    void transportErrorRetryable() {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        AuthorizationException failure = catchThrowableOfType(AuthorizationException.class,
                () -> oauth.exchange(oauth.authorizationRequest(), "secret-code-9"));

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.httpStatus()).isZero();
        assertThat(failure).hasMessageNotContaining("secret-code-9");
    }

    @Test
    void responseWithoutAccessTokenRejected() {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson("{\"token_type\":\"Bearer\"}")));

        assertThatThrownBy(() -> oauth.refresh(CONNECTION, "r")).isInstanceOf(AuthorizationException.class)
                .hasMessageContaining("no access_token");
    }

    @Test
    void revokeSendsToken() {
        server.stubFor(post(urlPathEqualTo("/revoke")).willReturn(aResponse().withStatus(200)));

        oauth.revoke("1//refresh-to-revoke");

        LoggedRequest sent = server.findAll(postRequestedFor(urlPathEqualTo("/revoke"))).get(0);
        assertThat(form(sent)).containsEntry("token", "1//refresh-to-revoke");
    }

    @Test
    void revokeOfInvalidTokenSucceeds() {
        server.stubFor(post(urlPathEqualTo("/revoke")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_token\"}")));

        oauth.revoke("already-gone");
    }

    @Test
    void revokeFailureMapped() {
        server.stubFor(post(urlPathEqualTo("/revoke")).willReturn(aResponse().withStatus(500)));

        AuthorizationException failure = catchThrowableOfType(AuthorizationException.class,
                () -> oauth.revoke("token-x"));

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure).hasMessageNotContaining("token-x");
    }

    @Test
    void missingRedirectUriReported() {
        GoogleOAuth noRedirect = GoogleOAuth.create(GoogleHealthConfig.builder().clientId("c")
                .httpClient(new okhttp3.OkHttpClient()).build());

        assertThatThrownBy(noRedirect::authorizationRequest).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redirectUri");
    }
}
