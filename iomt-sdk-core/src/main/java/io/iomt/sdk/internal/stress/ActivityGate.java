package io.iomt.sdk.internal.stress;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides whether an instant falls in a period of physical inactivity, from step counts per
 * minute and activity-level intervals. An instant is inactive when its minute and the
 * {@code lookbackMinutes} minutes before it each have at most {@code maxStepsPerMinute} steps, and
 * no activity-level interval covering it has a code of 2 (moderately active) or more. Minutes
 * without a steps point count as 0 steps, because providers omit minutes without steps.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class ActivityGate {

    private static final long MINUTE = 60_000;
    private static final double MODERATELY_ACTIVE_CODE = 2;

    private final Map<Long, Double> stepsByMinute;
    private final long[] activeStarts;
    private final long[] activeEnds;
    private final double maxStepsPerMinute;
    private final int lookbackMinutes;

    /**
     * Creates a gate.
     *
     * @param stepTimes start of each steps interval, epoch ms
     * @param stepCounts steps of each interval
     * @param activityStarts start of each activity-level interval, epoch ms
     * @param activityDurations duration of each activity-level interval, ms (0 counts as one minute)
     * @param activityCodes the activity-level code of each interval
     */
    public ActivityGate(long[] stepTimes, double[] stepCounts, long[] activityStarts, long[] activityDurations,
            double[] activityCodes, double maxStepsPerMinute, int lookbackMinutes) {
        this.stepsByMinute = new HashMap<>(Math.max(16, stepTimes.length * 2));
        for (int i = 0; i < stepTimes.length; i++) {
            stepsByMinute.merge(Math.floorDiv(stepTimes[i], MINUTE), stepCounts[i], Double::sum);
        }
        int active = 0;
        for (double code : activityCodes) {
            if (code >= MODERATELY_ACTIVE_CODE) {
                active++;
            }
        }
        this.activeStarts = new long[active];
        this.activeEnds = new long[active];
        int k = 0;
        for (int i = 0; i < activityCodes.length; i++) {
            if (activityCodes[i] >= MODERATELY_ACTIVE_CODE) {
                activeStarts[k] = activityStarts[i];
                activeEnds[k] = activityStarts[i] + (activityDurations[i] > 0 ? activityDurations[i] : MINUTE);
                k++;
            }
        }
        this.maxStepsPerMinute = maxStepsPerMinute;
        this.lookbackMinutes = lookbackMinutes;
    }

    /** Returns whether the gate has any steps or activity-level data at all. */
    public boolean hasData() {
        return !stepsByMinute.isEmpty() || activeStarts.length > 0;
    }

    /** Returns whether {@code epochMillis} lies in a period of inactivity. */
    public boolean isInactive(long epochMillis) {
        long minute = Math.floorDiv(epochMillis, MINUTE);
        for (long m = minute - lookbackMinutes; m <= minute; m++) {
            if (stepsByMinute.getOrDefault(m, 0.0) > maxStepsPerMinute) {
                return false;
            }
        }
        // Activity intervals are sorted by start when they come from a Series.
        int index = upperBound(activeStarts, epochMillis) - 1;
        return index < 0 || epochMillis >= activeEnds[index];
    }

    private static int upperBound(long[] sorted, long key) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= key) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
