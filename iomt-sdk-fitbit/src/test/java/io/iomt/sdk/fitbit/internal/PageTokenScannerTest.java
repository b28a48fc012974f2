package io.iomt.sdk.fitbit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scanner returns either "unsure" or exactly the top-level {@code nextPageToken} that Jackson
 * reads, for random page-shaped JSON. Malformed bodies only ever make it unsure.
 */
class PageTokenScannerTest {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int DOCUMENTS_PER_SEED = 300;
    private static final String DAMAGE = "{}[]\",:\\x 0";

    static LongStream seeds() {
        return LongStream.range(0, 40).map(i -> 0x5eed_0000L + i * 7919);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithJacksonOrIsUnsure(long seed) throws IOException {
        Random random = new Random(seed);
        int certain = 0;
        for (int i = 0; i < DOCUMENTS_PER_SEED; i++) {
            String json = new PageGenerator(random).page();
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            Expected expected = jacksonReadout(body);

            PageTokenScanner.Result result = PageTokenScanner.scan(body);

            String context = "seed " + seed + ", document " + i;
            assertThat(PageTokenScanner.scan(randomChunks(body, random))).as(context + ", in chunks")
                    .isEqualTo(result);
            if (!expected.readable()) {
                assertThat(result.certain()).as(context + ": the full parse rejects the token").isFalse();
            } else if (result.certain()) {
                assertThat(result.nextPageToken()).as(context).isEqualTo(expected.token());
                certain++;
            }
        }
        assertThat(certain).as("seed " + seed + ": documents the scan was sure of")
                .isGreaterThan(DOCUMENTS_PER_SEED / 3);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void prefixesAndDamagedCopiesNeverYieldAnAnswerThatJacksonRejects(long seed) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < DOCUMENTS_PER_SEED / 3; i++) {
            byte[] body = new PageGenerator(random).page().getBytes(StandardCharsets.UTF_8);
            int end = lastClosingBrace(body);
            int cut = random.nextInt(end + 1);
            byte[] prefix = Arrays.copyOf(body, cut);
            String context = "seed " + seed + ", document " + i + ", cut at " + cut;

            assertThat(PageTokenScanner.scan(prefix).certain()).as(context).isFalse();
            assertThat(PageTokenScanner.scan(randomChunks(prefix, random)).certain()).as(context + ", in chunks")
                    .isFalse();

            byte[] damaged = body.clone();
            damaged[random.nextInt(damaged.length)] = (byte) DAMAGE.charAt(random.nextInt(DAMAGE.length()));
            PageTokenScanner.Result result = PageTokenScanner.scan(damaged);
            Expected expected = jacksonReadout(damaged);
            if (result.certain() && expected.readable()) {
                assertThat(result.nextPageToken()).as(context + ", damaged").isEqualTo(expected.token());
            }
        }
    }

    @Test
    void readsTheTokenOfATypicalPage() {
        PageTokenScanner.Result result = scan("{\"dataPoints\":[{\"heartRate\":{\"beatsPerMinute\":\"70\"}}],"
                + "\"nextPageToken\":\"CgYIARAB\"}");

        assertThat(result.certain()).isTrue();
        assertThat(result.nextPageToken()).isEqualTo("CgYIARAB");
        assertThat(result.toString()).doesNotContain("CgYIARAB");
    }

    @Test
    void lastTokenWinsEmptyIsLast() {
        assertThat(scan("{\"nextPageToken\":\"a\",\"nextPageToken\":\"b\"}").nextPageToken()).isEqualTo("b");
        assertThat(scan("{\"nextPageToken\":\"a\",\"nextPageToken\":\"\"}")).isEqualTo(sure(null));
        assertThat(scan("{\"nextPageToken\":\"a\",\"nextPageToken\":null}")).isEqualTo(sure(null));
        assertThat(scan(" { } ")).isEqualTo(sure(null));
        assertThat(scan("{\"dataPoints\":[]}")).isEqualTo(sure(null));
    }

