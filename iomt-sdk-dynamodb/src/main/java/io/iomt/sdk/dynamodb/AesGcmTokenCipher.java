package io.iomt.sdk.dynamodb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenCipher} using AES-256-GCM with a fresh random 96-bit nonce per encryption and keys
 * from a {@link TokenKeyProvider}.
 *
 * <p><b>Stored form</b> (format version 1), all lengths unsigned big-endian:
 * <pre>
 * 0x01 | idLength (1 byte) | keyId (UTF-8) | wrappedLength (2 bytes) | wrappedKey | nonce (12 bytes) | ciphertext and 16-byte tag
 * </pre>
 * The header (everything before the nonce) names the key, so items encrypted under an earlier key
 * still decrypt after a rotation. Every save encrypts with the provider's current key, so an item
 * moves to the new key the next time it is saved. The GCM associated data is the header
 * followed by the store's associated data ({@code <connection key>#<attribute>}), so a
 * ciphertext that is moved to another item or attribute, or whose header is edited, fails to
 * decrypt.
 *
 * <p>Items stored by {@link TokenCipher#plaintextForDevelopment()} (first byte 0x00) are
 * rejected, unless {@link Builder#readPlaintextItems(boolean)} allows reading them during a
 * migration; they are encrypted on their next save.
 *
 * <p>Thread-safe. Owns nothing that needs closing; the key provider is closed, if at all, by
 * the code that built it.
 */
public final class AesGcmTokenCipher implements TokenCipher {

    /** The first byte of the version-1 stored form. */
    public static final byte FORMAT_VERSION = 0x01;

    private static final byte PLAINTEXT_MARKER = 0x00;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final TokenKeyProvider keys;
    private final SecureRandom random;
    private final boolean readPlaintextItems;

    private AesGcmTokenCipher(Builder builder) {
        this.keys = Objects.requireNonNull(builder.keys, "keyProvider");
        this.random = builder.random;
        this.readPlaintextItems = builder.readPlaintextItems;
    }

    /** Returns a cipher with keys from {@code keys}, a default {@link SecureRandom} and plaintext items rejected. */
    public static AesGcmTokenCipher create(TokenKeyProvider keys) {
        return builder().keyProvider(keys).build();
    }

    /** Returns a builder; the key provider is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one AES-GCM encryption and decryption with a fixed throwaway key, so that the JVM's
     * cipher provider and classes are ready before the first token is read or written. The first
     * AES-GCM operation of a JVM takes about 25 ms (JDK 17 on a 2-core machine). A serverless
     * host can call this on a background thread at start-up to take that off its first request.
     * Uses no token and no key of any provider, and draws no random bytes, so it may also run
     * before a SnapStart snapshot. Thread-safe.
     *
     * @throws IllegalStateException if the JVM provides no AES-GCM
     */
    public static void warmUp() {
        SecretKey key = new SecretKeySpec(new byte[32], "AES");
        byte[] nonce = new byte[NONCE_BYTES];
        byte[] header = {FORMAT_VERSION};
        byte[] sealed = run(Cipher.ENCRYPT_MODE, key, nonce, header, new byte[0], new byte[32], "warm-up");
        run(Cipher.DECRYPT_MODE, key, nonce, header, new byte[0], sealed, "warm-up");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the key provider failed
     */
    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        TokenKeyProvider.DataKey key = keys.currentKey();
        byte[] header = header(key.keyId(), key.wrappedKey());
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);

        byte[] sealed = run(Cipher.ENCRYPT_MODE, key.key(), nonce, header, associatedData, plaintext, key.keyId());

        return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length)
                .put(header).put(nonce).put(sealed).array();
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(associatedData, "associatedData");
        if (ciphertext.length > 0 && ciphertext[0] == PLAINTEXT_MARKER) {
            if (!readPlaintextItems) {
                throw new IllegalStateException("Stored token is unencrypted (development form); enable "
                        + "AesGcmTokenCipher.Builder.readPlaintextItems(true) to read and re-encrypt such items");
            }
            return Arrays.copyOfRange(ciphertext, 1, ciphertext.length);
        }
        Envelope envelope = Envelope.parse(ciphertext);
        SecretKey key = keys.key(envelope.keyId(), envelope.wrappedKey());
        byte[] nonce = Arrays.copyOfRange(ciphertext, envelope.headerLength(), envelope.headerLength() + NONCE_BYTES);
        byte[] sealed = Arrays.copyOfRange(ciphertext, envelope.headerLength() + NONCE_BYTES, ciphertext.length);
        byte[] header = Arrays.copyOf(ciphertext, envelope.headerLength());
        return run(Cipher.DECRYPT_MODE, key, nonce, header, associatedData, sealed, envelope.keyId());
    }

    /**
     * Returns the key id in a stored token's header, or empty for the development plaintext form.
     *
     * @throws IllegalStateException if the bytes are not in a known stored form
     */
    public static Optional<String> keyIdOf(byte[] stored) {
        Objects.requireNonNull(stored, "stored");
        if (stored.length > 0 && stored[0] == PLAINTEXT_MARKER) {
            return Optional.empty();
        }
        return Optional.of(Envelope.parse(stored).keyId());
    }

    @Override
    public String toString() {
        return "AesGcmTokenCipher[keys=" + keys + ", readPlaintextItems=" + readPlaintextItems + "]";
    }

    private static byte[] header(String keyId, byte[] wrappedKey) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 1 + id.length + 2 + wrappedKey.length)
                .put(FORMAT_VERSION)
                .put((byte) id.length).put(id)
                .putShort((short) wrappedKey.length).put(wrappedKey)
                .array();
    }

    private static byte[] run(int mode, SecretKey key, byte[] nonce, byte[] header, byte[] associatedData, byte[] input,
            String keyId) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header);
            cipher.updateAAD(associatedData);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("Stored token failed authentication under key '" + keyId + "': it was "
                    + "altered, belongs to another item or attribute, or the key with that id changed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
                    + " with key '" + keyId + "' failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The parsed header of a version-1 stored token. */
    private record Envelope(String keyId, byte[] wrappedKey, int headerLength) {

        static Envelope parse(byte[] stored) {
            if (stored.length == 0 || stored[0] != FORMAT_VERSION) {
                throw new IllegalStateException("Stored token has unknown format version "
                        + (stored.length == 0 ? "(empty)" : Integer.toString(stored[0] & 0xff)) + "; expected "
                        + FORMAT_VERSION + ". Was it written by another TokenCipher?");
            }
            ByteBuffer buffer = ByteBuffer.wrap(stored);
            buffer.get();
            int idLength = buffer.hasRemaining() ? buffer.get() & 0xff : 0;
            if (idLength == 0 || buffer.remaining() < idLength + 2) {
                throw damaged(stored.length);
            }
            byte[] id = new byte[idLength];
            buffer.get(id);
            int wrappedLength = buffer.getShort() & 0xffff;
            if (buffer.remaining() < wrappedLength + NONCE_BYTES + TAG_BITS / 8) {
                throw damaged(stored.length);
            }
            byte[] wrapped = new byte[wrappedLength];
            buffer.get(wrapped);
            return new Envelope(new String(id, StandardCharsets.UTF_8), wrapped, buffer.position());
        }

        private static IllegalStateException damaged(int length) {
            return new IllegalStateException("Stored token of " + length + " bytes is truncated or damaged: its header "
                    + "lengths exceed the data");
        }
    }

    /** Builds an {@link AesGcmTokenCipher}. Not thread-safe; the built cipher is. */
    public static final class Builder {
        private @Nullable TokenKeyProvider keys;
        private SecureRandom random = new SecureRandom();
        private boolean readPlaintextItems;

        private Builder() {
        }

        /** Sets the key provider. Required. */
        public Builder keyProvider(TokenKeyProvider keyProvider) {
            this.keys = Objects.requireNonNull(keyProvider, "keyProvider");
            return this;
        }

        /** Sets the source of nonces; default a new {@link SecureRandom}. */
        public Builder secureRandom(SecureRandom secureRandom) {
            this.random = Objects.requireNonNull(secureRandom, "secureRandom");
            return this;
        }

        /**
         * Sets whether items written by {@link TokenCipher#plaintextForDevelopment()} are read;
         * default false. Enable it only to migrate a development table to encryption.
         */
        public Builder readPlaintextItems(boolean read) {
            this.readPlaintextItems = read;
            return this;
        }

        /**
         * Returns the cipher.
         *
         * @throws IllegalStateException if no key provider was set
         */
        public AesGcmTokenCipher build() {
            if (keys == null) {
                throw new IllegalStateException("AesGcmTokenCipher needs keyProvider(...): a LocalKeyProvider or a "
                        + "KmsKeyProvider");
            }
            return new AesGcmTokenCipher(this);
        }
    }
}
