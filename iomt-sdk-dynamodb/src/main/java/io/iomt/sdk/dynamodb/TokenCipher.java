package io.iomt.sdk.dynamodb;

import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts OAuth tokens before {@link DynamoDbTokenStore} writes them and decrypts them after it
 * reads them. The access token and the refresh token are each passed through {@link #encrypt}
 * separately, with associated data that binds the ciphertext to its item and attribute: the
 * UTF-8 bytes of {@code <connection key>#<attribute name>}, for example
 * {@code patient-17/google-health#accessToken}. An authenticated cipher (such as AES-256-GCM)
 * must refuse to decrypt a ciphertext moved to another connection or attribute.
 *
 * <p>Implementations must be thread-safe. The store does not close a cipher; a cipher holding
 * keys or clients is closed by whoever built it.
 */
public interface TokenCipher {

    /**
     * Returns the stored form of {@code plaintext}.
     *
     * @param plaintext the UTF-8 bytes of a token; the caller may clear the array afterwards
     * @param associatedData data to authenticate but not encrypt, as described above
     */
    byte[] encrypt(byte[] plaintext, byte[] associatedData);

    /**
     * Returns the plaintext of {@code ciphertext}.
     *
     * @throws IllegalStateException if {@code ciphertext} is damaged, was made with another key or
     *     does not belong to {@code associatedData}; the store reports it as a non-retryable
     *     {@link io.iomt.sdk.StoreException}
     */
    byte[] decrypt(byte[] ciphertext, byte[] associatedData);

    /**
     * Returns a cipher that stores tokens <strong>unencrypted</strong>, for development, tests and
     * demos against a local server only. Anyone who can read the table can use the tokens. The
     * stored form is a 0x00 marker byte followed by the plaintext, so an encrypting cipher can
     * recognise such items and re-encrypt them.
     */
    static TokenCipher plaintextForDevelopment() {
        return PlaintextCipher.INSTANCE;
    }
}

/** The development-only cipher behind {@link TokenCipher#plaintextForDevelopment()}. */
enum PlaintextCipher implements TokenCipher {
    INSTANCE;

    private static final byte PLAINTEXT_MARKER = 0x00;

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] stored = new byte[plaintext.length + 1];
        stored[0] = PLAINTEXT_MARKER;
        System.arraycopy(plaintext, 0, stored, 1, plaintext.length);
        return stored;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length == 0 || ciphertext[0] != PLAINTEXT_MARKER) {
            throw new IllegalStateException("Stored token is not in the development plaintext form; "
                    + "configure the cipher that encrypted it");
        }
        return Arrays.copyOfRange(ciphertext, 1, ciphertext.length);
    }

    @Override
    public String toString() {
        return "TokenCipher.plaintextForDevelopment()";
    }
}
