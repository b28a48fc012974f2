package io.iomt.sdk.dynamodb.internal;

import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.Metric;
import io.iomt.sdk.RefreshLease;
import io.iomt.sdk.TokenPair;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a {@link ConnectionRecord} to one item of the token table and back. Instants are stored
 * as ISO-8601 strings, so they round-trip to the nanosecond. Tokens pass through the encryption
 * functions given to the constructor. Immutable and thread-safe if those functions are.
 */
public final class TokenItems {

    /** Partition key: the connection key {@code subject/provider}. */
    public static final String KEY = "pk";
    /** Version for compare-and-set; the stored version of a record. */
    public static final String VERSION = "version";
    /** Key of the provider-user index: {@code provider/providerUserId}. */
    public static final String PROVIDER_USER = "providerUser";
    /** Name of the global secondary index on {@link #PROVIDER_USER}. */
    public static final String PROVIDER_USER_INDEX = "providerUser-index";

    static final String PROVIDER_USER_ID = "providerUserId";
    static final String SCOPES = "scopes";
    static final String STATUS = "status";
    static final String STATUS_REASON = "statusReason";
    static final String STATUS_CHANGED_AT = "statusChangedAt";
    /** Attribute of the encrypted access token; also part of its associated data. */
    public static final String ACCESS_TOKEN = "accessToken";
    /** Attribute of the encrypted refresh token; also part of its associated data. */
    public static final String REFRESH_TOKEN = "refreshToken";
    static final String TOKEN_EXPIRES_AT = "tokenExpiresAt";
    static final String TOKEN_SCOPES = "tokenScopes";
    static final String WATERMARKS = "watermarks";
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_EXPIRES_AT = "leaseExpiresAt";

    private final BinaryOperator<byte[]> encrypt;
    private final BinaryOperator<byte[]> decrypt;

    /**
     * Creates a mapper.
     *
     * @param encrypt (plaintext, associated data) to stored bytes
     * @param decrypt (stored bytes, associated data) to plaintext
     */
    public TokenItems(BinaryOperator<byte[]> encrypt, BinaryOperator<byte[]> decrypt) {
        this.encrypt = encrypt;
        this.decrypt = decrypt;
    }

    /** Returns the key of the item of {@code id}. */
    public static Map<String, AttributeValue> key(ConnectionId id) {
        return Map.of(KEY, string(id.key()));
    }

    /** Returns the item of {@code record} stored with version {@code version}. */
    public Map<String, AttributeValue> toItem(ConnectionRecord record, long version) {
        Connection connection = record.connection();
        String connectionKey = record.id().key();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, string(connectionKey));
        item.put(VERSION, number(version));
        if (connection.providerUserId() != null) {
            item.put(PROVIDER_USER_ID, string(connection.providerUserId()));
            item.put(PROVIDER_USER, string(providerUser(record.id().provider().value(), connection.providerUserId())));
        }
        putStringSet(item, SCOPES, connection.scopes());
        item.put(STATUS, string(connection.status().name()));
        if (connection.statusReason() != null) {
            item.put(STATUS_REASON, string(connection.statusReason()));
        }
        item.put(STATUS_CHANGED_AT, string(connection.statusChangedAt().toString()));

        TokenPair tokens = record.tokens();
        if (tokens != null) {
            item.put(ACCESS_TOKEN, sealed(tokens.accessToken(), connectionKey, ACCESS_TOKEN));
            if (tokens.refreshToken() != null) {
                item.put(REFRESH_TOKEN, sealed(tokens.refreshToken(), connectionKey, REFRESH_TOKEN));
            }
            item.put(TOKEN_EXPIRES_AT, string(tokens.expiresAt().toString()));
            putStringSet(item, TOKEN_SCOPES, tokens.scopes());
        }

        Map<String, AttributeValue> watermarks = new HashMap<>();
        record.watermarks().forEach((metric, at) -> watermarks.put(metric.id(), string(at.toString())));
        item.put(WATERMARKS, AttributeValue.fromM(watermarks));

