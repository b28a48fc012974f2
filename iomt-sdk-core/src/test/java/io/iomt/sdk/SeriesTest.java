package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SeriesTest {

    @Test
    void builderSortsNewestFirstInput() {
        Series series = Series.builder(Metric.HEART_RATE).add(3000, 63).add(2000, 62).add(1000, 61).build();

        assertThat(series.times()).containsExactly(1000, 2000, 3000);
        assertThat(series.values()).containsExactly(61, 62, 63);
    }

    @Test
    void builderKeepsLastPointForEqualTimes() {
        Series series = Series.builder(Metric.STEPS).add(2000, 5).add(1000, 1).add(2000, 7).build();

        assertThat(series.times()).containsExactly(1000, 2000);
        assertThat(series.values()).containsExactly(1, 7);
    }

    @Test
    void offsetsAndDurationsFollowTheirPoints() {
        Series series = Series.builder(Metric.STEPS)
                .add(2000, 5, 3600, 60_000)
                .add(1000, 1)
                .add(1500, 2, -18000, 0)
                .build();

        assertThat(series.utcOffsetSecondsAt(0)).isEqualTo(Series.NO_OFFSET);
        assertThat(series.utcOffsetSecondsAt(1)).isEqualTo(-18000);
        assertThat(series.utcOffsetSecondsAt(2)).isEqualTo(3600);
        assertThat(series.durationMillisAt(0)).isZero();
        assertThat(series.durationMillisAt(2)).isEqualTo(60_000);
    }

    @Test
    void sliceIsHalfOpen() {
        Series series = Series.builder(Metric.HEART_RATE).add(1000, 1).add(2000, 2).add(3000, 3).build();

        Series slice = series.slice(TimeRange.of(Instant.ofEpochMilli(1000), Instant.ofEpochMilli(3000)));

        assertThat(slice.times()).containsExactly(1000, 2000);
    }

    @Test
    void mergePrefersNewerPoints() {
        Series stored = Series.builder(Metric.HEART_RATE).add(1000, 60).add(2000, 61).build();
        Series newer = Series.builder(Metric.HEART_RATE).add(2000, 70).add(3000, 71).build();

        Series merged = stored.merge(newer);

        assertThat(merged.times()).containsExactly(1000, 2000, 3000);
        assertThat(merged.values()).containsExactly(60, 70, 71);
    }

    @Test
    void nonFiniteValueIsRejectedWithoutTheValue() {
        assertThatThrownBy(() -> Series.builder(Metric.HEART_RATE).add(1000, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heart-rate")
                .hasMessageContaining("not a finite number");
    }

    @Test
    void toStringShowsNoValue() {
        Series series = Series.builder(Metric.HEART_RATE).add(1000, 187).build();

        assertThat(series.toString()).doesNotContain("187").contains("size=1");
    }
}
