package io.iomt.sdk.fitbit.internal.webhook;

import java.util.Base64;

/**
 * A Tink signature as sent in the webhook signature header: base64 of the 5-byte output prefix
 * ({@code 0x01} and the big-endian 32-bit key id) followed by the ECDSA signature.
 * Immutable and thread-safe.
 */
public final class TinkSignature {

    /** Length of Tink's {@code TINK} output prefix. */
    public static final int PREFIX_LENGTH = 5;

    private static final byte TINK_START_BYTE = 0x01;

    // A DER P-256 signature has at most 72 bytes; the cap keeps hostile headers cheap to reject.
    private static final int MAX_HEADER_CHARS = 512;
    private static final int MIN_SIGNATURE_BYTES = 8;

    private final long keyId;
    private final byte[] bytes;

    private TinkSignature(long keyId, byte[] bytes) {
        this.keyId = keyId;
        this.bytes = bytes;
    }

    /**
     * Decodes a header value.
     *
     * @throws IllegalArgumentException if the value is not base64, is too short or too long, or
     *     does not start with the TINK prefix byte
     */
    public static TinkSignature parse(String headerValue) {
        String trimmed = headerValue.strip();
        if (trimmed.length() > MAX_HEADER_CHARS) {
            throw new IllegalArgumentException("signature header has " + trimmed.length()
                    + " characters, more than the " + MAX_HEADER_CHARS + " a P-256 signature needs");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature header is not valid base64");
        }
        if (decoded.length < PREFIX_LENGTH + MIN_SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature is too short: " + decoded.length
                    + " bytes, expected the 5-byte Tink prefix and an ECDSA signature");
        }
        if (decoded[0] != TINK_START_BYTE) {
            throw new IllegalArgumentException("signature does not start with the Tink prefix byte 0x01");
        }
        long keyId = ((decoded[1] & 0xFFL) << 24) | ((decoded[2] & 0xFFL) << 16)
                | ((decoded[3] & 0xFFL) << 8) | (decoded[4] & 0xFFL);
        return new TinkSignature(keyId, decoded);
    }

    /** Returns the key id from the prefix, an unsigned 32-bit value. */
    public long keyId() {
        return keyId;
    }

    /** Returns whether {@code key} signed {@code data} with this signature. */
    public boolean verifiedBy(EcdsaVerificationKey key, byte[] data) {
        return key.keyId() == keyId && key.verify(data, bytes, PREFIX_LENGTH);
    }
}
