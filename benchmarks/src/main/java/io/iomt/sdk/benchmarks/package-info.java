/** JMH benchmarks of the SDK. Not part of the API. */
@NullMarked
package io.iomt.sdk.benchmarks;

import org.jspecify.annotations.NullMarked;
