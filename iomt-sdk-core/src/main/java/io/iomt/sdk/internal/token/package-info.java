/**
 * Implementation of {@link io.iomt.sdk.TokenManager}: refresh backoff and the saving of refreshed
 * token pairs. Not part of the API.
 */
@NullMarked
package io.iomt.sdk.internal.token;

import org.jspecify.annotations.NullMarked;
