package io.iomt.sdk.dynamodb.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Computes item sizes and capacity units with DynamoDB's published rules: an item's size is the
 * sum of its attribute names' UTF-8 lengths and its values' sizes; a string is its UTF-8 length,
 * binary its byte count, a number about one byte per two significant digits plus one, and maps
 * and lists add 3 bytes plus 1 per element. A write costs 1 write request unit per started KB of
 * the item; a strongly consistent read costs 1 read request unit per started 4 KB, an eventually
 * consistent read half of that. Thread-safe: it holds no state.
 */
public final class ItemSizes {

    /** The maximum item size DynamoDB accepts, in bytes. */
    public static final int MAX_ITEM_BYTES = 400 * 1024;

    private ItemSizes() {
    }

    /** Returns the size of {@code item} in bytes. */
    public static int itemBytes(Map<String, AttributeValue> item) {
        int total = 0;
        for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
            total += utf8Length(attribute.getKey()) + valueBytes(attribute.getValue());
        }
        return total;
    }

    /** Returns the write request units of writing an item of {@code itemBytes}. */
    public static int writeUnits(int itemBytes) {
        return Math.max(1, (itemBytes + 1023) / 1024);
    }

    /** Returns the read request units of reading {@code totalBytes} in one request. */
    public static double readUnits(long totalBytes, boolean stronglyConsistent) {
        long units = Math.max(1, (totalBytes + 4095) / 4096);
        return stronglyConsistent ? units : units / 2.0;
    }

    private static int valueBytes(AttributeValue value) {
        if (value.s() != null) {
            return utf8Length(value.s());
        }
        if (value.n() != null) {
            return numberBytes(value.n());
        }
        if (value.b() != null) {
            return value.b().asByteArrayUnsafe().length;
        }
        if (value.bool() != null || value.nul() != null) {
            return 1;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToInt(ItemSizes::utf8Length).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToInt(ItemSizes::numberBytes).sum();
        }
        if (value.hasBs()) {
            return value.bs().stream().mapToInt(bytes -> bytes.asByteArrayUnsafe().length).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().size() + itemBytes(value.m());
        }
        if (value.hasL()) {
            return 3 + listBytes(value.l());
        }
        return 0;
    }

    private static int listBytes(Collection<AttributeValue> values) {
        int total = 0;
        for (AttributeValue element : values) {
            total += 1 + valueBytes(element);
        }
        return total;
    }

    private static int numberBytes(String number) {
        BigDecimal decimal = new BigDecimal(number).stripTrailingZeros();
        int digits = decimal.signum() == 0 ? 1 : decimal.precision();
        return 1 + (digits + 1) / 2 + (decimal.signum() < 0 ? 1 : 0);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
