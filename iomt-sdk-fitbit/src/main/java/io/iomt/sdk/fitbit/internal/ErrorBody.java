package io.iomt.sdk.fitbit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a {@code google.rpc.Status} error body that the client branches on: the status
 * string, the {@code ErrorInfo} reason and the {@code RetryInfo} delay. The free-text
 * {@code message} is not kept, because it is not meant for branching and may quote request
 * values.
 *
 * @param status the status string such as {@code PERMISSION_DENIED}, or {@code null}
 * @param reason the first {@code ErrorInfo.reason}, or {@code null}
 * @param retryDelay the {@code RetryInfo.retryDelay}, or {@code null}
 */
public record ErrorBody(@Nullable String status, @Nullable String reason, @Nullable Duration retryDelay) {

    /** An error body with nothing readable in it. */
    public static final ErrorBody EMPTY = new ErrorBody(null, null, null);

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Reads an error body; a body that is not a {@code google.rpc.Status} envelope yields
     * {@link #EMPTY} rather than an exception.
     */
    public static ErrorBody read(InputStream body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return EMPTY;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("error") && value == JsonToken.START_OBJECT) {
                    return readError(parser);
                }
                parser.skipChildren();
            }
            return EMPTY;
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
    }

    private static ErrorBody readError(JsonParser parser) throws IOException {
        String status = null;
        String[] found = new String[2];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("status") && value == JsonToken.VALUE_STRING) {
                status = parser.getText();
            } else if (name.equals("details") && value == JsonToken.START_ARRAY) {
                readDetails(parser, found);
            } else {
                parser.skipChildren();
            }
        }
        return new ErrorBody(status, found[0], found[1] == null ? null : parseDelay(found[1]));
    }

    private static void readDetails(JsonParser parser, String[] found) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("reason") && value == JsonToken.VALUE_STRING && found[0] == null) {
                    found[0] = parser.getText();
                } else if (name.equals("retryDelay") && value == JsonToken.VALUE_STRING && found[1] == null) {
                    found[1] = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private static @Nullable Duration parseDelay(String text) {
        if (text.length() < 2 || !text.endsWith("s")) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(text.substring(0, text.length() - 1));
            if (!(seconds >= 0) || seconds > 86_400) {
                return null;
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
