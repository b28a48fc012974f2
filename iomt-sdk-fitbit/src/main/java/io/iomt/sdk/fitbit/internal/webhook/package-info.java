/**
 * Implementation of the Google Health webhook receiver: Tink key decoding, signature checks,
 * notification parsing and the in-memory deduplicator. Not part of the API; types here may change
 * in any release.
 */
@NullMarked
package io.iomt.sdk.fitbit.internal.webhook;

import org.jspecify.annotations.NullMarked;
