package io.iomt.sdk.fitbit;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactingHttpLoggerTest {

    @Test
    void queryIsRedacted() {
        HttpUrl url = HttpUrl.get("https://health.googleapis.com/v4/users/me/dataTypes/heart-rate/dataPoints"
                + "?filter=x&pageToken=secret-page&access_token=ya29.leak");

        String text = RedactingHttpLogger.redact(url);

        assertThat(text).isEqualTo("https://health.googleapis.com/v4/users/me/dataTypes/heart-rate/dataPoints?<redacted>");
    }

    @Test
    void urlWithoutQueryIsKept() {
        assertThat(RedactingHttpLogger.redact(HttpUrl.get("https://oauth2.googleapis.com/token")))
                .isEqualTo("https://oauth2.googleapis.com/token");
    }

    @Test
    void userInfoIsDropped() {
        assertThat(RedactingHttpLogger.redact(HttpUrl.get("https://user:pass-word@example.test/path")))
                .doesNotContain("pass-word").doesNotContain("user");
    }

    @Test
    void credentialHeadersAreRedacted() {
        Headers headers = Headers.of("Authorization", "Bearer ya29.secret", "Accept", "application/json",
                "proxy-authorization", "Basic c2VjcmV0", "Cookie", "sid=secret", "Set-Cookie", "sid=secret2");

        String text = RedactingHttpLogger.redact(headers);

        assertThat(text).doesNotContain("ya29.secret").doesNotContain("c2VjcmV0").doesNotContain("sid=");
        assertThat(text).contains("Authorization: <redacted>").contains("Accept: application/json");
    }
}
