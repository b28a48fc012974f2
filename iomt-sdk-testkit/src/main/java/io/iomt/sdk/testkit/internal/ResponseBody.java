package io.iomt.sdk.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a response body with their gzip encoding, compressed on first use and then kept,
 * so that a page served to many users is compressed once. Thread-safe: two threads that ask for
 * the encoding at the same time may both compress, and either result is kept.
 */
final class ResponseBody {

    private final byte[] bytes;
    private volatile byte @Nullable [] gzipped;

    ResponseBody(byte[] bytes) {
        this.bytes = bytes;
    }

    byte[] bytes() {
        return bytes;
    }

    byte[] gzipped() {
        byte[] encoded = gzipped;
        if (encoded == null) {
            encoded = gzip(bytes);
            gzipped = encoded;
        }
        return encoded;
    }

    /** Returns {@code bytes} compressed as one gzip member at the default level. */
    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 8));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to compress a response body in memory", e);
        }
        return out.toByteArray();
    }
}
