package io.iomt.sdk.dynamodb;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link TokenKeyProvider} with AES-256 keys held in memory: one current key, used for new
 * encryptions, and any number of previous keys, used only to decrypt items written before a
 * rotation. Keys are not wrapped, so only their ids are stored in the ciphertexts.
 *
 * <p>Meant for development, tests and hosts that load the key from their own secret store.
 * Anyone with the key and read access to the table can read the tokens, so keep the key out of
 * source code and logs. With random 96-bit nonces, NIST SP 800-38D allows at most 2^32
 * encryptions under one key: rotate the key long before that (each refresh encrypts two tokens).
 *
 * <pre>{@code
 * TokenKeyProvider keys = LocalKeyProvider.fromBase64("2026-12", System.getenv("TOKEN_KEY"))
 *         .withPreviousKey("2026-06", previousKeyBytes);
 * TokenCipher cipher = AesGcmTokenCipher.create(keys);
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows key ids only.
 */
public final class LocalKeyProvider implements TokenKeyProvider {

    private final DataKey current;
    private final Map<String, SecretKey> keys;

    private LocalKeyProvider(DataKey current, Map<String, SecretKey> keys) {
        this.current = current;
        this.keys = Map.copyOf(keys);
    }

    /**
     * Returns a provider whose current key is {@code key}.
     *
     * @param keyId a name for the key, stored in every ciphertext; 1 to 255 bytes of UTF-8
     * @param key 32 bytes; copied
     * @throws IllegalArgumentException if the key is not 32 bytes or the id is invalid
     */
    public static LocalKeyProvider of(String keyId, byte[] key) {
        DataKey dataKey = new DataKey(keyId, aesKey(keyId, key), new byte[0]);
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(keyId, dataKey.key());
        return new LocalKeyProvider(dataKey, keys);
    }

    /**
     * Returns a provider whose current key is the base64 (standard or URL-safe alphabet) of
     * 32 bytes.
     *
     * @throws IllegalArgumentException if the text is not base64 of 32 bytes
     */
    public static LocalKeyProvider fromBase64(String keyId, String base64Key) {
        Objects.requireNonNull(base64Key, "base64Key");
        return of(keyId, decodeBase64(keyId, base64Key.trim()));
    }

    /** Returns a provider with a new random key from {@code random}, for tests and demos. */
    public static LocalKeyProvider generate(String keyId, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] key = new byte[32];
        random.nextBytes(key);
        return of(keyId, key);
    }

    /**
     * Returns a copy that also decrypts with a previous key. New encryptions keep using the
     * current key, so each item moves to it on its next save.
     *
     * @throws IllegalArgumentException if the key is not 32 bytes, or {@code keyId} already names
     *     another key
     */
    public LocalKeyProvider withPreviousKey(String keyId, byte[] key) {
        SecretKey previous = new DataKey(keyId, aesKey(keyId, key), new byte[0]).key();
        SecretKey known = keys.get(keyId);
        if (known != null && !known.equals(previous)) {
            throw new IllegalArgumentException("Key id '" + keyId + "' already names another key; give each key its "
                    + "own id");
        }
        Map<String, SecretKey> copy = new LinkedHashMap<>(keys);
        copy.put(keyId, previous);
        return new LocalKeyProvider(current, copy);
    }

    /** Returns a copy that also decrypts with a previous key given as base64 of 32 bytes. */
    public LocalKeyProvider withPreviousKey(String keyId, String base64Key) {
        Objects.requireNonNull(base64Key, "base64Key");
        return withPreviousKey(keyId, decodeBase64(keyId, base64Key.trim()));
    }

    @Override
    public DataKey currentKey() {
        return current;
    }

    @Override
    public SecretKey key(String keyId, byte[] wrappedKey) {
        Objects.requireNonNull(keyId, "keyId");
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("No token key with id '" + keyId + "' is configured (known ids: "
                    + keys.keySet() + "); add it with LocalKeyProvider.withPreviousKey");
        }
        return key;
    }

    @Override
    public String toString() {
        return "LocalKeyProvider[current=" + current.keyId() + ", keyIds=" + keys.keySet() + "]";
    }

    private static SecretKey aesKey(String keyId, byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != 32) {
            throw new IllegalArgumentException("Token key '" + keyId + "' must be 32 bytes (AES-256), got " + key.length);
        }
        return new SecretKeySpec(key.clone(), "AES");
    }

    private static byte[] decodeBase64(String keyId, String text) {
        try {
            return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // The decoder's message names the offending character, which is part of the key: not chained.
            throw new IllegalArgumentException("Token key '" + keyId + "' is not valid base64; generate one with "
                    + "'openssl rand -base64 32'");
        }
    }
}
