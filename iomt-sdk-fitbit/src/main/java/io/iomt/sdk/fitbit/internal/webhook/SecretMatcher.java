package io.iomt.sdk.fitbit.internal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Compares an {@code Authorization} header value with one or more configured secrets in time that
 * does not depend on where the values differ or on their lengths: both sides are hashed with
 * SHA-256 and the digests compared with {@link MessageDigest#isEqual}, and every secret is always
 * checked. Immutable and thread-safe; keeps only the digests.
 */
public final class SecretMatcher {

    private final List<byte[]> digests;

    /** Creates a matcher for the given secrets (the full header values, scheme included). */
    public SecretMatcher(List<String> secrets) {
        this.digests = secrets.stream().map(SecretMatcher::sha256).toList();
    }

    /** Returns whether {@code headerValue} equals one of the secrets; null never matches. */
    public boolean matches(@Nullable String headerValue) {
        byte[] candidate = sha256(headerValue == null ? "" : headerValue);
        boolean matched = false;
        for (byte[] digest : digests) {
            matched |= MessageDigest.isEqual(digest, candidate);
        }
        return matched && headerValue != null;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SecretMatcher[secrets=" + digests.size() + "]";
    }
}
