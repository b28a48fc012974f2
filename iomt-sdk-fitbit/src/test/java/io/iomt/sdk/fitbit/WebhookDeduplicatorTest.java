package io.iomt.sdk.fitbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.WebhookKeysetFetcherTest.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookDeduplicatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));

    private static WebhookIntervalKey key(int minute) {
        Instant start = Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofMinutes(minute));
        return new WebhookIntervalKey("user-1", "steps", WebhookOperation.UPSERT,
                TimeRange.starting(start, Duration.ofMinutes(1)));
    }

    @Test
    void secondMarkIsDuplicate() {
        WebhookDeduplicator deduplicator = WebhookDeduplicator.inMemory();

        assertThat(deduplicator.markIfFirst(key(1))).isTrue();
        assertThat(deduplicator.markIfFirst(key(1))).isFalse();
        assertThat(deduplicator.markIfFirst(key(2))).isTrue();
    }

    @Test
    void keysExpireAfterRetention() {
        WebhookDeduplicator deduplicator = WebhookDeduplicator.inMemory(Duration.ofDays(8), 100, clock);
        deduplicator.markIfFirst(key(1));

        clock.advance(Duration.ofDays(7));
        assertThat(deduplicator.markIfFirst(key(1))).isFalse();
        clock.advance(Duration.ofDays(1));
        assertThat(deduplicator.markIfFirst(key(1))).isTrue();
    }

    @Test
    void forgetAllowsRedelivery() {
        WebhookDeduplicator deduplicator = WebhookDeduplicator.inMemory();
        deduplicator.markIfFirst(key(1));

        deduplicator.forget(key(1));

        assertThat(deduplicator.markIfFirst(key(1))).isTrue();
    }

    @Test
    void sizeIsBounded() {
        WebhookDeduplicator deduplicator = WebhookDeduplicator.inMemory(Duration.ofDays(8), 10, clock);

        for (int minute = 0; minute < 1000; minute++) {
            deduplicator.markIfFirst(key(minute));
        }

        assertThat(((io.iomt.sdk.fitbit.internal.webhook.InMemoryWebhookDeduplicator) deduplicator).size())
                .isLessThanOrEqualTo(10);
    }

    @Test
    void disabledNeverDeduplicates() {
        WebhookDeduplicator deduplicator = WebhookDeduplicator.disabled();

        assertThat(deduplicator.markIfFirst(key(1))).isTrue();
        assertThat(deduplicator.markIfFirst(key(1))).isTrue();
    }

    @Test
    void invalidSettingsRejected() {
        assertThatThrownBy(() -> WebhookDeduplicator.inMemory(Duration.ZERO, 10, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
        assertThatThrownBy(() -> WebhookDeduplicator.inMemory(Duration.ofDays(1), 0, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximumKeys");
    }

    @Test
    void keyStringIsStable() {
        assertThat(key(0).asString()).isEqualTo("user-1|steps|UPSERT|2026-12-01T00:00:00Z|2026-12-01T00:01:00Z");
    }
}
