package io.iomt.sdk.fitbit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** PKCE (RFC 7636) with the S256 method, and random OAuth {@code state} values. */
public final class Pkce {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Pkce() {
    }

    /** Returns a new code verifier: 32 random bytes as base64url, 43 characters. */
    public static String newVerifier() {
        return randomBase64Url(32);
    }

    /** Returns a new {@code state} value: 32 random bytes (256 bits) as base64url. */
    public static String newState() {
        return randomBase64Url(32);
    }

    /** Returns the S256 challenge of {@code verifier}: base64url(SHA-256(ASCII(verifier))) without padding. */
    public static String challengeS256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Returns whether two secrets are equal, in time that does not depend on where they differ. */
    public static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomBase64Url(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return BASE64URL.encodeToString(random);
    }
}
