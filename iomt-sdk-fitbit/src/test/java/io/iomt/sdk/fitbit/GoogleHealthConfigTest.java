package io.iomt.sdk.fitbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GoogleHealthConfigTest {

    private static GoogleHealthConfig.Builder builder() {
        return GoogleHealthConfig.builder().clientId("client-1");
    }

    @Test
    void defaultsPointAtGoogle() {
        GoogleHealthConfig config = builder().build();

        assertThat(config.apiBaseUrl()).isEqualTo("https://health.googleapis.com/");
        assertThat(config.authorizationUrl()).isEqualTo("https://accounts.google.com/o/oauth2/v2/auth");
        assertThat(config.tokenUrl()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(config.revokeUrl()).isEqualTo("https://oauth2.googleapis.com/revoke");
        assertThat(config.scopes()).isEqualTo(GoogleHealthScopes.DEFAULT);
        assertThat(config.pageSize()).isEqualTo(10_000);
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.clientSecret()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/", "http://localhost/", "http://[::1]:9000/",
        "http://127.5.6.7", "http://[0:0:0:0:0:0:0:1]/", "https://health.googleapis.com/", "HTTP://LOCALHOST:1/"})
    void loopbackOrHttpsAccepted(String url) {
        GoogleHealthConfig config = builder().apiBaseUrl(url).tokenUrl(url).build();

        assertThat(config.apiBaseUrl()).endsWith("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://health.googleapis.com/", "http://10.0.0.1/", "http://192.168.1.10:8080/",
        "http://128.0.0.1/", "http://localhost.example.com/", "http://127.0.0.1.nip.io/", "http://[::2]/",
        "http://127.0.0.300/", "ftp://127.0.0.1/", "not a url", "/relative/path", "https://x.example/?q=1"})
    void otherUrlsRejected(String url) {
        assertThatThrownBy(() -> builder().apiBaseUrl(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apiBaseUrl");
        assertThatThrownBy(() -> builder().tokenUrl(url)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().authorizationUrl(url)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().revokeUrl(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allEndpointsAtOneServer() {
        GoogleHealthConfig config = builder().allEndpointsAt("http://127.0.0.1:4321").build();

        assertThat(config.apiBaseUrl()).isEqualTo("http://127.0.0.1:4321/");
        assertThat(config.authorizationUrl()).isEqualTo("http://127.0.0.1:4321/o/oauth2/v2/auth");
        assertThat(config.tokenUrl()).isEqualTo("http://127.0.0.1:4321/token");
        assertThat(config.revokeUrl()).isEqualTo("http://127.0.0.1:4321/revoke");
    }

    @Test
    void toStringHidesSecret() {
        GoogleHealthConfig config = builder().clientSecret("GOCSPX-very-secret").build();

        assertThat(config.toString()).doesNotContain("GOCSPX-very-secret").contains("<redacted>");
        assertThat(config.clientSecret()).contains("GOCSPX-very-secret");
        assertThat(config.toBuilder().build().clientSecret()).contains("GOCSPX-very-secret");
    }

    @Test
    void settersValidate() {
        assertThatThrownBy(() -> builder().pageSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageSize");
        assertThatThrownBy(() -> builder().pageSize(10_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().maxPages(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().initialBackoff(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().maxRetryAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().clientId(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().scopes(java.util.Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().redirectUri("relative")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoogleHealthConfig.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clientId");
    }

    @Test
    void httpStackDefaultsToOkHttp() {
        assertThat(builder().build().httpStack()).isEqualTo(HttpStack.OKHTTP);
    }

    @Test
    void httpStackKeptByToBuilder() {
        GoogleHealthConfig config = builder().httpStack(HttpStack.URL_CONNECTION).build();

        assertThat(config.toBuilder().build().httpStack()).isEqualTo(HttpStack.URL_CONNECTION);
        assertThat(config.toString()).contains("httpStack=URL_CONNECTION");
    }

    @Test
    void okHttpClientWithUrlConnectionRejected() {
        GoogleHealthConfig.Builder both = builder().httpClient(new okhttp3.OkHttpClient())
                .httpStack(HttpStack.URL_CONNECTION);

        assertThatThrownBy(both::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("httpClient").hasMessageContaining("URL_CONNECTION");
    }

    @Test
    void urlConnectionWearableCreatesAndCloses() {
        GoogleHealthConfig config = builder().httpStack(HttpStack.URL_CONNECTION).build();

        try (GoogleHealthWearable wearable = GoogleHealthWearable.create(config)) {
            assertThat(wearable.oauth()).isNotNull();
        }
    }
}
