/**
 * Implementation of the {@link io.iomt.sdk.RefreshScheduler} and the request budget: per-connection
 * scheduling state, backoff and token buckets. Not part of the API.
 */
@NullMarked
package io.iomt.sdk.internal.scheduler;

import org.jspecify.annotations.NullMarked;
