/** Placeholder; replaced as the module grows. */
@org.jspecify.annotations.NullMarked
package io.iomt.sdk.testkit;
