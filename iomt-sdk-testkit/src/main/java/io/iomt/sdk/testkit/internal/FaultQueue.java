package io.iomt.sdk.testkit.internal;

import io.iomt.sdk.testkit.SimulatedFault;
import io.iomt.sdk.testkit.SimulatorEndpoint;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Faults waiting to be served, in the order they were injected. Thread-safe: every method locks the queue. */
public final class FaultQueue {

    private static final class Pending {
        final SimulatedFault fault;
        int remaining;

        Pending(SimulatedFault fault) {
            this.fault = fault;
            this.remaining = fault.times();
        }
    }

    private final List<Pending> pending = new ArrayList<>();

    /** Queues a fault. */
    public synchronized void add(SimulatedFault fault) {
        pending.add(new Pending(fault));
    }

    /** Drops every queued fault. */
    public synchronized void clear() {
        pending.clear();
    }

    /** Returns the number of responses still to be faulted, over all queued faults. */
    public synchronized int remaining() {
        int total = 0;
        for (Pending one : pending) {
            total += one.remaining;
        }
        return total;
    }

    /**
     * Takes one use of the first queued fault that matches the request and the phase.
     *
     * @param shaping whether to look for page-shaping faults (else for faults acting before authentication)
     * @param hasPageToken whether the request carries a {@code pageToken}
     */
    synchronized @Nullable SimulatedFault take(SimulatorEndpoint endpoint, @Nullable String dataType, boolean shaping,
            boolean hasPageToken) {
        Iterator<Pending> iterator = pending.iterator();
        while (iterator.hasNext()) {
            Pending one = iterator.next();
            SimulatedFault fault = one.fault;
            if (fault.shapesPage() != shaping || fault.endpoint() != endpoint) {
                continue;
            }
            if (fault.dataType() != null && !fault.dataType().equals(dataType)) {
                continue;
            }
            if (fault.kind() == SimulatedFault.Kind.REPEATED_PAGE_TOKEN && !hasPageToken) {
                continue;
            }
            if (--one.remaining == 0) {
                iterator.remove();
            }
            return fault;
        }
        return null;
    }
}
