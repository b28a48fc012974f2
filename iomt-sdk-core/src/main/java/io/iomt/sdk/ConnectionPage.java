package io.iomt.sdk;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of connection records from {@link TokenStore#list(String, int)}. Immutable.
 *
 * @param records the records of this page
 * @param nextPageToken the token for the next page, or {@code null} on the last page
 */
public record ConnectionPage(List<ConnectionRecord> records, @Nullable String nextPageToken) {

    /** Creates a page; {@code records} is copied. */
    public ConnectionPage {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
    }

    /** Returns the token for the next page, if there is one. */
    public Optional<String> next() {
        return Optional.ofNullable(nextPageToken);
    }
}
