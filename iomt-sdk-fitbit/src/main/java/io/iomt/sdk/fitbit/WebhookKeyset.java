package io.iomt.sdk.fitbit;

import io.iomt.sdk.fitbit.internal.webhook.EcdsaVerificationKey;
import io.iomt.sdk.fitbit.internal.webhook.TinkKeysetParser;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The public keys that Google signs webhook notifications with, read from a Tink JSON public
 * keyset such as the one published at {@link WebhookKeysetFetcher#DEFAULT_URL}. Immutable and
 * thread-safe.
 *
 * <p>Only keys with status {@code ENABLED}, output prefix type {@code TINK}, type
 * {@code type.googleapis.com/google.crypto.tink.EcdsaPublicKey}, hash SHA-256 and curve NIST P-256
 * are usable; other keys are skipped and described by {@link #skippedKeys()}.
 */
public final class WebhookKeyset {

    private final Map<Long, EcdsaVerificationKey> keys;
    private final @Nullable Long primaryKeyId;
    private final List<String> skippedKeys;

    private WebhookKeyset(TinkKeysetParser.Result parsed) {
        this.keys = parsed.keys();
        this.primaryKeyId = parsed.primaryKeyId();
        this.skippedKeys = parsed.skipped();
    }

    /**
     * Parses a Tink JSON public keyset.
     *
     * @throws WebhookKeysetException if the text is not a keyset; the message names the field
     */
    public static WebhookKeyset parse(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return new WebhookKeyset(TinkKeysetParser.parse(json));
        } catch (IllegalArgumentException e) {
            throw new WebhookKeysetException("Invalid webhook keyset: " + e.getMessage(), e);
        }
    }

    /** Returns the ids of the usable keys, unsigned 32-bit values. */
    public Set<Long> keyIds() {
        return keys.keySet();
    }

    /** Returns whether a usable key has the id {@code keyId}. */
    public boolean containsKey(long keyId) {
        return keys.containsKey(keyId);
    }

    /** Returns the keyset's primary key id, or null when the keyset names none. */
    public @Nullable Long primaryKeyId() {
        return primaryKeyId;
    }

    /** Returns one description per key that was skipped and why, without key material. */
    public List<String> skippedKeys() {
        return skippedKeys;
    }

    /** Returns whether the keyset has no usable key. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    @Nullable EcdsaVerificationKey key(long keyId) {
        return keys.get(keyId);
    }

    @Override
    public String toString() {
        return "WebhookKeyset[keyIds=" + keys.keySet() + ", primaryKeyId=" + primaryKeyId
                + ", skippedKeys=" + skippedKeys.size() + "]";
    }
}
