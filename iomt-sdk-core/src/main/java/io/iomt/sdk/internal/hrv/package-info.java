/**
 * Numerical kernels behind {@link io.iomt.sdk.HrvAnalysis}: statistics, the FFT, the cubic
 * spline, Welch and Lomb–Scargle spectra, DFA, sample entropy, histograms and the artefact
 * detector. Not part of the API: the types here may change in any release.
 */
@NullMarked
package io.iomt.sdk.internal.hrv;

import org.jspecify.annotations.NullMarked;
