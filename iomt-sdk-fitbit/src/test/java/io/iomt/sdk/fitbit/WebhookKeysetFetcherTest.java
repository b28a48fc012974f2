package io.iomt.sdk.fitbit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.iomt.sdk.fitbit.WebhookTestSupport.keysetJson;
import static io.iomt.sdk.fitbit.WebhookTestSupport.signedRequest;
import static io.iomt.sdk.fitbit.WebhookTestSupport.stepsUpsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.iomt.sdk.fitbit.WebhookTestSupport.QueuedExecutor;
import io.iomt.sdk.fitbit.WebhookTestSupport.RecordingListener;
import io.iomt.sdk.fitbit.WebhookTestSupport.TestKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookKeysetFetcherTest {

    private static final String PATH = "/googlehealthapi/webhooks/webhooks_public_keyset.json";

    private final TestKey key = new TestKey(1001);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private WireMockServer server;
    private WebhookKeysetFetcher fetcher;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
        server.start();
        serve(keysetJson(key));
        fetcher = WebhookKeysetSource.fetching().url(url()).clock(clock).build();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private String url() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    private void serve(String body) {
        server.stubFor(get(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private int fetches() {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo(PATH)).build()).getCount();
    }

    @Test
    void cachesWithinTtl() {
        for (int i = 0; i < 5; i++) {
            assertThat(fetcher.keyset().keyIds()).containsExactly(1001L);
            clock.advance(Duration.ofMinutes(10));
        }

        assertThat(fetches()).isEqualTo(1);
        server.verify(getRequestedFor(urlEqualTo(PATH)).withHeader("Accept", com.github.tomakehurst.wiremock.client
                .WireMock.equalTo("application/json")));
    }

    @Test
    void refetchesAfterTtl() {
        fetcher.keyset();
        clock.advance(Duration.ofMinutes(59));
        fetcher.keyset();
        clock.advance(Duration.ofMinutes(1));
        fetcher.keyset();

        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void unknownKeyRefetchesOnce() {
        TestKey rotated = new TestKey(2002);
        fetcher.keyset();
        clock.advance(Duration.ofMinutes(5));
        serve(keysetJson(key, rotated));

        assertThat(fetcher.keysetForUnknownKey(2002).containsKey(2002)).isTrue();
        assertThat(fetcher.keysetForUnknownKey(2002).containsKey(2002)).isTrue();
        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void forgedKeyIdsCannotStormFetches() {
        fetcher.keyset();
        clock.advance(Duration.ofMinutes(5));

        for (long forged = 1; forged <= 50; forged++) {
            assertThat(fetcher.keysetForUnknownKey(forged).containsKey(forged)).isFalse();
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void receiverFetchesRotatedKeyOnce() {
        TestKey rotated = new TestKey(3003);
        QueuedExecutor executor = new QueuedExecutor();
        RecordingListener listener = new RecordingListener();
        WebhookReceiver receiver = WebhookReceiver.builder().secret(WebhookTestSupport.SECRET)
                .keysetSource(fetcher).listener(listener).executor(executor).build();
        assertThat(receiver.handle(signedRequest(key, stepsUpsert())).status()).isEqualTo(204);
        clock.advance(Duration.ofMinutes(2));
        serve(keysetJson(key, rotated));

        assertThat(receiver.handle(signedRequest(rotated, stepsUpsert())).status()).isEqualTo(204);
        assertThat(receiver.handle(signedRequest(rotated, stepsUpsert())).status()).isEqualTo(204);
        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void staleServedWhenFetchFails() {
        fetcher.keyset();
        clock.advance(Duration.ofHours(2));
        server.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));

        assertThat(fetcher.keyset().keyIds()).containsExactly(1001L);
        assertThat(fetcher.keyset().keyIds()).containsExactly(1001L);
        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void staleLimitEnforced() {
        fetcher.keyset();
        server.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
        clock.advance(Duration.ofHours(25));

        assertThatThrownBy(fetcher::keyset).isInstanceOf(WebhookKeysetException.class)
                .hasMessageContaining("too old to serve").hasMessageContaining("HTTP 503");
    }

    @Test
    void noKeysetThrows() {
        server.stubFor(get(PATH).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(fetcher::keyset).isInstanceOf(WebhookKeysetException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining(url());
    }

    @Test
    void failedFirstFetchRateLimited() {
        server.stubFor(get(PATH).willReturn(aResponse().withStatus(500)));

        assertThatThrownBy(fetcher::keyset).isInstanceOf(WebhookKeysetException.class).hasMessageContaining("HTTP 500");
        assertThatThrownBy(fetcher::keyset).isInstanceOf(WebhookKeysetException.class)
                .hasMessageContaining("next is allowed after 2026-12-04T12:01:00Z");
        assertThat(fetches()).isEqualTo(1);

        serve(keysetJson(key));
        clock.advance(Duration.ofMinutes(1));

        assertThat(fetcher.keyset().keyIds()).containsExactly(1001L);
        assertThat(fetches()).isEqualTo(2);
    }

    @Test
    void keysetWithoutUsableKeyRejected() {
        serve(keysetJson(1001, key.keyJson("DISABLED", "TINK", 3, 2)));

        assertThatThrownBy(fetcher::keyset).isInstanceOf(WebhookKeysetException.class)
                .hasMessageContaining("no usable ECDSA P-256 key");
    }

    @Test
    void oversizedKeysetRejected() {
        serve("{\"key\":[]," + "\"pad\":\"" + "x".repeat(300 * 1024) + "\"}");

        assertThatThrownBy(fetcher::keyset).isInstanceOf(WebhookKeysetException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void plainHttpOnlyOnLoopback() {
        assertThatThrownBy(() -> WebhookKeysetSource.fetching().url("http://keys.example.com/keyset.json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use https");
        assertThatThrownBy(() -> WebhookKeysetSource.fetching().url("not a url"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid keyset URL");

        WebhookKeysetSource.fetching().url("http://localhost:8080/k.json").url("http://[::1]:8080/k.json")
                .url("https://keys.example.com/keyset.json");
    }

    /** A clock that tests move forward by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
