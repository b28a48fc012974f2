package io.iomt.sdk;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeds for property-style tests. Each test runs once per seed and names the seed in its display
 * name, so a failure can be replayed alone with {@code -Dprops.seed=SEED}; {@code -Dprops.count=N}
 * changes how many seeds run (default 40).
 */
public final class PropertySeeds {

    private static final long BASE_SEED = 0x5EED_2026_1204L;

    private PropertySeeds() {
    }

    /** Returns the seeds: the one from {@code props.seed} if set, else {@code props.count} fixed ones. */
    public static LongStream seeds() {
        String replay = System.getProperty("props.seed");
        if (replay != null && !replay.isBlank()) {
            return LongStream.of(Long.parseLong(replay.trim()));
        }
        int count = Integer.getInteger("props.count", 40);
        SplittableRandom root = new SplittableRandom(BASE_SEED);
        return LongStream.generate(root::nextLong).limit(count);
    }

    /**
     * Returns {@code count} realistic RR intervals in ms: a mean from 600 to 1100 ms, respiratory
     * (0.15 to 0.35 Hz) and slower (0.05 to 0.12 Hz) oscillations, and Gaussian beat-to-beat noise.
     */
    public static double[] rrSeries(SplittableRandom random, int count) {
        double mean = 600 + 500 * random.nextDouble();
        double respiratoryHz = 0.15 + 0.2 * random.nextDouble();
        double slowHz = 0.05 + 0.07 * random.nextDouble();
        double respiratoryAmplitude = 5 + 40 * random.nextDouble();
        double slowAmplitude = 5 + 40 * random.nextDouble();
        double noise = 2 + 15 * random.nextDouble();
        double[] rr = new double[count];
        double t = 0;
        for (int i = 0; i < count; i++) {
            double value = mean + respiratoryAmplitude * Math.sin(2 * Math.PI * respiratoryHz * t)
                    + slowAmplitude * Math.sin(2 * Math.PI * slowHz * t) + noise * gaussian(random);
            rr[i] = Math.max(300, value);
            t += rr[i] / 1000.0;
        }
        return rr;
    }

    /** Returns a standard normal variate (Box–Muller). */
    public static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
