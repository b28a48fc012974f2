package io.iomt.sdk.dynamodb.testing;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Generates one user-day of 1 Hz heart rate in whole bpm, as a wrist tracker reports it. The
 * resting level is 54 to 62 bpm asleep (23:00 to 07:00) and 66 to 78 bpm awake. Four to seven
 * activity bouts of 10 to 45 minutes raise it by 25 to 65 bpm. Around that level the heart rate
 * wanders as an Ornstein-Uhlenbeck process (pull 0.03 per second, noise 0.9 bpm per second).
 * Seeded, so runs repeat.
 *
 * <p>The rounded second-to-second changes carry about 2.0 bits of entropy, close to the 2.1 bits
 * measured on the 1 to 3 s readings of a real Fitbit user (Fitabase 2016 export), so compression
 * figures on this series are realistic. For tests, demos and benchmarks. Thread-safe: it has no
 * state.
 */
public final class SyntheticHeartRate {

    /** Seconds in a day, and so the points in one generated day. */
    public static final int SECONDS_PER_DAY = 86_400;

    private SyntheticHeartRate() {
    }

    /** Returns 86,400 points, one per second from {@code dayStart}. */
    public static Series day(Instant dayStart, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] level = restingLevel(random);
        addActivityBouts(level, random);

        Series.Builder builder = Series.builder(Metric.HEART_RATE, SECONDS_PER_DAY);
        long start = dayStart.toEpochMilli();
        double heartRate = level[0];
        for (int second = 0; second < SECONDS_PER_DAY; second++) {
            heartRate += 0.03 * (level[second] - heartRate) + 0.9 * gaussian(random);
            builder.add(start + second * 1000L, Math.max(35, Math.round(heartRate)));
        }
        return builder.build();
    }

    private static double[] restingLevel(SplittableRandom random) {
        double asleep = 54 + 8 * random.nextDouble();
        double awake = 66 + 12 * random.nextDouble();
        double[] level = new double[SECONDS_PER_DAY];
        for (int second = 0; second < SECONDS_PER_DAY; second++) {
            int hour = second / 3600;
            level[second] = hour >= 7 && hour < 23 ? awake : asleep;
        }
        return level;
    }

    private static void addActivityBouts(double[] level, SplittableRandom random) {
        int bouts = 4 + random.nextInt(4);
        for (int bout = 0; bout < bouts; bout++) {
            int start = 7 * 3600 + random.nextInt(15 * 3600);
            int length = 600 + random.nextInt(35 * 60);
            double rise = 25 + 40 * random.nextDouble();
            for (int second = start; second < Math.min(SECONDS_PER_DAY, start + length); second++) {
                // Ramp up over the first 3 minutes, as heart rate does at the start of exercise.
                double ramp = Math.min(1, (second - start) / 180.0);
                level[second] += rise * ramp;
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
