package io.iomt.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stress assessments into alerts with hysteresis and a minimum duration, so one noisy window
 * neither raises nor clears an alert.
 *
 * <p>For each subject, the monitor walks the scored windows of each {@link #accept assessment} in
 * time order. An alert is raised after {@linkplain Builder#minConsecutiveWindows consecutive}
 * scored windows at or above the {@linkplain Builder#enterAt enter threshold} (default 75, the
 * {@link StressLevel#VERY_HIGH} cut point) that together span at least the
 * {@linkplain Builder#minDuration minimum duration}. It is cleared by the same number and span of
 * windows below the {@linkplain Builder#leaveAt leave threshold} (default 50, the
 * {@link StressLevel#HIGH} cut point). Defaults: 2 windows, no minimum span. A window on the
 * other side of the threshold restarts the count. Windows that are not scorable are skipped:
 * they neither count nor restart, but a gap longer than {@linkplain Builder#maxGap the maximum
 * gap} (default 2 hours) between two scored windows restarts it. Windows that end at or before
 * the last window already seen for the subject are ignored, so assessing overlapping ranges
 * again raises nothing twice.
 *
 * <p>State: the monitor keeps per subject, in the heap, whether an alert is active, the current
 * run of windows and the end of the last window seen. It survives across assessments for as long
 * as the monitor lives and is lost on restart, after which the first crossing is reported again.
 * Memory grows by a few dozen bytes per subject seen; {@link #reset(SubjectId)} removes one.
 *
 * <p>Thread-safe: each subject's state is updated under its own lock, and listeners are called
 * after it is released. Owns no threads or resources.
 */
public final class StressAlertMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(StressAlertMonitor.class);

    private final double enterAt;
    private final double leaveAt;
    private final int minConsecutiveWindows;
    private final Duration minDuration;
    private final Duration maxGap;
    private final List<StressAlertListener> listeners;
    private final ConcurrentHashMap<SubjectId, SubjectState> states = new ConcurrentHashMap<>();

    private StressAlertMonitor(Builder builder) {
        this.enterAt = builder.enterAt;
        this.leaveAt = builder.leaveAt;
        this.minConsecutiveWindows = builder.minConsecutiveWindows;
        this.minDuration = builder.minDuration;
        this.maxGap = builder.maxGap;
        this.listeners = List.copyOf(builder.listeners);
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Feeds the windows of {@code assessment} into the subject's state and notifies the listeners
     * of every crossing, in time order.
     *
     * @return the events raised by this assessment, in time order
     */
    public List<StressAlertEvent> accept(StressAssessment assessment) {
        Objects.requireNonNull(assessment, "assessment");
        SubjectState state = states.computeIfAbsent(assessment.subject(), subject -> new SubjectState());
        List<StressWindow> windows = new ArrayList<>(assessment.windows());
        windows.sort(Comparator.comparing((StressWindow w) -> w.window().end()));

        List<StressAlertEvent> events = new ArrayList<>();
        synchronized (state) {
            for (StressWindow window : windows) {
                StressAlertEvent event = state.advance(assessment, window);
                if (event != null) {
                    events.add(event);
                }
            }
        }

        for (StressAlertEvent event : events) {
            notifyListeners(event);
        }
        return List.copyOf(events);
    }

    /** Returns whether an alert is active for {@code subject}. */
    public boolean isAlerting(SubjectId subject) {
        Objects.requireNonNull(subject, "subject");
        SubjectState state = states.get(subject);
        if (state == null) {
            return false;
        }
        synchronized (state) {
            return state.alerting;
        }
    }

    /** Forgets the state of {@code subject}, for example after the host disconnected it. */
    public void reset(SubjectId subject) {
        states.remove(Objects.requireNonNull(subject, "subject"));
    }

    /** Returns the number of subjects with state. */
    public int trackedSubjects() {
        return states.size();
    }

    private void notifyListeners(StressAlertEvent event) {
        for (StressAlertListener listener : listeners) {
            try {
                listener.onStressAlert(event);
            } catch (RuntimeException e) {
                LOG.warn("A stress alert listener threw on an event of subject {}; ignoring it", event.subject(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "StressAlertMonitor[enterAt=" + enterAt + ", leaveAt=" + leaveAt + ", minConsecutiveWindows="
                + minConsecutiveWindows + ", minDuration=" + minDuration + ", maxGap=" + maxGap + "]";
    }

    /** The alert state of one subject; guarded by its own monitor lock. */
    private final class SubjectState {
        private boolean alerting;
        private int runLength;
        private @Nullable Instant runStart;
        private @Nullable Instant lastScoredEnd;
        private @Nullable Instant lastSeenEnd;

        @Nullable StressAlertEvent advance(StressAssessment assessment, StressWindow window) {
            TimeRange range = window.window();
            if (lastSeenEnd != null && !range.end().isAfter(lastSeenEnd)) {
                return null;
            }
            lastSeenEnd = range.end();
            if (!window.isScored()) {
                return null;
            }

            if (lastScoredEnd != null && Duration.between(lastScoredEnd, range.start()).compareTo(maxGap) > 0) {
                runLength = 0;
            }
            lastScoredEnd = range.end();

            boolean crossing = alerting ? window.score() < leaveAt : window.score() >= enterAt;
            if (!crossing) {
                runLength = 0;
                return null;
            }
            if (runLength == 0) {
                runStart = range.start();
            }
            runLength++;
            Instant since = Objects.requireNonNull(runStart);
            if (runLength < minConsecutiveWindows || Duration.between(since, range.end()).compareTo(minDuration) < 0) {
                return null;
            }

            alerting = !alerting;
            runLength = 0;
            StressAlertEvent.Type type = alerting ? StressAlertEvent.Type.RAISED : StressAlertEvent.Type.CLEARED;
            LOG.debug("Stress alert of subject {} {} for window {}", assessment.subject(), type, range);
            return new StressAlertEvent(type, assessment.subject(), assessment.modelVersion(), range, since,
                    window.score(), window.level(), window.factors());
        }
    }

    /** Configures a {@link StressAlertMonitor}. Not thread-safe; build once and share the monitor. */
    public static final class Builder {
        private double enterAt = 75;
        private double leaveAt = 50;
        private int minConsecutiveWindows = 2;
        private Duration minDuration = Duration.ZERO;
        private Duration maxGap = Duration.ofHours(2);
        private final List<StressAlertListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the score (0-100) at or above which windows count toward raising an alert; default 75.
         *
         * @throws IllegalArgumentException if outside [0, 100]
         */
        public Builder enterAt(double score) {
            this.enterAt = score(score, "enterAt");
            return this;
        }

        /**
         * Sets the score (0-100) below which windows count toward clearing an alert; default 50. It
         * must not exceed the enter threshold, which {@link #build()} checks.
         *
         * @throws IllegalArgumentException if outside [0, 100]
         */
        public Builder leaveAt(double score) {
            this.leaveAt = score(score, "leaveAt");
            return this;
        }

        /**
         * Sets how many consecutive scored windows must cross a threshold before the alert changes;
         * default 2.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder minConsecutiveWindows(int windows) {
            if (windows < 1) {
                throw new IllegalArgumentException("minConsecutiveWindows must be >= 1, got " + windows);
            }
            this.minConsecutiveWindows = windows;
            return this;
        }

        /**
         * Sets the minimum span, from the start of the first crossing window to the end of the last,
         * before the alert changes. Default zero, so only the window count applies.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder minDuration(Duration duration) {
            Objects.requireNonNull(duration, "minDuration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("minDuration must not be negative, got " + duration);
            }
            this.minDuration = duration;
            return this;
        }

        /**
         * Sets the longest gap between two scored windows that still counts as consecutive; default
         * 2 hours.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxGap(Duration gap) {
            Objects.requireNonNull(gap, "maxGap");
            if (gap.isNegative()) {
                throw new IllegalArgumentException("maxGap must not be negative, got " + gap);
            }
            this.maxGap = gap;
            return this;
        }

        /** Adds a listener for raised and cleared alerts. */
        public Builder listener(StressAlertListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the monitor.
         *
         * @throws IllegalStateException if the leave threshold is above the enter threshold
         */
        public StressAlertMonitor build() {
            if (leaveAt > enterAt) {
                throw new IllegalStateException("leaveAt (" + leaveAt + ") must not exceed enterAt (" + enterAt
                        + "); lower leaveAt or raise enterAt");
            }
            return new StressAlertMonitor(this);
        }

        private static double score(double value, String name) {
            if (!(value >= 0 && value <= 100)) {
                throw new IllegalArgumentException(name + " must lie in [0, 100], got " + value);
            }
            return value;
        }
    }
}
