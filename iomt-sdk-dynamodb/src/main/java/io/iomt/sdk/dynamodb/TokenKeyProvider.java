package io.iomt.sdk.dynamodb;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;

/**
 * Supplies the AES-256 keys that {@link AesGcmTokenCipher} encrypts tokens with.
 *
 * <p>{@link #currentKey()} names the key for new encryptions: its id and, for envelope encryption,
 * the data key wrapped by a key-management service. Both are stored in each ciphertext's header,
 * so {@link #key(String, byte[])} can find the key of an older ciphertext after the current key
 * changed. A provider that rotates keys keeps returning old keys from {@link #key} for as long as
 * items encrypted with them may exist; every save re-encrypts an item with the current key.
 *
 * <p>Implementations: {@link LocalKeyProvider} (a key held in memory, for development and for
 * hosts with their own secret store) and {@link KmsKeyProvider} (AWS KMS envelope encryption).
 * Implementations must be thread-safe.
 */
public interface TokenKeyProvider {

    /**
     * Returns the key for the next encryption.
     *
     * @throws IllegalStateException if no key can be obtained, for example because the
     *     key-management service failed
     */
    DataKey currentKey();

    /**
     * Returns the key that encrypted a ciphertext, from the key id and wrapped key stored in its
     * header.
     *
     * @param keyId the key id from the ciphertext
     * @param wrappedKey the wrapped data key from the ciphertext; empty for keys that are not wrapped
     * @throws IllegalStateException if the key is unknown or cannot be unwrapped
     */
    SecretKey key(String keyId, byte[] wrappedKey);

    /**
     * An AES-256 key with its id and, for envelope encryption, its wrapped form. Immutable and
     * thread-safe; {@link #toString()} never shows key material.
     */
    final class DataKey {
        private final String keyId;
        private final SecretKey key;
        private final byte[] wrappedKey;

        /**
         * Creates a data key.
         *
         * @param keyId 1 to 255 bytes of UTF-8, stored in every ciphertext made with this key
         * @param key an AES key of 32 bytes
         * @param wrappedKey the key encrypted under a master key, or an empty array; at most 65,535 bytes
         * @throws IllegalArgumentException if a value is out of range
         */
        public DataKey(String keyId, SecretKey key, byte[] wrappedKey) {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(wrappedKey, "wrappedKey");
            int idLength = keyId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (idLength < 1 || idLength > 255) {
                throw new IllegalArgumentException("keyId must be 1 to 255 bytes of UTF-8, got " + idLength);
            }
            if (!"AES".equalsIgnoreCase(key.getAlgorithm()) || key.getEncoded() == null || key.getEncoded().length != 32) {
                throw new IllegalArgumentException("key must be a 256-bit AES key (32 bytes) for key id '" + keyId + "'");
            }
            if (wrappedKey.length > 65_535) {
                throw new IllegalArgumentException("wrappedKey must be at most 65535 bytes, got " + wrappedKey.length);
            }
            this.keyId = keyId;
            this.key = key;
            this.wrappedKey = wrappedKey.clone();
        }

        /** Returns the key id. */
        public String keyId() {
            return keyId;
        }

        /** Returns the AES key. */
        public SecretKey key() {
            return key;
        }

        /** Returns a copy of the wrapped key; empty if the key is not wrapped. */
        public byte[] wrappedKey() {
            return wrappedKey.clone();
        }

        @Override
        public String toString() {
            return "DataKey[keyId=" + keyId + ", key=<hidden>, wrappedKey=" + wrappedKey.length + " bytes]";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DataKey that && keyId.equals(that.keyId)
                    && Arrays.equals(wrappedKey, that.wrappedKey) && key.equals(that.key);
        }

        @Override
        public int hashCode() {
            return keyId.hashCode() * 31 + Arrays.hashCode(wrappedKey);
        }
    }
}
