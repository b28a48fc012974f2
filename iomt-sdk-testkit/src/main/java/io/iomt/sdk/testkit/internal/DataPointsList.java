package io.iomt.sdk.testkit.internal;

import io.iomt.sdk.testkit.SimulatedFault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code dataPoints.list}: filter, page size, newest-first order and opaque page tokens.
 * A page token records the data type, the user, a hash of the filter and the index at which the
 * next page starts, so paging is stable and a token cannot be replayed with another filter.
 * Stateless and thread-safe.
 */
final class DataPointsList {

    private DataPointsList() {
    }

    static SimResponse list(PointTable table, String healthUserId, Map<String, String> query, @Nullable SimulatedFault fault) {
        DataTypeSpec type = table.type;
        int pageSize;
        try {
            pageSize = pageSize(query.get("pageSize"), type);
        } catch (NumberFormatException e) {
            return Json.rpcError(400, "Invalid pageSize '" + query.get("pageSize") + "': expected a non-negative integer", null);
        }
        Filter filter;
        try {
            filter = Filter.parse(query.getOrDefault("filter", ""), type);
        } catch (Filter.Invalid e) {
            return Json.rpcError(400, e.getMessage(), e.reason, Map.of("dataType", type.id));
        }

        String requestToken = query.get("pageToken");
        int cursor = table.size() - 1;
        if (requestToken != null && !requestToken.isEmpty()) {
            Integer decoded = decode(requestToken, type, healthUserId, filter);
            if (decoded == null) {
                return Json.rpcError(400, "Invalid pageToken: it does not belong to this data type, user and filter", null);
            }
            cursor = Math.min(decoded, table.size() - 1);
        }

        SimulatedFault.Kind kind = fault == null ? null : fault.kind();
        // A page of a type without session names and without a next page token is the same for
        // every user, so it is rendered (and compressed) once per filter, page size and cursor.
        boolean shareable = kind == null && type.shape != DataTypeSpec.Shape.SESSION;
        String pageKey = filter.text() + '|' + pageSize + '|' + cursor;
        if (shareable) {
            ResponseBody cached = table.cachedPage(pageKey);
            if (cached != null) {
                return SimResponse.json(200, cached);
            }
        }
        if (kind == SimulatedFault.Kind.EMPTY_PAGE_WITH_TOKEN) {
            return SimResponse.json(200, page(table, healthUserId, new int[0], 0, encode(type, healthUserId, filter, cursor)));
        }
        if (kind == SimulatedFault.Kind.SHORT_PAGE) {
            pageSize = Math.min(pageSize, fault.pageLimit());
        }

        int[] indices = new int[Math.min(pageSize, Math.max(0, cursor + 1))];
        int count = 0;
        int i = cursor;
        for (; i >= 0 && count < indices.length; i--) {
            if (filter.test(table, i)) {
                indices[count++] = i;
            }
        }
        while (i >= 0 && !filter.test(table, i)) {
            i--;
        }
        String nextToken = i >= 0 ? encode(type, healthUserId, filter, i) : null;
        if (kind == SimulatedFault.Kind.REPEATED_PAGE_TOKEN) {
            nextToken = requestToken;
        }

        byte[] body = page(table, healthUserId, indices, count, nextToken);
        if (kind == SimulatedFault.Kind.TRUNCATED_PAGE) {
            return SimResponse.json(200, truncate(body));
        }
        if (shareable && nextToken == null) {
            return SimResponse.json(200, table.keepPage(pageKey, body));
        }
        return SimResponse.json(200, body);
    }

    private static int pageSize(@Nullable String text, DataTypeSpec type) {
        if (text == null || text.isEmpty()) {
            return type.defaultPageSize();
        }
        int requested = Integer.parseInt(text.trim());
        if (requested < 0) {
            throw new NumberFormatException("negative");
        }
        return requested == 0 ? type.defaultPageSize() : Math.min(requested, type.maxPageSize());
    }

    private static byte[] page(PointTable table, String healthUserId, int[] indices, int count, @Nullable String nextToken) {
        byte[][] points = new byte[count][];
        int size = 64 + (nextToken == null ? 0 : nextToken.length());
        for (int k = 0; k < count; k++) {
            points[k] = table.pointJson(indices[k], healthUserId);
            size += points[k].length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(ascii("{"));
        // Proto3 JSON leaves out an empty repeated field, so an empty page has no dataPoints key.
        if (count > 0) {
            out.writeBytes(ascii("\"dataPoints\":["));
            for (int k = 0; k < count; k++) {
                if (k > 0) {
                    out.write(',');
                }
                out.writeBytes(points[k]);
            }
            out.write(']');
        }
        if (nextToken != null) {
            // Page tokens are base64url, so they need no escaping.
            out.writeBytes(ascii((count > 0 ? "," : "") + "\"nextPageToken\":\"" + nextToken + "\""));
        }
        out.write('}');
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Cuts a page inside its data array (or halfway for a page without points), leaving invalid JSON. */
    static byte[] truncate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int arrayStart = text.indexOf('[');
        int cut = arrayStart >= 0 ? arrayStart + 1 + (text.length() - arrayStart - 1) / 2 : Math.max(1, body.length / 2);
        return Arrays.copyOf(body, Math.min(cut, body.length - 1));
    }

    private static String encode(DataTypeSpec type, String healthUserId, Filter filter, int cursor) {
        String raw = "v1|" + type.id + "|" + healthUserId + "|" + Integer.toHexString(filter.text().hashCode()) + "|" + cursor;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static @Nullable Integer decode(String token, DataTypeSpec type, String healthUserId, Filter filter) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 5 || !parts[0].equals("v1") || !parts[1].equals(type.id) || !parts[2].equals(healthUserId)
                    || !parts[3].equals(Integer.toHexString(filter.text().hashCode()))) {
                return null;
            }
            int cursor = Integer.parseInt(parts[4]);
            return cursor < 0 ? null : cursor;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
