package io.iomt.sdk.fitbit.internal.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.iomt.sdk.fitbit.internal.JsonTree;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Parses a Tink JSON public keyset ({@code {"primaryKeyId":..,"key":[..]}}) into verification
 * keys. Keys that are not ENABLED, not {@code TINK}-prefixed, not ECDSA or not SHA-256 on P-256
 * are skipped and described in {@link Result#skipped()}. Stateless and thread-safe.
 */
public final class TinkKeysetParser {

    private static final long MAX_KEY_ID = 0xFFFF_FFFFL;

    private TinkKeysetParser() {
    }

    /**
     * A parsed keyset.
     *
     * @param keys the usable keys by key id, in keyset order
     * @param primaryKeyId the keyset's primary key id, or null when absent
     * @param skipped one description per skipped key, without key material
     */
    public record Result(Map<Long, EcdsaVerificationKey> keys, @Nullable Long primaryKeyId, List<String> skipped) {
        /** Creates a result. */
        public Result {
            keys = Map.copyOf(keys);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Parses a keyset.
     *
     * @throws IllegalArgumentException if the text is not JSON of the keyset shape; the message
     *     names the field that failed
     */
    public static Result parse(String json) {
        JsonTree root;
        try {
            root = JsonTree.parse(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("keyset is not valid JSON: " + e.getOriginalMessage());
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("keyset must be a JSON object with a 'key' array");
        }
        JsonTree keyArray = root.get("key");
        if (keyArray == null || !keyArray.isArray()) {
            throw new IllegalArgumentException("keyset has no 'key' array");
        }

        Long primaryKeyId = root.hasNonNull("primaryKeyId") ? keyId(root.get("primaryKeyId"), "primaryKeyId") : null;
        Map<Long, EcdsaVerificationKey> keys = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<JsonTree> entries = keyArray.elements();
        for (int i = 0; i < entries.size(); i++) {
            String problem = readKey(entries.get(i), i, keys);
            if (problem != null) {
                skipped.add(problem);
            }
        }
        return new Result(keys, primaryKeyId, skipped);
    }

    /** Adds the entry's key to {@code keys}, or returns why it was skipped. */
    private static @Nullable String readKey(JsonTree entry, int index, Map<Long, EcdsaVerificationKey> keys) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("keyset key[" + index + "] is not a JSON object");
        }
        long keyId = keyId(entry.get("keyId"), "key[" + index + "].keyId");
        String label = "key " + keyId;
        String status = text(entry, "status");
        if (!"ENABLED".equals(status)) {
            return label + ": status is " + status + ", not ENABLED";
        }
        String prefixType = text(entry, "outputPrefixType");
        if (!"TINK".equals(prefixType)) {
            return label + ": outputPrefixType is " + prefixType + ", only TINK is supported";
        }
        JsonTree keyData = entry.get("keyData");
        if (keyData == null || !keyData.isObject()) {
            throw new IllegalArgumentException("keyset key[" + index + "] has no 'keyData' object");
        }
        String typeUrl = text(keyData, "typeUrl");
        if (!TinkEcdsaKeyDecoder.TYPE_URL.equals(typeUrl)) {
            return label + ": typeUrl is " + typeUrl + ", only " + TinkEcdsaKeyDecoder.TYPE_URL + " is supported";
        }
        String materialType = text(keyData, "keyMaterialType");
        if (materialType != null && !"ASYMMETRIC_PUBLIC".equals(materialType)) {
            return label + ": keyMaterialType is " + materialType + ", expected ASYMMETRIC_PUBLIC";
        }
        if (keys.containsKey(keyId)) {
            return label + ": duplicate key id; the first ENABLED key with this id is used";
        }

        byte[] serialized;
        try {
            serialized = Base64.getDecoder().decode(String.valueOf(text(keyData, "value")));
        } catch (IllegalArgumentException e) {
            return label + ": keyData.value is not valid base64";
        }
        try {
            keys.put(keyId, TinkEcdsaKeyDecoder.decode(keyId, serialized));
            return null;
        } catch (IllegalArgumentException e) {
            return label + ": " + e.getMessage();
        }
    }

    private static long keyId(@Nullable JsonTree node, String field) {
        if (node == null || !node.isLong()) {
            throw new IllegalArgumentException("keyset field '" + field + "' must be an integer");
        }
        long value = node.longValue(0);
        if (value < 0 || value > MAX_KEY_ID) {
            throw new IllegalArgumentException("keyset field '" + field + "' is " + value
                    + ", outside the unsigned 32-bit range of Tink key ids");
        }
        return value;
    }

    private static @Nullable String text(JsonTree node, String field) {
        JsonTree value = node.get(field);
        return value == null ? null : value.text();
    }
}
