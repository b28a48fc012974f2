package io.iomt.sdk.fitbit.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code application/x-www-form-urlencoded} request body, in the order its fields were added.
 * Not thread-safe while fields are added. {@link #toString()} shows the field names only, because
 * token requests carry codes, tokens and client secrets in their values.
 */
public final class Form {

    /** The media type of the encoded body. */
    public static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    /** Adds the field {@code name} with {@code value}; returns this form. */
    public Form add(String name, String value) {
        names.add(name);
        values.add(value);
        return this;
    }

    /** Returns the body in UTF-8, each name and value percent-encoded, a space as {@code +}. */
    public byte[] encoded() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(names.get(i), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(values.get(i), StandardCharsets.UTF_8));
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Form" + names;
    }
}
