/**
 * Optional Micrometer binding of the IoMT SDK: {@link io.iomt.sdk.micrometer.IomtMetrics} turns
 * sync, scheduler and stress alert events into counters, timers and gauges. Hosts that do not add
 * this module get no Micrometer dependency.
 *
 * <p>Every parameter and return value in this package is non-null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.iomt.sdk.micrometer;

import org.jspecify.annotations.NullMarked;
