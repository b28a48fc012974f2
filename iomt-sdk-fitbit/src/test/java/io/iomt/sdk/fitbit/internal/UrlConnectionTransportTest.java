package io.iomt.sdk.fitbit.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UrlConnectionTransportTest {

    private static WireMockServer server;

    private final UrlConnectionTransport transport =
            new UrlConnectionTransport(Duration.ofSeconds(2), Duration.ofSeconds(2));

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .gzipDisabled(true));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @Test
    void getSendsHeadersAndReadsBody() throws IOException {
        server.stubFor(get(urlPathEqualTo("/v4/p")).willReturn(aResponse().withStatus(200).withBody("{\"a\":1}")));

        try (HttpTransport.Response response = transport.send("GET", server.baseUrl() + "/v4/p?filter=x%20y",
                Map.of("Authorization", "Bearer t", "Accept", "application/json"), null)) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.isSuccessful()).isTrue();
            assertThat(read(response.body())).isEqualTo("{\"a\":1}");
        }

        server.verify(getRequestedFor(urlPathEqualTo("/v4/p")).withQueryParam("filter", equalTo("x y"))
                .withHeader("Authorization", equalTo("Bearer t")).withHeader("Accept-Encoding", equalTo("gzip")));
    }

    @Test
    void gzipBodyDecoded() throws IOException {
        server.stubFor(get(urlPathEqualTo("/gz")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Encoding", "gzip").withBody(gzip("{\"points\":[1,2,3]}"))));

        try (HttpTransport.Response response = transport.send("GET", server.baseUrl() + "/gz", Map.of(), null)) {
            assertThat(read(response.body())).isEqualTo("{\"points\":[1,2,3]}");
        }
    }

    @Test
    void errorBodyAndHeadersReadable() throws IOException {
        server.stubFor(get(urlPathEqualTo("/limited")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "7").withBody("{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\"}}")));

        try (HttpTransport.Response response = transport.send("GET", server.baseUrl() + "/limited", Map.of(), null)) {
            assertThat(response.code()).isEqualTo(429);
            assertThat(response.isSuccessful()).isFalse();
            assertThat(response.header("retry-after")).isEqualTo("7");
            assertThat(read(response.body())).contains("RESOURCE_EXHAUSTED");
        }
    }

    @Test
    void emptyGzipResponseReadsEmpty() throws IOException {
        server.stubFor(get(urlPathEqualTo("/empty")).willReturn(aResponse().withStatus(204)
                .withHeader("Content-Encoding", "gzip")));

        try (HttpTransport.Response response = transport.send("GET", server.baseUrl() + "/empty", Map.of(), null)) {
            assertThat(response.code()).isEqualTo(204);
            assertThat(read(response.body())).isEmpty();
        }
    }

    @Test
    void postSendsEncodedForm() throws IOException {
        server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(200).withBody("{}")));
        Form form = new Form().add("grant_type", "refresh_token").add("refresh_token", "1//a+b c");

        try (HttpTransport.Response response = transport.send("POST", server.baseUrl() + "/token",
                Map.of("Accept", "application/json"), form)) {
            assertThat(response.code()).isEqualTo(200);
        }

        server.verify(postRequestedFor(urlPathEqualTo("/token"))
                .withHeader("Content-Type", equalTo(Form.CONTENT_TYPE))
                .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=1%2F%2Fa%2Bb+c")));
    }

    @Test
    void redirectNotFollowed() throws IOException {
        server.stubFor(get(urlPathEqualTo("/moved")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", server.baseUrl() + "/elsewhere")));

        try (HttpTransport.Response response = transport.send("GET", server.baseUrl() + "/moved", Map.of(), null)) {
            assertThat(response.code()).isEqualTo(302);
        }

        server.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
    }

    @Test
    void slowResponseTimesOut() {
        server.stubFor(get(urlPathEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(1_500)));
        UrlConnectionTransport impatient = new UrlConnectionTransport(Duration.ofSeconds(1), Duration.ofMillis(200));

        assertThatThrownBy(() -> impatient.send("GET", server.baseUrl() + "/slow", Map.of(), null))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void refusedConnectionThrowsIoException() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = socket.getLocalPort();
        }

        assertThatThrownBy(() -> transport.send("GET", "http://127.0.0.1:" + unused + "/x", Map.of(), null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void nonPositiveTimeoutRejected() {
        assertThatThrownBy(() -> new UrlConnectionTransport(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String read(InputStream body) throws IOException {
        try (InputStream in = body) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
