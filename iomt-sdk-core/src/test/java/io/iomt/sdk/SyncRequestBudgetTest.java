package io.iomt.sdk;

import static io.iomt.sdk.SyncFakes.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.SyncFakes.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-connection token bucket that the HTTP client and the sync loop share. */
class SyncRequestBudgetTest {

    private static final ConnectionId FIRST = ConnectionId.of(new SubjectId("a"), SyncFakes.PROVIDER);
    private static final ConnectionId SECOND = ConnectionId.of(new SubjectId("b"), SyncFakes.PROVIDER);

    private final ManualClock clock = new ManualClock(T0);
    private final RequestBudget budget = RequestBudget.perConnection(300, Duration.ofMinutes(1), clock);

    @Test
    void fullBucketAllowsBurst() {
        for (int i = 0; i < 300; i++) {
            assertThat(budget.reserve(FIRST, 1)).as("request %d", i).isZero();
        }

        assertThat(budget.delayBeforeNext(FIRST)).isEqualTo(Duration.ofMillis(200));
        assertThat(budget.reserve(FIRST, 1)).isEqualTo(Duration.ofMillis(200));
        assertThat(budget.delayBeforeNext(FIRST)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void refillRestoresPermits() {
        budget.reserve(FIRST, 300);

        clock.advance(Duration.ofSeconds(1));

        assertThat(budget.delayBeforeNext(FIRST)).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(budget.reserve(FIRST, 1)).isZero();
        }
        assertThat(budget.reserve(FIRST, 1)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void refillCapsAtCapacity() {
        clock.advance(Duration.ofHours(1));

        assertThat(budget.reserve(FIRST, 300)).isZero();
        assertThat(budget.reserve(FIRST, 1)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void firstPeriodAllowsTwiceRequests() {
        RequestBudget perMinute = RequestBudget.perConnection(250, Duration.ofMinutes(1), clock);
        int inFirstMinute = 0;

        for (int i = 0; i < 600; i++) {
            if (perMinute.reserve(FIRST, 1).compareTo(Duration.ofMinutes(1)) <= 0) {
                inFirstMinute++;
            }
        }

        // The full bucket goes at once, and the refill of the minute follows within it.
        assertThat(inFirstMinute).isEqualTo(500);
    }

    @Test
    void peekUsesNoPermit() {
        for (int i = 0; i < 1000; i++) {
            budget.delayBeforeNext(FIRST);
        }

        assertThat(budget.reserve(FIRST, 300)).isZero();
    }

    @Test
    void connectionsHaveOwnBuckets() {
        budget.reserve(FIRST, 300);

        assertThat(budget.delayBeforeNext(SECOND)).isZero();
        assertThat(budget.delayBeforeNext(FIRST)).isPositive();
    }

    @Test
    void unlimitedNeverWaits() {
        RequestBudget unlimited = RequestBudget.unlimited();

        assertThat(unlimited.reserve(FIRST, 1_000_000)).isZero();
        assertThat(unlimited.delayBeforeNext(FIRST)).isZero();
    }

    @Test
    void badArgumentsRejected() {
        assertThatThrownBy(() -> RequestBudget.perConnection(0, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests must be >= 1, got 0");
        assertThatThrownBy(() -> RequestBudget.perConnection(1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period must be positive");
        assertThatThrownBy(() -> budget.reserve(FIRST, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requests must be >= 1");
    }
}
