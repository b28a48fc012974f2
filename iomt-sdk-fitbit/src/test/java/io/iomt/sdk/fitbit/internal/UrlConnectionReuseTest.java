package io.iomt.sdk.fitbit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks that {@link UrlConnectionTransport} leaves a connection in the JDK's keep-alive cache
 * after each kind of response its callers read and close, by counting the connections a plain
 * HTTP/1.1 server on 127.0.0.1 accepts.
 */
class UrlConnectionReuseTest {

    private final UrlConnectionTransport transport =
            new UrlConnectionTransport(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private KeepAliveServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void gzipBodyReadToItsEndKeepsConnection() throws IOException {
        server = new KeepAliveServer(path -> response(200, true, gzip("{\"points\":[1,2,3]}")));

        for (int i = 0; i < 3; i++) {
            try (HttpTransport.Response response = transport.send("GET", server.url("/gz"), Map.of(), null)) {
                assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"points\":[1,2,3]}");
            }
        }

        assertThat(server.requests.get()).isEqualTo(3);
        assertThat(server.connections.get()).as("connections accepted").isEqualTo(1);
    }

    @Test
    void unreadErrorBodyKeepsConnection() throws IOException {
        server = new KeepAliveServer(path -> response(429, false,
                "{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\"}}".getBytes(StandardCharsets.UTF_8)));

        for (int i = 0; i < 3; i++) {
            try (HttpTransport.Response response = transport.send("GET", server.url("/limited"), Map.of(), null)) {
                assertThat(response.code()).isEqualTo(429);
            }
        }

        assertThat(server.requests.get()).isEqualTo(3);
        assertThat(server.connections.get()).as("connections accepted").isEqualTo(1);
    }

    @Test
    void partlyReadGzipBodyKeepsConnection() throws IOException {
        server = new KeepAliveServer(path -> response(503, true, gzip("{\"error\":{\"code\":503}}\n\n")));

        for (int i = 0; i < 3; i++) {
            try (HttpTransport.Response response = transport.send("GET", server.url("/down"), Map.of(), null)) {
                assertThat(response.body().read()).isEqualTo('{');
            }
        }

        assertThat(server.requests.get()).isEqualTo(3);
        assertThat(server.connections.get()).as("connections accepted").isEqualTo(1);
    }

    @Test
    void postAnsweredWith401KeepsItsBody() throws IOException {
        server = new KeepAliveServer(path -> response(401, false,
                "{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8)));
        Form form = new Form().add("grant_type", "refresh_token").add("refresh_token", "r");

        try (HttpTransport.Response response = transport.send("POST", server.url("/token"), Map.of(), form)) {
            assertThat(response.code()).isEqualTo(401);
            assertThat(new String(response.body().readAllBytes(), StandardCharsets.UTF_8)).contains("invalid_client");
        }
    }

    private static byte[] response(int status, boolean gzip, byte[] body) {
        String head = "HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n"
                + (gzip ? "Content-Encoding: gzip\r\n" : "") + "Content-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** An HTTP/1.1 server that keeps each connection open and responds to every request on it. */
    private static final class KeepAliveServer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket socket;
        private final Function<String, byte[]> responder;

        KeepAliveServer(Function<String, byte[]> responder) throws IOException {
            this.responder = responder;
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::accept, "keep-alive-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    Thread handler = new Thread(() -> serve(client), "keep-alive-connection");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket client) {
            try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
                while (true) {
                    String requestLine = reader.readLine();
                    if (requestLine == null) {
                        return;
                    }
                    int length = 0;
                    for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    for (int i = 0; i < length; i++) {
                        reader.read();
                    }
                    requests.incrementAndGet();
                    out.write(responder.apply(requestLine.split(" ")[1]));
                    out.flush();
                }
            } catch (IOException closed) {
                // The client closed the connection.
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
