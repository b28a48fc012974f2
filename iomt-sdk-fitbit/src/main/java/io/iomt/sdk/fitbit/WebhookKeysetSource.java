package io.iomt.sdk.fitbit;

import java.util.Objects;

/**
 * Supplies the keyset that webhook signatures are verified against. Implementations must be
 * thread-safe; a {@link WebhookReceiver} calls them on the thread that handles the request.
 */
public interface WebhookKeysetSource {

    /**
     * Returns the current keyset, loading it first if needed.
     *
     * @throws WebhookKeysetException if no keyset is available
     */
    WebhookKeyset keyset();

    /**
     * Returns a keyset after a signature named {@code keyId}, which {@link #keyset()} did not
     * contain. A fetching source loads the keyset again, at most once per configured interval, so
     * that forged key ids cannot cause a storm of fetches. The default returns {@link #keyset()}.
     *
     * @param keyId the unknown key id, an unsigned 32-bit value
     * @throws WebhookKeysetException if no keyset is available
     */
    default WebhookKeyset keysetForUnknownKey(long keyId) {
        return keyset();
    }

    /** Returns a source that always supplies {@code keyset}, for tests and pinned deployments. */
    static WebhookKeysetSource of(WebhookKeyset keyset) {
        Objects.requireNonNull(keyset, "keyset");
        return new WebhookKeysetSource() {
            @Override
            public WebhookKeyset keyset() {
                return keyset;
            }

            @Override
            public String toString() {
                return "WebhookKeysetSource.of(" + keyset + ")";
            }
        };
    }

    /** Returns a builder of a source that fetches the keyset over HTTPS and caches it. */
    static WebhookKeysetFetcher.Builder fetching() {
        return WebhookKeysetFetcher.builder();
    }
}
