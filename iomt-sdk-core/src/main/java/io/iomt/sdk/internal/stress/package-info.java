/**
 * Helpers behind {@link io.iomt.sdk.PersonalBaselineStressAnalyzer}: activity gating and robust
 * baselines. Not part of the API: the types here may change in any release.
 */
@NullMarked
package io.iomt.sdk.internal.stress;

import org.jspecify.annotations.NullMarked;