    @Test
    void nestedTokensIgnored() {
        assertThat(scan("{\"a\":{\"nextPageToken\":\"inner\"},\"b\":[\"nextPageToken\",\"x\"],"
                + "\"c\":\"\\\"nextPageToken\\\":\\\"s\\\"\"}")).isEqualTo(sure(null));
        assertThat(scan("{\"a\":\"}{][\",\"nextPageToken\":\"t\"}")).isEqualTo(sure("t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "[]",
        "\"nextPageToken\"",
        "{",
        "{\"nextPageToken\":\"t\"",
        "{\"nextPageToken\":\"t",
        "{\"nextPageToken\":",
        "{\"nextPageToken\"",
        "{\"dataPoints\":[{\"a\":1}",
        "{\"dataPoints\":[{\"a\":\"unclosed}]}",
        "{\"dataPoints\":[{\"a\":1]}",
        "{\"dataPoints\":[1}",
        "{\"dataPoints\":}",
        "{\"a\":1,}",
        "{,\"a\":1}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "{\"nextPageToken\":\"t\"} x",
        "{\"nextPageToken\":\"t\"}{}",
        "{\"nextPageToken\":\"t\"}}",
        "{\"nextPageToken\":12}",
        "{\"nextPageToken\":true}",
        "{\"nextPageToken\":nullx}",
        "{\"nextPageToken\":[\"t\"]}",
        "{\"nextPageToken\":\"t\\\"u\"}",
        "{\"nextPage\\u0054oken\":\"t\"}",
        "{\"nextPageToken\":\"caf\u00e9\"}",
        "{\"nextPageToken\":\"tab\tinside\"}",
        "\ufeff{\"nextPageToken\":\"t\"}",
        "{\"a\":\"\\",
        "{\"a\":[[[[",
        "}",
        "]",
    })
    void malformedOrAmbiguousBodiesAreUnsure(String body) {
        assertThatCode(() -> PageTokenScanner.scan(body.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();

        assertThat(scan(body)).isEqualTo(PageTokenScanner.Result.UNSURE);
    }

    @Test
    void deepNestingIsUnsure() {
        String deep = "[".repeat(100) + "]".repeat(100);

        assertThat(scan("{\"a\":" + deep + ",\"nextPageToken\":\"t\"}")).isEqualTo(PageTokenScanner.Result.UNSURE);
        assertThat(scan("{\"a\":" + "[".repeat(10) + "]".repeat(10) + ",\"nextPageToken\":\"t\"}"))
                .isEqualTo(sure("t"));
    }

    private static PageTokenScanner.Result scan(String body) {
        return PageTokenScanner.scan(body.getBytes(StandardCharsets.UTF_8));
    }

    private static PageTokenScanner.Result sure(@Nullable String token) {
        return new PageTokenScanner.Result(true, token);
    }

    /** Splits {@code body} into chunks of 1 to 8 bytes, some of them empty, as a scan may receive it. */
    private static List<byte[]> randomChunks(byte[] body, Random random) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        while (from < body.length) {
            int to = Math.min(body.length, from + random.nextInt(9));
            chunks.add(Arrays.copyOfRange(body, from, to));
            from = to;
        }
        return chunks;
    }

    @Test
    void emptyChunkListIsUnsure() {
        assertThat(PageTokenScanner.scan(List.of())).isEqualTo(PageTokenScanner.Result.UNSURE);
        assertThat(PageTokenScanner.scan(List.of(new byte[0], "{}".getBytes(StandardCharsets.US_ASCII), new byte[0])))
                .isEqualTo(sure(null));
    }

    private static int lastClosingBrace(byte[] body) {
        for (int i = body.length - 1; i >= 0; i--) {
            if (body[i] == '}') {
                return i;
            }
        }
        throw new IllegalArgumentException("not an object");
    }

    /** What the full parse would read: the last top-level token, or unreadable if it would fail. */
    private record Expected(boolean readable, @Nullable String token) {
    }

    /** Reads the top-level {@code nextPageToken} as {@code DataPointsPageParser}'s page loop does. */
    private static Expected jacksonReadout(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new Expected(false, null);
            }
            String token = null;
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals("nextPageToken")) {
                    parser.skipChildren();
                } else if (value == JsonToken.VALUE_NULL) {
                    token = null;
                } else if (value == JsonToken.VALUE_STRING) {
                    token = parser.getText().isEmpty() ? null : parser.getText();
                } else {
                    return new Expected(false, null);
                }
            }
            boolean closed = next == JsonToken.END_OBJECT && parser.nextToken() == null;
            return new Expected(closed, token);
        } catch (IOException e) {
            return new Expected(false, null);
        }
    }

    /** Writes random JSON shaped like a data-points page. */
    private static final class PageGenerator {
        private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.~+/";

        private final Random random;
        private final StringBuilder out = new StringBuilder();

        PageGenerator(Random random) {
            this.random = random;
        }

        String page() {
            List<Runnable> members = new ArrayList<>();
            members.add(() -> member("dataPoints", this::dataPoints));
            int unknown = random.nextInt(4);
            for (int i = 0; i < unknown; i++) {
                members.add(() -> member(topLevelKey(), () -> value(3)));
            }
            int tokens = random.nextInt(10) < 2 ? 0 : 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 1);
            for (int i = 0; i < tokens; i++) {
                members.add(() -> member(tokenKey(), this::tokenValue));
            }
            Collections.shuffle(members, random);
            whitespace();
            out.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                members.get(i).run();
            }
            whitespace();
            out.append('}');
            whitespace();
            return out.toString();
        }

        private void member(String rawKey, Runnable value) {
            whitespace();
            out.append('"').append(rawKey).append('"');
            whitespace();
            out.append(':');
            whitespace();
            value.run();
            whitespace();
        }

        private String tokenKey() {
            // Rarely, spell the key with an escape that Jackson decodes to the token key.
            return random.nextInt(20) == 0 ? "nextPage\\u0054oken" : "nextPageToken";
        }

        private void tokenValue() {
            switch (random.nextInt(12)) {
                case 0 -> out.append("null");
                case 1 -> out.append("\"\"");
                case 2 -> out.append('"').append(randomToken()).append("\\\"").append(randomToken()).append('"');
                case 3 -> out.append('"').append(randomToken()).append("\\\\").append('"');
                case 4 -> out.append("\"tok\\u0041en\"");
                case 5 -> out.append(random.nextInt(1000));
                default -> out.append('"').append(randomToken()).append('"');
            }
        }

        private String randomToken() {
            StringBuilder token = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                token.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
            }
            return token.toString();
        }

        private void dataPoints() {
            if (random.nextInt(15) == 0) {
                out.append("null");
                return;
            }
            out.append('[');
            int points = random.nextInt(6);
            for (int i = 0; i < points; i++) {
                if (i > 0) {
                    out.append(',');
                }
                whitespace();
                object(3, true);
                whitespace();
            }
            out.append(']');
        }

        private void value(int depth) {
            int kind = random.nextInt(depth > 0 ? 9 : 6);
            switch (kind) {
                case 0 -> out.append("true");
                case 1 -> out.append("false");
                case 2 -> out.append("null");
                case 3 -> number();
                case 4, 5 -> string();
                case 6, 7 -> object(depth - 1, false);
                default -> array(depth - 1);
            }
        }

        private void object(int depth, boolean withTokenKey) {
            out.append('{');
            int fields = random.nextInt(4);
            for (int i = 0; i < fields; i++) {
                if (i > 0) {
                    out.append(',');
                }
                String key = withTokenKey && random.nextInt(4) == 0 ? "nextPageToken" : randomKey();
                member(key, () -> value(depth));
            }
            out.append('}');
        }

        private void array(int depth) {
            out.append('[');
            int items = random.nextInt(4);
            for (int i = 0; i < items; i++) {
                if (i > 0) {
                    out.append(',');
                }
                whitespace();
                value(depth);
                whitespace();
            }
            out.append(']');
        }

        private void number() {
            String[] numbers = {"0", "-1", "42", "3.25", "-0.5e3", "1E+2", "72", "9007199254740993"};
            out.append(numbers[random.nextInt(numbers.length)]);
        }

        private void string() {
            out.append('"').append(stringContent()).append('"');
        }

        private String topLevelKey() {
            // An escaped top-level key makes the scan unsure, so keep such keys rare there.
            return random.nextInt(20) == 0 ? "we\\\"ird" : plainKey();
        }

        private String plainKey() {
            String[] keys = {"kind", "totalSize", "nextPageTokenX", "nextPage", "NextPageToken", "caf\u00e9",
                "{brace}", "[", ":"};
            return keys[random.nextInt(keys.length)];
        }

        private String randomKey() {
            String[] keys = {"kind", "totalSize", "heartRate", "sampleTime", "dataSource", "we\\\"ird", "back\\\\slash",
                "nextPageTokenX", "nextPage", "NextPageToken", "caf\u00e9", "{brace}"};
            return keys[random.nextInt(keys.length)];
        }

        private String stringContent() {
            String[] pieces = {"abc", "\\\"", "\\\\", "}", "{", "[", "]", ",", ":", " ", "\\n", "\\u00e9", "\u00e9",
                "\u4e2d", "2026-12-01T00:00:00Z", "nextPageToken", "\\/", "\\\\\\\""};
            StringBuilder text = new StringBuilder();
            int count = random.nextInt(5);
            for (int i = 0; i < count; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            return text.toString();
        }

        private void whitespace() {
            String[] spaces = {"", "", "", " ", "\n", "\t", "\r\n  ", "  "};
            out.append(spaces[random.nextInt(spaces.length)]);
        }
    }
}
