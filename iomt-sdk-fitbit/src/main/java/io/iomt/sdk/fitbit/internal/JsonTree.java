package io.iomt.sdk.fitbit.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small, immutable JSON tree read with the jackson-core streaming parser, for the few bodies
 * that are easier to check as a tree than as a token stream (webhook notifications, Tink
 * keysets, legacy error bodies). It replaces a data-binding library, whose start-up cost
 * and size a serverless deployment would pay for these few reads.
 *
 * <p>{@code parse} is strict: a repeated field name and anything after the root value are errors,
 * reported as {@link JsonProcessingException} with the line and column. An empty body reads as
 * {@link #MISSING}. Nesting depth and value lengths are bounded by jackson-core's default
 * {@code StreamReadConstraints}. Immutable and thread-safe.
 */
public final class JsonTree {

    /** The kind of a JSON value; {@link #MISSING} stands for an absent field or an empty body. */
    public enum Type { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL, MISSING }

    /** The value of an absent field, array slot or empty body. */
    public static final JsonTree MISSING = new JsonTree(Type.MISSING, null);

    private static final JsonTree NULL = new JsonTree(Type.NULL, null);
    private static final JsonTree TRUE = new JsonTree(Type.BOOLEAN, Boolean.TRUE);
    private static final JsonTree FALSE = new JsonTree(Type.BOOLEAN, Boolean.FALSE);

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonFactory LENIENT = JsonFactory.builder().build();

    private final Type type;
    private final @Nullable Object value;

    private JsonTree(Type type, @Nullable Object value) {
        this.type = type;
        this.value = value;
    }

    /**
     * Reads one JSON value from {@code json}.
     *
     * @throws JsonProcessingException if the text is not one well-formed JSON value
     */
    public static JsonTree parse(byte[] json) throws JsonProcessingException {
        return parseInMemory(() -> STRICT.createParser(json));
    }

    /**
     * Reads one JSON value from {@code json}.
     *
     * @throws JsonProcessingException if the text is not one well-formed JSON value
     */
    public static JsonTree parse(String json) throws JsonProcessingException {
        return parseInMemory(() -> STRICT.createParser(json));
    }

    /** Opens a parser over text already in memory. */
    @FunctionalInterface
    private interface ParserOpener {
        JsonParser open() throws IOException;
    }

    private static JsonTree parseInMemory(ParserOpener opener) throws JsonProcessingException {
        try (JsonParser parser = opener.open()) {
            return readDocument(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading JSON from memory failed", e);
        }
    }

    /**
     * Reads the first JSON value of {@code json} leniently, for bodies only mined for an error
     * code: a repeated field keeps its last value and whatever follows the first value is not
     * read. The caller closes the stream.
     *
     * @throws IOException if the stream fails or its first value is not well-formed JSON
     */
    public static JsonTree parseLenient(InputStream json) throws IOException {
        try (JsonParser parser = LENIENT.createParser(json)) {
            JsonToken first = parser.nextToken();
            return first == null ? MISSING : read(parser, first);
        }
    }

    private static JsonTree readDocument(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return MISSING;
        }
        JsonTree root = read(parser, first);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "Trailing content after the root JSON value");
        }
        return root;
    }

    private static JsonTree read(JsonParser parser, @Nullable JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(parser, "Unexpected end of the JSON input");
        }
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> new JsonTree(Type.STRING, parser.getText());
            case VALUE_NUMBER_INT -> new JsonTree(Type.NUMBER, integral(parser));
            case VALUE_NUMBER_FLOAT -> new JsonTree(Type.NUMBER, parser.getDecimalValue());
            case VALUE_TRUE -> TRUE;
            case VALUE_FALSE -> FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new JsonParseException(parser, "Unexpected JSON token " + token);
        };
    }

    private static Number integral(JsonParser parser) throws IOException {
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                : parser.getLongValue();
    }

    private static JsonTree readObject(JsonParser parser) throws IOException {
        Map<String, JsonTree> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            fields.put(name, read(parser, parser.nextToken()));
        }
        return new JsonTree(Type.OBJECT, Collections.unmodifiableMap(fields));
    }

    private static JsonTree readArray(JsonParser parser) throws IOException {
        List<JsonTree> elements = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            elements.add(read(parser, token));
        }
        return new JsonTree(Type.ARRAY, Collections.unmodifiableList(elements));
    }

    /** Returns the kind of this value. */
    public Type type() {
        return type;
    }

    public boolean isObject() {
        return type == Type.OBJECT;
    }

    public boolean isArray() {
        return type == Type.ARRAY;
    }

    public boolean isTextual() {
        return type == Type.STRING;
    }

    public boolean isNull() {
        return type == Type.NULL;
    }

    public boolean isMissing() {
        return type == Type.MISSING;
    }

    /** Returns whether this is a number without fraction or exponent in the JSON text. */
    public boolean isIntegralNumber() {
        return value instanceof Long || value instanceof BigInteger;
    }

    /** Returns whether this is an integral number that fits a {@code long}. */
    public boolean isLong() {
        return value instanceof Long;
    }

    /** Returns the field's value, or {@code null} when this is not an object or has no such field. */
    public @Nullable JsonTree get(String field) {
        return isObject() ? fields().get(field) : null;
    }

    /** Returns the element at {@code index}, or {@code null} when this is not an array or is shorter. */
    public @Nullable JsonTree get(int index) {
        return isArray() && index >= 0 && index < elements().size() ? elements().get(index) : null;
    }

    /** Returns the field's value, or {@link #MISSING}. */
    public JsonTree path(String field) {
        JsonTree found = get(field);
        return found == null ? MISSING : found;
    }

    /** Returns the element at {@code index}, or {@link #MISSING}. */
    public JsonTree path(int index) {
        JsonTree found = get(index);
        return found == null ? MISSING : found;
    }

    /** Returns whether this object has the field, even with a JSON null. */
    public boolean has(String field) {
        return get(field) != null;
    }

    /** Returns whether this object has the field with a value other than JSON null. */
    public boolean hasNonNull(String field) {
        JsonTree found = get(field);
        return found != null && !found.isNull();
    }

    /** Returns the number of fields of an object or elements of an array; 0 for any other value. */
    public int size() {
        if (isObject()) {
            return fields().size();
        }
        return isArray() ? elements().size() : 0;
    }

    /** Returns the elements of an array in order; an empty list for any other value. */
    public List<JsonTree> elements() {
        if (!isArray()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<JsonTree> elements = (List<JsonTree>) value;
        return elements;
    }

    /** Returns the text of a string; {@code null} for any other value. */
    public @Nullable String text() {
        return isTextual() ? (String) value : null;
    }

    /** Returns the value of an integral number that fits a {@code long}, else {@code fallback}. */
    public long longValue(long fallback) {
        return value instanceof Long number ? number : fallback;
    }

    /** Returns the value of an integral number that fits an {@code int}, else {@code fallback}. */
    public int intValue(int fallback) {
        long number = longValue(Long.MIN_VALUE);
        return number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE ? (int) number : fallback;
    }

    private Map<String, JsonTree> fields() {
        @SuppressWarnings("unchecked")
        Map<String, JsonTree> fields = (Map<String, JsonTree>) value;
        return fields;
    }

    /** Returns the kind only: the tree may hold health values, which never reach a log. */
    @Override
    public String toString() {
        return "JsonTree[" + type + "]";
    }
}
