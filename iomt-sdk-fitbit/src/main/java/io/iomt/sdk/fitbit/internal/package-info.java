/**
 * Implementation of the Google Health API client: HTTP calls with retries, error-body and
 * timestamp parsing, PKCE. Not part of the API; may change without notice.
 */
@NullMarked
package io.iomt.sdk.fitbit.internal;

import org.jspecify.annotations.NullMarked;
