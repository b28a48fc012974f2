package io.iomt.sdk.fitbit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void resolveJoinsWithOneSlash() {
        assertThat(Urls.resolve("https://health.googleapis.com/", "v4/users/me/identity"))
                .isEqualTo("https://health.googleapis.com/v4/users/me/identity");
        assertThat(Urls.resolve("http://127.0.0.1:8080", "/v4/x")).isEqualTo("http://127.0.0.1:8080/v4/x");
        assertThat(Urls.resolve("http://127.0.0.1:8080/prefix/", "v4/x")).isEqualTo("http://127.0.0.1:8080/prefix/v4/x");
    }

    @Test
    void queryEncodesFilterCharacters() {
        String url = Urls.withQuery("https://h.example/v4/p", "filter",
                "heart_rate.sample_time.physical_time >= \"2026-12-01T00:00:00Z\" AND x < \"y\"", "pageSize", "100");

        assertThat(url).isEqualTo("https://h.example/v4/p?filter=heart_rate.sample_time.physical_time%20%3E%3D%20"
                + "%222026-12-01T00%3A00%3A00Z%22%20AND%20x%20%3C%20%22y%22&pageSize=100");
    }

    @Test
    void queryKeepsPlusDistinctFromSpace() {
        String url = Urls.withQuery("https://h.example/p", "pageToken", "a+b c/d=");

        assertThat(url).isEqualTo("https://h.example/p?pageToken=a%2Bb%20c%2Fd%3D");
    }

    @Test
    void oddQueryArgumentsRejected() {
        assertThatThrownBy(() -> Urls.withQuery("https://h.example/p", "filter"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
    }

    /** Random text, non-ASCII included, survives encoding and the JDK's decoding unchanged. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L, 20261205L, 987654321L})
    void queryRoundTripsRandomText(long seed) {
        Random random = new Random(seed);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            parameters.put("p" + i, randomText(random));
        }
        String[] pairs = parameters.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new);

        URI uri = URI.create(Urls.withQuery("https://h.example/p", pairs));

        Map<String, String> decoded = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            decoded.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        assertThat(decoded).as("seed %d", seed).isEqualTo(parameters);
    }

    @Test
    void pathIsRaw() {
        assertThat(Urls.path("https://h.example/v4/users/me/dataTypes/heart-rate/dataPoints?filter=x"))
                .isEqualTo("/v4/users/me/dataTypes/heart-rate/dataPoints");
        assertThat(Urls.path("https://h.example")).isEqualTo("/");
    }

    @Test
    void redactDropsQueryAndUserInfo() {
        assertThat(Urls.redact("https://user:pass-word@h.example:8443/v4/p?pageToken=secret&access_token=ya29.x#frag"))
                .isEqualTo("https://h.example:8443/v4/p?<redacted>");
        assertThat(Urls.redact("https://oauth2.googleapis.com/token")).isEqualTo("https://oauth2.googleapis.com/token");
    }

    private static String randomText(Random random) {
        String alphabet = "abcXYZ019 +&=?/%#\"<>~*.-_äö€😀";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(20);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(alphabet.codePoints().toArray()[random.nextInt((int) alphabet.codePoints().count())]);
        }
        return text.toString();
    }
}
