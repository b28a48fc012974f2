package io.iomt.sdk.dynamodb.internal;

import io.iomt.sdk.Series;
import io.iomt.sdk.WriteResult;

/** Counts how a write changes a stored series. Thread-safe: it holds no state. */
public final class SeriesDiff {

    private SeriesDiff() {
    }

    /** Returns how many points of {@code incoming} are new, replace a stored point, or equal one. */
    public static WriteResult compare(Series stored, Series incoming) {
        int inserted = 0;
        int replaced = 0;
        int unchanged = 0;
        int at = 0;
        for (int i = 0; i < incoming.size(); i++) {
            long time = incoming.timeAt(i);
            while (at < stored.size() && stored.timeAt(at) < time) {
                at++;
            }
            if (at >= stored.size() || stored.timeAt(at) != time) {
                inserted++;
            } else if (samePoint(stored, at, incoming, i)) {
                unchanged++;
            } else {
                replaced++;
            }
        }
        return new WriteResult(incoming.size(), inserted, replaced, unchanged);
    }

    private static boolean samePoint(Series a, int i, Series b, int j) {
        return Double.compare(a.valueAt(i), b.valueAt(j)) == 0
                && a.utcOffsetSecondsAt(i) == b.utcOffsetSecondsAt(j)
                && a.durationMillisAt(i) == b.durationMillisAt(j);
    }
}