        RefreshLease lease = record.lease();
        if (lease != null) {
            item.put(LEASE_OWNER, string(lease.owner()));
            item.put(LEASE_EXPIRES_AT, string(lease.expiresAt().toString()));
        }
        return item;
    }

    /**
     * Returns the record of a stored item.
     *
     * @throws IllegalStateException if a required attribute is missing or invalid
     */
    public ConnectionRecord fromItem(Map<String, AttributeValue> item) {
        String connectionKey = requiredString(item, KEY);
        ConnectionId id = ConnectionId.parse(connectionKey);
        Connection connection = new Connection(
                id,
                optionalString(item, PROVIDER_USER_ID),
                stringSet(item, SCOPES),
                ConnectionStatus.valueOf(requiredString(item, STATUS)),
                optionalString(item, STATUS_REASON),
                Instant.parse(requiredString(item, STATUS_CHANGED_AT)));

        TokenPair tokens = null;
        AttributeValue access = item.get(ACCESS_TOKEN);
        if (access != null && access.b() != null) {
            AttributeValue refresh = item.get(REFRESH_TOKEN);
            tokens = new TokenPair(
                    opened(access, connectionKey, ACCESS_TOKEN),
                    refresh == null || refresh.b() == null ? null : opened(refresh, connectionKey, REFRESH_TOKEN),
                    Instant.parse(requiredString(item, TOKEN_EXPIRES_AT)),
                    stringSet(item, TOKEN_SCOPES));
        }

        Map<Metric, Instant> watermarks = new EnumMap<>(Metric.class);
        AttributeValue storedWatermarks = item.get(WATERMARKS);
        if (storedWatermarks != null && storedWatermarks.hasM()) {
            storedWatermarks.m().forEach((metricId, at) -> watermarks.put(Metric.fromId(metricId), Instant.parse(at.s())));
        }

        RefreshLease lease = null;
        String leaseOwner = optionalString(item, LEASE_OWNER);
        if (leaseOwner != null) {
            lease = new RefreshLease(leaseOwner, Instant.parse(requiredString(item, LEASE_EXPIRES_AT)));
        }
        return new ConnectionRecord(connection, tokens, watermarks, lease, version(item));
    }

    /** Returns the stored version of {@code item}. */
    public static long version(Map<String, AttributeValue> item) {
        return Long.parseLong(requiredNumber(item, VERSION));
    }

    /** Returns the key of the provider-user index for a provider and the user's id there. */
    public static String providerUser(String provider, String providerUserId) {
        return provider + "/" + providerUserId;
    }

    /** Returns a string attribute value. */
    public static AttributeValue string(String value) {
        return AttributeValue.fromS(value);
    }

    /** Returns a number attribute value. */
    public static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private AttributeValue sealed(String token, String connectionKey, String attribute) {
        byte[] stored = encrypt.apply(token.getBytes(StandardCharsets.UTF_8), associatedData(connectionKey, attribute));
        return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(stored));
    }

    private String opened(AttributeValue stored, String connectionKey, String attribute) {
        byte[] plaintext = decrypt.apply(stored.b().asByteArray(), associatedData(connectionKey, attribute));
        return new String(plaintext, StandardCharsets.UTF_8);
    }

    /** Returns the associated data of a token attribute: {@code <connection key>#<attribute>} in UTF-8. */
    public static byte[] associatedData(String connectionKey, String attribute) {
        return (connectionKey + "#" + attribute).getBytes(StandardCharsets.UTF_8);
    }

    private static void putStringSet(Map<String, AttributeValue> item, String name, Set<String> values) {
        // DynamoDB rejects empty sets, so an empty set is stored as a missing attribute.
        if (!values.isEmpty()) {
            item.put(name, AttributeValue.fromSs(values.stream().sorted().toList()));
        }
    }

    private static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasSs() ? Set.of() : Set.copyOf(value.ss());
    }

    private static @Nullable String optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static String requiredString(Map<String, AttributeValue> item, String name) {
        String value = optionalString(item, name);
        if (value == null) {
            throw new IllegalStateException("Token item lacks the string attribute '" + name + "'");
        }
        return value;
    }

    private static String requiredNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalStateException("Token item lacks the number attribute '" + name + "'");
        }
        return value.n();
    }
}
