package io.iomt.sdk.fitbit.internal;

import java.nio.charset.StandardCharsets;
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
 * <p>Thread-safe: each scan keeps its state in its own instance.
 */
public final class PageTokenScanner {

    private static final byte[] TOKEN_KEY = "nextPageToken".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DEPTH = 63;

    private final byte[] body;
    private int position;
    private @Nullable String token;

    private PageTokenScanner(byte[] body) {
        this.body = body;
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
        return new PageTokenScanner(body).scanPage();
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
        int keyStart = position + 1;
        if (!consume('"') || !skipPlainString()) {
            return false;
        }
        boolean isToken = equalsTokenKey(keyStart, position - 1);
        skipWhitespace();
        if (!consume(':')) {
            return false;
        }
        skipWhitespace();
        return isToken ? readTokenValue() : skipValue();
    }

    private boolean equalsTokenKey(int start, int end) {
        if (end - start != TOKEN_KEY.length) {
            return false;
        }
        for (int i = 0; i < TOKEN_KEY.length; i++) {
            if (body[start + i] != TOKEN_KEY[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads the token's value, a printable ASCII string or {@code null}, and returns false if unsure. */
    private boolean readTokenValue() {
        if (consumeLiteral("null")) {
            token = null;
            return true;
        }
        int start = position + 1;
        if (!consume('"') || !skipPlainString()) {
            return false;
        }
        int end = position - 1;
        for (int i = start; i < end; i++) {
            if (body[i] < 0x20 || body[i] > 0x7e) {
                return false;
            }
        }
        token = end == start ? null : new String(body, start, end - start, StandardCharsets.US_ASCII);
        return true;
    }

    /** Skips a value that is not the token and returns false if its structure is broken. */
    private boolean skipValue() {
        if (position >= body.length) {
            return false;
        }
        byte first = body[position];
        if (first == '"') {
            position++;
            return skipString();
        }
        if (first == '{' || first == '[') {
            return skipContainer();
        }
        return skipScalar();
    }

    /** Skips a string whose opening quote was consumed and returns false if it is not closed. */
    private boolean skipString() {
        byte[] bytes = body;
        int i = position;
        while (i < bytes.length) {
            byte b = bytes[i++];
            if (b == '"') {
                position = i;
                return true;
            }
            if (b == '\\') {
                i++;
            }
        }
        return false;
    }

    /** Skips a string whose opening quote was consumed and returns false if it has an escape or is not closed. */
    private boolean skipPlainString() {
        byte[] bytes = body;
        int i = position;
        while (i < bytes.length) {
            byte b = bytes[i++];
            if (b == '"') {
                position = i;
                return true;
            }
            if (b == '\\') {
                return false;
            }
        }
        return false;
    }

    /**
     * Skips an object or array with everything nested in it and checks that each bracket closes
     * the kind it opened. Returns false if the nesting is broken, deeper than {@value #MAX_DEPTH},
     * or not closed.
     */
    private boolean skipContainer() {
        byte[] bytes = body;
        int i = position;
        long objectAtDepth = 0;
        int depth = 0;
        while (i < bytes.length) {
            byte b = bytes[i++];
            switch (b) {
                case '"' -> {
                    position = i;
                    if (!skipString()) {
                        return false;
                    }
                    i = position;
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
                    if (openedObject != (b == '}')) {
                        return false;
                    }
                    if (depth == 0) {
                        position = i;
                        return true;
                    }
                }
                default -> {
                    // Any other byte is part of a scalar or whitespace: nothing to track.
                }
            }
        }
        return false;
    }

    /** Skips a number, {@code true}, {@code false} or {@code null} and returns false if there is none. */
    private boolean skipScalar() {
        int start = position;
        while (position < body.length && isScalarByte(body[position])) {
            position++;
        }
        return position > start;
    }

    private static boolean isScalarByte(byte b) {
        return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '-' || b == '+'
                || b == '.';
    }

    private boolean consumeLiteral(String literal) {
        if (position + literal.length() > body.length) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (body[position + i] != literal.charAt(i)) {
                return false;
            }
        }
        int after = position + literal.length();
        if (after < body.length && isScalarByte(body[after])) {
            return false;
        }
        position = after;
        return true;
    }

    private boolean consume(char expected) {
        if (position < body.length && body[position] == expected) {
            position++;
            return true;
        }
        return false;
    }

    private void skipWhitespace() {
        while (position < body.length) {
            byte b = body[position];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            position++;
        }
    }

    /** Returns the token found if only whitespace follows the top-level object, else {@link Result#UNSURE}. */
    private Result finish() {
        skipWhitespace();
        return position == body.length ? new Result(true, token) : Result.UNSURE;
    }
}
