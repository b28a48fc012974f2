/**
 * The {@code iomt} command-line sample: {@code iomt demo} runs the whole pipeline on the bundled
 * real Fitbit recordings through the offline Google Health API simulator.
 */
@NullMarked
package io.iomt.sdk.cli;

import org.jspecify.annotations.NullMarked;
