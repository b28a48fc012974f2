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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    private RequestLimiter limiter(int permits, int burst, Duration maxWait) {
        return RequestLimiter.builder().permits(permits).burst(burst).window(Duration.ofMinutes(1)).maxWait(maxWait)
                .clock(clock).sleeper(sleeper).build();
    }

    @Test
    void burstThenWait() {
        // 5 per minute with a burst of 2 refills 3 per minute, one every 20 s.
        RequestLimiter limiter = limiter(5, 2, Duration.ofSeconds(30));

        for (int i = 0; i < 2; i++) {
            assertThat(limiter.acquire(ALICE)).isZero();
        }
        Duration waited = limiter.acquire(ALICE);

        assertThat(waited).isEqualTo(Duration.ofSeconds(20));
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void keysIndependent() {
        RequestLimiter limiter = limiter(1, 1, Duration.ZERO);

        limiter.acquire(ALICE);

        assertThat(limiter.acquire(BOB)).isZero();
        assertThat(limiter.tryAcquire(ALICE.key())).isFalse();
    }

    @Test
    void longWaitRejected() {
        RequestLimiter limiter = limiter(1, 1, Duration.ofSeconds(5));
        limiter.acquire(ALICE);

        assertThatThrownBy(() -> limiter.acquire(ALICE)).isInstanceOf(RequestLimitExceededException.class)
                .hasMessageContaining(ALICE.key());
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.acquire(ALICE)).isZero();
    }

    @Test
    void refillsOverWindow() {
        // 300 per minute with the default burst of 30 refill 270 per minute, one every 222.2 ms.
        RequestLimiter limiter = RequestLimiter.builder().maxWait(Duration.ZERO).clock(clock).sleeper(sleeper).build();
        for (int i = 0; i < 30; i++) {
            limiter.acquire(ALICE);
        }
        assertThat(limiter.tryAcquire(ALICE.key())).isFalse();

        clock.advance(Duration.ofMillis(222));
        assertThat(limiter.tryAcquire(ALICE.key())).isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(ALICE.key())).isTrue();
        assertThat(limiter.tryAcquire(ALICE.key())).isFalse();
    }

    @Test
    void defaultsKeepFirstMinuteUnderQuota() {
        RequestLimiter limiter = RequestLimiter.builder().clock(clock).sleeper(sleeper).build();
        Instant start = clock.instant();
        List<Instant> granted = new ArrayList<>();

        for (int i = 0; i < 350; i++) {
            limiter.acquire(ALICE);
            granted.add(clock.instant());
        }

        // The burst of 30 goes at once, then the refill of 270 per minute, one every 222.2 ms.
        assertThat(granted.get(29)).isEqualTo(start);
        assertThat(granted.get(30)).isEqualTo(start.plusMillis(223));
        assertThat(granted.get(299)).isAfter(start.plus(Duration.ofSeconds(59)));
        assertThat(granted.get(300)).isAfter(start.plus(Duration.ofMinutes(1)));
        assertThat(sleeper.waits).hasSize(320)
                .allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofMillis(222), Duration.ofMillis(223)));
    }

    @Test
    void budgetReservesAhead() {
        // 4 per minute with a burst of 2 refill 2 per minute, one every 30 s.
        RequestLimiter limiter = limiter(4, 2, Duration.ZERO);

        assertThat(limiter.delayBeforeNext(ALICE)).isZero();
        assertThat(limiter.reserve(ALICE, 2)).isZero();
        assertThat(limiter.delayBeforeNext(ALICE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(limiter.reserve(ALICE, 1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(limiter.delayBeforeNext(ALICE)).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> limiter.reserve(ALICE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.reserve(ALICE, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid requests 3").hasMessageContaining("burst, 2");
        assertThat(limiter.delayBeforeNext(ALICE)).as("a rejected reservation takes nothing")
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void roundedWaitCappedAtBurst() {
        // 50 per 10 ms with a burst of 5 refill 4.5 permits per millisecond.
        RequestLimiter limiter = RequestLimiter.builder().permits(50).burst(5).window(Duration.ofMillis(10))
                .clock(clock).sleeper(sleeper).build();
        limiter.reserve(ALICE, 5);
        clock.advance(Duration.ofMillis(1));
        limiter.reserve(ALICE, 3);

        // 1.5 permits are left, so 5 wait 0.78 ms, rounded up to 1 ms. The refill of that
        // millisecond would reach 6, but the bucket contains at most 5, so none is left over.
        assertThat(limiter.reserve(ALICE, 5)).isEqualTo(Duration.ofMillis(1));
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(ALICE.key())).isFalse();
    }

    @Test
    void waitingPermitsShareMillisecond() {
        // 8 per 3 ms with a burst of 2 refill 2 permits per millisecond.
        RequestLimiter limiter = RequestLimiter.builder().permits(8).burst(2).window(Duration.ofMillis(3))
                .clock(clock).sleeper(sleeper).build();
        limiter.reserve(ALICE, 2);

        assertThat(limiter.reserve(ALICE, 1)).isEqualTo(Duration.ofMillis(1));
        assertThat(limiter.reserve(ALICE, 1)).isEqualTo(Duration.ofMillis(1));
        assertThat(limiter.reserve(ALICE, 1)).isEqualTo(Duration.ofMillis(2));
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

    @Test
    void partlyRefilledBucketsKept() {
        RequestLimiter limiter = RequestLimiter.builder().permits(20).burst(2).maxKeys(2).clock(clock).sleeper(sleeper)
                .build();
        limiter.acquire("a");
        limiter.acquire("a");
        limiter.acquire("b");
        // The refill is 18 per minute, so after 5 s "a" is at 1.5 of 2 permits and "b" is full again.
        clock.advance(Duration.ofSeconds(5));

        limiter.acquire("c");

        assertThat(limiter.toString()).contains("keys=2");
    }

    // ---- defaults and builder checks ----

    @Test
    void defaultBurstIsTenthOfPermits() {
        RequestLimiter defaults = RequestLimiter.ofDefaults();

        assertThat(defaults.permits()).isEqualTo(300);
        assertThat(defaults.burst()).isEqualTo(30);
        assertThat(defaults.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.toString()).contains("permits=300", "burst=30", "window=PT1M");
        assertThat(RequestLimiter.builder().permits(25).build().burst()).isEqualTo(2);
        assertThat(RequestLimiter.builder().permits(9).build().burst()).isEqualTo(1);
        assertThat(RequestLimiter.builder().permits(2).build().burst()).isEqualTo(1);
        assertThat(RequestLimiter.builder().permits(1).build().burst()).isEqualTo(1);
    }

    @Test
    void burstZeroRejected() {
        assertThatThrownBy(() -> RequestLimiter.builder().burst(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid burst 0");
        assertThatThrownBy(() -> RequestLimiter.builder().burst(-3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid burst -3");
    }

    @Test
    void burstOfPermitsRejected() {
        assertThatThrownBy(() -> RequestLimiter.builder().permits(300).burst(300).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid burst 300 for permits 300")
                .hasMessageContaining("Lower the burst or raise the permits");
        assertThatThrownBy(() -> RequestLimiter.builder().burst(301).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid burst 301 for permits 300");
        assertThatThrownBy(() -> RequestLimiter.builder().burst(30).permits(10).build())
                .as("checked at build, whatever the order of the setters")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid burst 30 for permits 10");
        assertThat(RequestLimiter.builder().permits(300).burst(299).build().burst()).isEqualTo(299);
    }

    @Test
    void onePermitAllowsBurstOfOne() {
        assertThat(RequestLimiter.builder().permits(1).burst(1).build().burst()).isEqualTo(1);
        assertThatThrownBy(() -> RequestLimiter.builder().permits(1).burst(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid burst 2 for permits 1")
                .hasMessageContaining("with 1 permit, the burst must be 1");
    }

    @Test
    void onePermitSpacesRequestsByWindow() {
        RequestLimiter limiter = limiter(1, 1, Duration.ofMinutes(2));
        Instant start = clock.instant();

        limiter.acquire(ALICE);
        limiter.acquire(ALICE);
        limiter.acquire(ALICE);

        assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(2)));
        assertThat(sleeper.waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    // ---- the guarantee under random traffic ----

    /** A limiter setting; a null burst leaves the builder's default. */
    record Setting(int permits, @Nullable Integer burst, Duration window) {
        @Override
        public String toString() {
            return permits + " per " + window + ", burst " + (burst == null ? "default" : burst);
        }
    }

    static Stream<Arguments> settingsAndSeeds() {
        List<Setting> settings = List.of(
                new Setting(300, null, Duration.ofMinutes(1)),
                new Setting(300, 1, Duration.ofMinutes(1)),
                new Setting(300, 299, Duration.ofMinutes(1)),
                new Setting(250, 100, Duration.ofSeconds(10)),
                new Setting(2, null, Duration.ofSeconds(1)),
                new Setting(7, 6, Duration.ofMillis(100)),
                // Several permits refill per millisecond here, so rounded waits matter.
                new Setting(50, 5, Duration.ofMillis(10)),
                new Setting(1, null, Duration.ofSeconds(1)));
        return settings.stream().flatMap(setting -> LongStream.range(0, 40)
                .mapToObj(seed -> Arguments.of(setting, seed)));
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("settingsAndSeeds")
    void noWindowExceedsPermits(Setting setting, long seed) {
        RequestLimiter.Builder builder = RequestLimiter.builder().permits(setting.permits()).window(setting.window())
                .maxWait(setting.window()).clock(clock).sleeper(sleeper);
        if (setting.burst() != null) {
            builder.burst(setting.burst());
        }
        RequestLimiter limiter = builder.build();
        List<Long> aliceGrants = new ArrayList<>();
        List<Long> bobGrants = new ArrayList<>();

        int limited = drive(limiter, new SplittableRandom(seed), aliceGrants, bobGrants);

        String description = setting + ", seed " + seed;
        assertThat(limited).as("calls delayed or rejected, %s", description).isPositive();
        assertWindows(aliceGrants, limiter, "alice, " + description);
        assertWindows(bobGrants, limiter, "bob, " + description);
    }

    /**
     * Sends random traffic for two keys for at least 8 windows and 10 calls per permit. The traffic
     * mixes quiet gaps with phases of calls faster or slower than the permits allow, many of them
     * back to back. Records each permit's grant time in milliseconds, which is when acquire or
     * tryAcquire returned, or when the delay returned by reserve ends.
     *
     * @return how many calls were delayed or rejected
     */
    private int drive(RequestLimiter limiter, SplittableRandom random, List<Long> aliceGrants, List<Long> bobGrants) {
        long windowMillis = limiter.window().toMillis();
        double quotaGapMillis = (double) windowMillis / limiter.permits();
        long stop = clock.millis() + 8 * windowMillis;
        int minCalls = 10 * limiter.permits() + 50;
        int limited = 0;
        int calls = 0;
        while ((clock.millis() < stop || calls < minCalls) && calls < 100_000) {
            int phase = random.nextInt(10);
            if (phase < 2) {
                clock.advance(Duration.ofMillis((long) (random.nextDouble() * 1.5 * windowMillis)));
                continue;
            }
            double meanGapMillis = phase < 7 ? quotaGapMillis / 2 : quotaGapMillis * 2;
            long phaseEnd = clock.millis() + 1 + (long) (random.nextDouble() * 2 * windowMillis);
            while (clock.millis() < phaseEnd && calls < 100_000) {
                calls++;
                if (random.nextBoolean()) {
                    // Rounds at random, so that gaps below 1 ms still average meanGapMillis.
                    long gap = (long) Math.floor(random.nextDouble() * 4 * meanGapMillis + random.nextDouble());
                    clock.advance(Duration.ofMillis(gap));
                }
                boolean alice = random.nextInt(10) < 8;
                if (!call(limiter, random, alice ? ALICE : BOB, alice ? aliceGrants : bobGrants)) {
                    limited++;
                }
            }
        }
        return limited;
    }

    /** Makes one random call and returns whether its permits were granted at once. */
    private boolean call(RequestLimiter limiter, SplittableRandom random, ConnectionId connection, List<Long> grants) {
        int kind = random.nextInt(3);
        if (kind == 0) {
            try {
                Duration waited = limiter.acquire(connection);
                grants.add(clock.millis());
                return waited.isZero();
            } catch (RequestLimitExceededException e) {
                return false;
            }
        }
        if (kind == 1) {
            boolean granted = limiter.tryAcquire(connection.key());
            if (granted) {
                grants.add(clock.millis());
            }
            return granted;
        }
        int requests = 1 + random.nextInt(limiter.burst());
        Duration delay = limiter.reserve(connection, requests);
        for (int i = 0; i < requests; i++) {
            grants.add(clock.millis() + delay.toMillis());
        }
        return delay.isZero();
    }

    /**
     * Asserts that no closed window {@code [t, t + window]} contains more than the permits. With 1
     * permit, the max is 2 in a closed window and 1 in any shorter one.
     */
    private static void assertWindows(List<Long> grants, RequestLimiter limiter, String description) {
        List<Long> sorted = new ArrayList<>(grants);
        Collections.sort(sorted);
        long windowMillis = limiter.window().toMillis();
        int closedMax = limiter.permits() == 1 ? 2 : limiter.permits();
        int end = 0;
        int openEnd = 0;
        for (int start = 0; start < sorted.size(); start++) {
            long from = sorted.get(start);
            while (end < sorted.size() && sorted.get(end) <= from + windowMillis) {
                end++;
            }
            while (openEnd < sorted.size() && sorted.get(openEnd) < from + windowMillis) {
                openEnd++;
            }
            assertThat(end - start).as("granted in [%d ms, %d ms], %s", from, from + windowMillis, description)
                    .isLessThanOrEqualTo(closedMax);
            if (limiter.permits() == 1) {
                assertThat(openEnd - start).as("granted in [%d ms, %d ms), %s", from, from + windowMillis, description)
                        .isLessThanOrEqualTo(1);
            }
        }
    }
}
