package io.iomt.sdk.fitbit.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Finds the top-level {@code nextPageToken} of a data-points page in one pass over its bytes,
 * without parsing the points, so that a caller can request the next page before it parses this
 * one.
 *
 * <p>The scan tracks only what it needs: strings (with backslash escapes), the nesting of
 * objects and arrays, and the keys and values of the top-level object. The last top-level
 * {@code nextPageToken} wins, as in the full parse; an empty string or {@code null} means there
 * is no next page. Whenever its result could differ from the full parse's, the scan returns
 * {@link Result#UNSURE} instead of guessing. That happens when the body is not a single JSON
 * object, the structure is broken or cut short, content follows the object, a top-level key or
 * the token contains a backslash escape, the token is not printable ASCII, or the token's value
 * is not a string or {@code null}. The scan does not validate other values, because the full
 * parse does that later.
 *
 * <p>The body may come in several chunks, as {@link BodyChunks} reads it, so that no large array is
 * allocated. Thread-safe: each scan keeps its state in its own instance.
 */
public final class PageTokenScanner {

    private static final byte[] TOKEN_KEY = "nextPageToken".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DEPTH = 63;
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final int END = -1;
    private static final int OTHER_KEY = 0;
    private static final int TOKEN_KEY_FOUND = 1;

    private final List<byte[]> chunks;
    private int chunkNumber;
    private byte[] chunk;
    private int index;
    private @Nullable String token;

    private PageTokenScanner(List<byte[]> chunks) {
        this.chunks = chunks;
        this.chunk = chunks.isEmpty() ? new byte[0] : chunks.get(0);
    }

    /**
     * The outcome of a scan.
     *
     * @param certain whether the scan is sure of its result; if not, the page must be parsed fully
     * @param nextPageToken the token of the next page, or {@code null} on the last page or when
     *     the scan is unsure
     */
    public record Result(boolean certain, @Nullable String nextPageToken) {

        /** The result of a scan that could not be sure, so the page must be parsed fully to find its next page. */
        public static final Result UNSURE = new Result(false, null);

        @Override
        public String toString() {
            // The token is a credential-like value, so it is never printed.
            return certain ? "Result[certain, " + (nextPageToken == null ? "last page" : "next page") + "]"
                    : "Result[unsure]";
        }
    }

    /** Scans {@code body}, a page as received, for its top-level {@code nextPageToken}. */
    public static Result scan(byte[] body) {
        Objects.requireNonNull(body, "body");
        return scan(List.of(body));
    }

    /** Scans a page received in {@code chunks}, which follow each other, for its top-level {@code nextPageToken}. */
    public static Result scan(List<byte[]> chunks) {
        Objects.requireNonNull(chunks, "chunks");
        return new PageTokenScanner(chunks).scanPage();
    }

    private Result scanPage() {
        skipWhitespace();
        if (!consume('{')) {
            return Result.UNSURE;
        }
        skipWhitespace();
        if (consume('}')) {
            return finish();
        }
        do {
            skipWhitespace();
            if (!scanMember()) {
                return Result.UNSURE;
            }
            skipWhitespace();
        } while (consume(','));
        return consume('}') ? finish() : Result.UNSURE;
    }

    /** Scans one {@code "key": value} member of the top-level object and returns false if unsure. */
    private boolean scanMember() {
        if (!consume('"')) {
            return false;
        }
        int key = readKey();
        if (key == END) {
            return false;
        }
        skipWhitespace();
        if (!consume(':')) {
            return false;
        }
        skipWhitespace();
        return key == TOKEN_KEY_FOUND ? readTokenValue() : skipValue();
    }

    /**
     * Reads a key whose opening quote was consumed. Returns {@link #TOKEN_KEY_FOUND} for
     * {@code nextPageToken}, {@link #OTHER_KEY} for another key, or {@link #END} if the key has an
     * escape or is not closed.
     */
    private int readKey() {
        int length = 0;
        boolean matches = true;
        while (true) {
            int b = next();
            if (b == '"') {
                return matches && length == TOKEN_KEY.length ? TOKEN_KEY_FOUND : OTHER_KEY;
            }
            if (b == '\\' || b == END) {
                return END;
            }
            matches &= length < TOKEN_KEY.length && TOKEN_KEY[length] == b;
            length++;
        }
    }

    /** Reads the token's value, a printable ASCII string or {@code null}, and returns false if unsure. */
    private boolean readTokenValue() {
        if (peek() == 'n') {
            token = null;
            return consumeNull();
        }
        if (!consume('"')) {
            return false;
        }
        StringBuilder text = new StringBuilder();
        while (true) {
            int b = next();
            if (b == '"') {
                token = text.length() == 0 ? null : text.toString();
                return true;
            }
            if (b < 0x20 || b > 0x7e || b == '\\' || text.length() == MAX_TOKEN_LENGTH) {
                return false;
            }
            text.append((char) b);
        }
    }

    /** Skips a value that is not the token and returns false if its structure is broken. */
    private boolean skipValue() {
        int first = peek();
        if (first == '"') {
            index++;
            return skipString();
        }
        if (first == '{' || first == '[') {
            return skipContainer();
        }
        return skipScalar();
    }

    /**
     * Skips a string whose opening quote was consumed and returns false if it is not closed. The
     * inner loop runs over one chunk at a time, because this is where a scan spends its time.
     */
    private boolean skipString() {
        while (true) {
            byte[] bytes = chunk;
            int i = index;
            while (i < bytes.length) {
                byte b = bytes[i++];
                if (b == '"') {
                    index = i;
                    return true;
                }
                if (b == '\\') {
                    if (i < bytes.length) {
                        i++;
                    } else {
                        index = i;
                        if (next() == END) {
                            return false;
                        }
                        bytes = chunk;
                        i = index;
                    }
                }
            }
            index = i;
            if (!nextChunk()) {
                return false;
            }
        }
    }

    /**
     * Skips an object or array with everything nested in it and checks that each bracket closes
     * the kind it opened. Returns false if the nesting is broken, deeper than {@value #MAX_DEPTH},
     * or not closed.
     */
    private boolean skipContainer() {
        long objectAtDepth = 0;
        int depth = 0;
        while (true) {
            byte[] bytes = chunk;
            int i = index;
            while (i < bytes.length) {
                byte b = bytes[i++];
                switch (b) {
                    case '"' -> {
                        index = i;
                        if (!skipString()) {
                            return false;
                        }
                        bytes = chunk;
                        i = index;
                    }
                    case '{', '[' -> {
                        if (depth == MAX_DEPTH) {
                            return false;
                        }
                        objectAtDepth = b == '{' ? objectAtDepth | 1L << depth : objectAtDepth & ~(1L << depth);
                        depth++;
                    }
                    case '}', ']' -> {
                        depth--;
                        boolean openedObject = (objectAtDepth >>> depth & 1L) != 0;
                        if (depth < 0 || openedObject != (b == '}')) {
                            return false;
                        }
                        if (depth == 0) {
                            index = i;
                            return true;
                        }
                    }
                    default -> {
                        // Any other byte is part of a scalar or whitespace: nothing to track.
                    }
                }
            }
            index = i;
            if (!nextChunk()) {
                return false;
            }
        }
    }

    /** Skips a number, {@code true}, {@code false} or {@code null} and returns false if there is none. */
    private boolean skipScalar() {
        boolean any = false;
        while (isScalarByte(peek())) {
            index++;
            any = true;
        }
        return any;
    }

    private static boolean isScalarByte(int b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '-' || b == '+'
                || b == '.';
    }

    /** Consumes the literal {@code null} and returns false if the value is anything else. */
    private boolean consumeNull() {
        for (int i = 0; i < 4; i++) {
            if (next() != "null".charAt(i)) {
                return false;
            }
        }
        return !isScalarByte(peek());
    }

    private boolean consume(char expected) {
        if (peek() == expected) {
            index++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        int b = peek();
        while (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
            index++;
            b = peek();
        }
    }

    /** Returns the next byte, from 0 to 255, without consuming it, or {@link #END} after the last chunk. */
    private int peek() {
        while (index == chunk.length) {
            if (!nextChunk()) {
                return END;
            }
        }
        return chunk[index] & 0xff;
    }

    /** Consumes and returns the next byte, from 0 to 255, or returns {@link #END} after the last chunk. */
    private int next() {
        int b = peek();
        if (b != END) {
            index++;
        }
        return b;
    }

    private boolean nextChunk() {
        if (chunkNumber + 1 >= chunks.size()) {
            return false;
        }
        chunkNumber++;
        chunk = chunks.get(chunkNumber);
        index = 0;
        return true;
    }

    /** Returns the token found if only whitespace follows the top-level object, else {@link Result#UNSURE}. */
    private Result finish() {
        skipWhitespace();
        return peek() == END ? new Result(true, token) : Result.UNSURE;
    }
}
