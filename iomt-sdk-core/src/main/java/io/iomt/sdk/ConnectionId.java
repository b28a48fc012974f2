package io.iomt.sdk;

import java.util.Objects;

/**
 * Identifier of a connection: one subject's account at one provider.
 *
 * <p>A subject has at most one connection per provider. The {@linkplain #key() key} form
 * {@code subject/provider} is used by stores and as associated data when tokens are encrypted.
 * Immutable and thread-safe.
 *
 * @param subject the person in the host system
 * @param provider the provider of the account
 */
public record ConnectionId(SubjectId subject, ProviderId provider) implements Comparable<ConnectionId> {

    /** Creates a connection id. */
    public ConnectionId {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(provider, "provider");
    }

    /** Returns the connection id of {@code subject} at {@code provider}. */
    public static ConnectionId of(SubjectId subject, ProviderId provider) {
        return new ConnectionId(subject, provider);
    }

    /**
     * Parses the {@linkplain #key() key} form {@code subject/provider}.
     *
     * @throws IllegalArgumentException if the key has no '/' or either part is invalid
     */
    public static ConnectionId parse(String key) {
        Objects.requireNonNull(key, "key");
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException(
                    "Invalid connection key: expected 'subject/provider', got " + key.length() + " characters without that form");
        }
        return new ConnectionId(new SubjectId(key.substring(0, slash)), new ProviderId(key.substring(slash + 1)));
    }

    /** Returns the stable string form {@code subject/provider}. */
    public String key() {
        return subject.value() + "/" + provider.value();
    }

    @Override
    public int compareTo(ConnectionId other) {
        return key().compareTo(other.key());
    }

    @Override
    public String toString() {
        return key();
    }
}
