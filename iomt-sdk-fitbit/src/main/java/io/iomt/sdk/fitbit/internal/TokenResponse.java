package io.iomt.sdk.fitbit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The fields of an OAuth 2.0 token-endpoint response (RFC 6749 sections 5.1 and 5.2) that the
 * client reads. {@link #toString()} shows neither token.
 *
 * @param accessToken the access token, or {@code null}
 * @param refreshToken the refresh token, or {@code null} if none was issued
 * @param expiresInSeconds the access token's lifetime in seconds, or -1 if absent
 * @param scope the space-separated granted scopes, or {@code null}
 * @param error the OAuth error code of an error response, or {@code null}
 */
public record TokenResponse(@Nullable String accessToken, @Nullable String refreshToken, long expiresInSeconds,
        @Nullable String scope, @Nullable String error) {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Reads a token-endpoint body; a body that is not a JSON object yields a response with every
     * field empty.
     */
    public static TokenResponse read(InputStream body) throws IOException {
        String access = null;
        String refresh = null;
        long expiresIn = -1;
        String scope = null;
        String error = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new TokenResponse(null, null, -1, null, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "access_token" -> access = text(parser, value);
                    case "refresh_token" -> refresh = text(parser, value);
                    case "scope" -> scope = text(parser, value);
                    case "error" -> error = text(parser, value);
                    case "expires_in" -> expiresIn = seconds(parser, value);
                    default -> parser.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new TokenResponse(null, null, -1, null, null);
        }
        return new TokenResponse(access, refresh, expiresIn, scope, error);
    }

    private static @Nullable String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            return text.isEmpty() ? null : text;
        }
        parser.skipChildren();
        return null;
    }

    private static long seconds(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue();
        }
        if (value == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(parser.getText().trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        parser.skipChildren();
        return -1;
    }

    @Override
    public String toString() {
        return "TokenResponse[accessToken=" + (accessToken == null ? "none" : "<redacted>") + ", refreshToken="
                + (refreshToken == null ? "none" : "<redacted>") + ", expiresInSeconds=" + expiresInSeconds
                + ", scope=" + scope + ", error=" + error + "]";
    }
}
