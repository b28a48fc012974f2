/**
 * Implementation of the testkit: the Fitabase parser and the simulator's routing, OAuth, data,
 * filter, paging, fault and quota logic. Not part of the API; may change in any release.
 */
@NullMarked
package io.iomt.sdk.testkit.internal;

import org.jspecify.annotations.NullMarked;
