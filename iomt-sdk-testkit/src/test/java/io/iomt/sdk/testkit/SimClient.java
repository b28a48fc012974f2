package io.iomt.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** A bare java.net.http client of the simulator, as a test would write one; not the SDK's client. */
final class SimClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VERIFIER = "verifier-0123456789-0123456789-0123456789-abcdef";

    final GoogleHealthSimulator simulator;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    SimClient(GoogleHealthSimulator simulator) {
        this.simulator = simulator;
    }

    static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Returns an authorization request URL with the given parameters (null values left out). */
    URI authorizationRequest(Map<String, String> parameters) {
        StringBuilder url = new StringBuilder(simulator.authorizationUrl().toString()).append('?');
        parameters.forEach((name, value) -> {
            if (value != null) {
                url.append(encode(name)).append('=').append(encode(value)).append('&');
            }
        });
        return URI.create(url.substring(0, url.length() - 1));
    }

    Map<String, String> validAuthorization(String state) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put("client_id", simulator.clientId());
        parameters.put("redirect_uri", simulator.redirectUri());
        parameters.put("response_type", "code");
        parameters.put("scope", GoogleHealthSimulator.ALL_READ_SCOPES);
        parameters.put("code_challenge", challenge(VERIFIER));
        parameters.put("code_challenge_method", "S256");
        parameters.put("state", state);
        parameters.put("access_type", "offline");
        return parameters;
    }

    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(encode(name)).append('=').append(encode(value)).append('&'));
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs the whole consent and code exchange; returns the token response. */
    JsonNode login() throws Exception {
        URI redirect = simulator.approve(authorizationRequest(validAuthorization("state-1")));
        String code = query(redirect).get("code");
        HttpResponse<String> response = post(simulator.tokenUrl(), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", simulator.redirectUri(), "client_id", simulator.clientId(), "client_secret",
                simulator.clientSecret(), "code_verifier", VERIFIER));
        if (response.statusCode() != 200) {
            throw new AssertionError("Code exchange failed: " + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> refresh(String refreshToken) throws Exception {
        return post(simulator.tokenUrl(), Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", simulator.clientId(), "client_secret", simulator.clientSecret()));
    }

    HttpResponse<String> list(String accessToken, String dataType, String filter, Integer pageSize, String pageToken)
            throws IOException, InterruptedException {
        StringBuilder url = new StringBuilder(simulator.baseUrl().resolve("v4/users/me/dataTypes/" + dataType + "/dataPoints").toString());
        char separator = '?';
        if (filter != null) {
            url.append(separator).append("filter=").append(encode(filter));
            separator = '&';
        }
        if (pageSize != null) {
            url.append(separator).append("pageSize=").append(pageSize);
            separator = '&';
        }
        if (pageToken != null) {
            url.append(separator).append("pageToken=").append(encode(pageToken));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.toString())).GET();
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static String reason(HttpResponse<String> response) throws IOException {
        return json(response).path("error").path("details").path(0).path("reason").asText();
    }
}
