package io.iomt.sdk.fitbit.internal.webhook;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;

/**
 * One ENABLED ECDSA P-256 / SHA-256 public key of a Tink keyset, with its key id. Immutable and
 * thread-safe: each verification uses its own {@link Signature} instance.
 */
public final class EcdsaVerificationKey {

    private final long keyId;
    private final ECPublicKey publicKey;
    private final String algorithm;

    /**
     * Creates a key.
     *
     * @param keyId the Tink key id, an unsigned 32-bit value
     * @param publicKey the P-256 public key
     * @param derEncoding whether signatures are DER-encoded (Tink's {@code DER}) rather than
     *     the fixed-length {@code IEEE_P1363} form
     */
    public EcdsaVerificationKey(long keyId, ECPublicKey publicKey, boolean derEncoding) {
        this.keyId = keyId;
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.algorithm = derEncoding ? "SHA256withECDSA" : "SHA256withECDSAinP1363Format";
    }

    /** Returns the Tink key id, an unsigned 32-bit value. */
    public long keyId() {
        return keyId;
    }

    /** Returns the public key. */
    public ECPublicKey publicKey() {
        return publicKey;
    }

    /**
     * Verifies {@code signature[offset..]} over all of {@code data}.
     *
     * @return whether the signature is valid; a malformed signature is not valid
     */
    public boolean verify(byte[] data, byte[] signature, int offset) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(data);
            return verifier.verify(signature, offset, signature.length - offset);
        } catch (SignatureException | IllegalArgumentException e) {
            return false;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("The JDK cannot verify " + algorithm + " signatures", e);
        }
    }

    /** Checks at keyset load time that the JDK can use this key. */
    void checkUsable() throws GeneralSecurityException {
        Signature.getInstance(algorithm).initVerify(publicKey);
    }

    @Override
    public String toString() {
        return "EcdsaVerificationKey[keyId=" + keyId + ", algorithm=" + algorithm + "]";
    }
}
