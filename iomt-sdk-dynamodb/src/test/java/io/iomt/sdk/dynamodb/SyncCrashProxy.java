package io.iomt.sdk.dynamodb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 between the killed child JVMs and dynalite that forwards only complete
 * HTTP requests and keeps reading dynalite's responses after a client died.
 *
 * <p>Dynalite's launcher (Node.js 20) exits on an unhandled {@code ECONNRESET} when a client
 * connection ends in the middle of a request, which is what {@code kill -9} of a client does. With
 * the proxy, dynalite receives each request whole or not at all, and its client connections stay open. Only
 * requests with a {@code Content-Length} body are supported; the AWS SDK sends those.
 */
final class SyncCrashProxy implements AutoCloseable {

    private final URI upstream;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    SyncCrashProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon(this::acceptLoop, "crash-proxy-accept").start();
    }

    /** Returns the proxy's endpoint, to use in place of dynalite's. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket dynalite;
                try {
                    dynalite = new Socket(upstream.getHost(), upstream.getPort());
                } catch (IOException e) {
                    System.err.println("crash proxy: connecting to dynalite failed: " + e);
                    closeQuietly(client);
                    continue;
                }
                sockets.add(client);
                sockets.add(dynalite);
                daemon(() -> forwardRequests(client, dynalite), "crash-proxy-requests").start();
                daemon(() -> forwardResponses(dynalite, client), "crash-proxy-responses").start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("crash proxy: accept failed: " + e);
                }
            }
        }
    }

    /** Copies whole requests from the client; a request cut short by the client's death is dropped. */
    private static void forwardRequests(Socket client, Socket dynalite) {
        try (InputStream in = client.getInputStream()) {
            OutputStream out = dynalite.getOutputStream();
            while (true) {
                byte[] request = readRequest(in);
                if (request == null) {
                    return;
                }
                out.write(request);
                out.flush();
            }
        } catch (IOException e) {
            // The client died; what it sent of an unfinished request is dropped.
        }
    }

    /** Copies responses to the client, and after the client died keeps reading them so dynalite can finish writing. */
    private static void forwardResponses(Socket dynalite, Socket client) {
        byte[] buffer = new byte[16_384];
        boolean clientAlive = true;
        try (InputStream in = dynalite.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (clientAlive) {
                    try {
                        client.getOutputStream().write(buffer, 0, read);
                    } catch (IOException e) {
                        clientAlive = false;
                    }
                }
            }
        } catch (IOException e) {
            // Dynalite closed the connection.
        }
        closeQuietly(client);
        closeQuietly(dynalite);
    }

    /** Reads one request (head and Content-Length body), or returns null at end of stream. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] terminator = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == terminator[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = contentLength(head.toString(StandardCharsets.ISO_8859_1));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream(head.size() + length);
        head.writeTo(request);
        request.write(body);
        return request.toByteArray();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("transfer-encoding:")) {
                throw new IllegalStateException("crash proxy supports only Content-Length bodies, got: " + line);
            }
            if (lower.startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the socket is closed either way.
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        sockets.forEach(SyncCrashProxy::closeQuietly);
    }
}
