/**
 * The IoMT SDK core: the model (subjects, connections, metrics, columnar series), the service
 * provider interfaces ({@link io.iomt.sdk.Wearable}, {@link io.iomt.sdk.TokenStore},
 * {@link io.iomt.sdk.SampleStore}, {@link io.iomt.sdk.StressAnalyzer}), the
 * {@link io.iomt.sdk.TokenManager}, the {@link io.iomt.sdk.MonitoringPipeline} and the in-memory
 * stores.
 *
 * <p>Every parameter and return value in this package is non-null unless marked
 * {@code @Nullable}. Types under {@code io.iomt.sdk.internal} are not part of the API.
 */
@NullMarked
package io.iomt.sdk;

import org.jspecify.annotations.NullMarked;
