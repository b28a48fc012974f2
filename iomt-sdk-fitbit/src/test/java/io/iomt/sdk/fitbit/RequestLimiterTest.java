package io.iomt.sdk.fitbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.fitbit.ClientTestSupport.MutableClock;
import io.iomt.sdk.fitbit.ClientTestSupport.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLimiterTest {

    private static final ConnectionId ALICE = ConnectionId.of(SubjectId.of("alice"), ProviderId.GOOGLE_HEALTH);
    private static final ConnectionId BOB = ConnectionId.of(SubjectId.of("bob"), ProviderId.GOOGLE_HEALTH);

    private MutableClock clock;
    private RecordingSleeper sleeper;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
        sleeper = new RecordingSleeper(clock);
    }

    private RequestLimiter limiter(int permits, Duration maxWait) {
        return RequestLimiter.builder().permits(permits).window(Duration.ofMinutes(1)).maxWait(maxWait).clock(clock)
                .sleeper(sleeper).build();
    }

    @Test
    void burstThenWait() {
        RequestLimiter limiter = limiter(3, Duration.ofSeconds(30));

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(ALICE)).isZero();
        }
        Duration waited = limiter.acquire(ALICE);

        assertThat(waited).isEqualTo(Duration.ofSeconds(20));
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void keysIndependent() {
        RequestLimiter limiter = limiter(1, Duration.ZERO);

        limiter.acquire(ALICE);

        assertThat(limiter.acquire(BOB)).isZero();
        assertThat(limiter.tryAcquire(ALICE.key())).isFalse();
    }

    @Test
    void longWaitRejected() {
        RequestLimiter limiter = limiter(1, Duration.ofSeconds(5));
        limiter.acquire(ALICE);

        assertThatThrownBy(() -> limiter.acquire(ALICE)).isInstanceOf(RequestLimitExceededException.class)
                .hasMessageContaining(ALICE.key());
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.acquire(ALICE)).isZero();
    }

    @Test
    void refillsOverWindow() {
        RequestLimiter limiter = limiter(300, Duration.ZERO);
        for (int i = 0; i < 300; i++) {
            limiter.acquire(ALICE);
        }

        clock.advance(Duration.ofMillis(200));

        assertThat(limiter.tryAcquire(ALICE.key())).isTrue();
        assertThat(limiter.tryAcquire(ALICE.key())).isFalse();
    }

    @Test
    void budgetReservesAhead() {
        RequestLimiter limiter = limiter(2, Duration.ZERO);

        assertThat(limiter.delayBeforeNext(ALICE)).isZero();
        assertThat(limiter.reserve(ALICE, 2)).isZero();
        assertThat(limiter.delayBeforeNext(ALICE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(limiter.reserve(ALICE, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(limiter.delayBeforeNext(ALICE)).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> limiter.reserve(ALICE, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fullBucketsDropped() {
        RequestLimiter limiter = RequestLimiter.builder().permits(1).maxKeys(2).clock(clock).sleeper(sleeper).build();
        limiter.acquire("a");
        limiter.acquire("b");
        clock.advance(Duration.ofMinutes(2));

        limiter.acquire("c");

        assertThat(limiter.toString()).contains("keys=1");
    }
}
