package io.iomt.sdk;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifier of a person in the host system (a patient or a study participant).
 *
 * <p>The value is 1 to 128 characters of {@code [A-Za-z0-9._:@-]}, so it can be used as a key
 * in any store and in log lines. It is a pseudonymous key, not a name: never put personal data
 * in it. Immutable and thread-safe.
 *
 * @param value the identifier
 */
public record SubjectId(String value) implements Comparable<SubjectId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

    /**
     * Creates a subject id.
     *
     * @throws IllegalArgumentException if the value is empty, longer than 128 characters or has
     *     a character outside {@code [A-Za-z0-9._:@-]}
     */
    public SubjectId {
        Objects.requireNonNull(value, "value");
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid subject id (length " + value.length()
                    + "): use 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':', '@' or '-'");
        }
    }

    /** Returns a subject id for the given value. */
    public static SubjectId of(String value) {
        return new SubjectId(value);
    }

    @Override
    public int compareTo(SubjectId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
