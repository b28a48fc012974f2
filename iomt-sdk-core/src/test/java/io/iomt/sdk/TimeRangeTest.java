package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    private static final Instant T0 = Instant.parse("2016-04-21T04:00:00Z");

    @Test
    void containsStartButNotEnd() {
        TimeRange range = TimeRange.starting(T0, Duration.ofHours(1));

        assertThat(range.contains(T0)).isTrue();
        assertThat(range.contains(T0.plus(Duration.ofHours(1)))).isFalse();
    }

    @Test
    void splitCoversRangeWithShorterLastPiece() {
        TimeRange range = TimeRange.starting(T0, Duration.ofMinutes(150));

        assertThat(range.split(Duration.ofHours(1)))
                .extracting(TimeRange::duration)
                .containsExactly(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(30));
    }

    @Test
    void endBeforeStartIsRejected() {
        assertThatThrownBy(() -> TimeRange.of(T0, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is before start");
    }
}
