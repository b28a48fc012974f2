package io.iomt.sdk.lambda;

import io.iomt.sdk.SubjectId;
import io.iomt.sdk.fitbit.AuthorizationRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Pending OAuth authorizations, one DynamoDB item per {@code state}: the subject, the PKCE
 * verifier, the redirect URI and scopes, and an expiry that the table's TTL uses.
 *
 * <p>Why server-side: the callback is a browser redirect that carries no JWT, so the subject must
 * come from something the server alone can vouch for. An item keyed by the 256-bit random state
 * is read and deleted in one {@code DeleteItem} (return old values), so each state works once; the
 * verifier never leaves AWS (the table is encrypted with the customer KMS key), and no signing key
 * has to be managed. An expired item is refused even before TTL removes it, since TTL deletes late.
 *
 * <p>Thread-safe. Uses the caller's client and never closes it.
 */
final class OAuthStateStore {

    /** How long a user has to finish consent. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    static final String KEY = "state";
    static final String EXPIRES_AT = "expiresAt";

    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;

    OAuthStateStore(DynamoDbClient client, String tableName, Clock clock) {
        this.client = client;
        this.tableName = tableName;
        this.clock = clock;
    }

    /** A pending authorization: whose it is and the request to complete it with. */
    record Pending(SubjectId subject, AuthorizationRequest request) {
    }

    /** Stores {@code request} for {@code subject}; returns when it expires. */
    Instant put(SubjectId subject, AuthorizationRequest request) {
        Instant expiresAt = clock.instant().plus(LIFETIME);
        client.putItem(put -> put.tableName(tableName)
                .item(Map.of(
                        KEY, s(request.state()),
                        "subject", s(subject.value()),
                        "verifier", s(request.codeVerifier()),
                        "redirectUri", s(request.redirectUri()),
                        "url", s(request.url().toString()),
                        "scopes", AttributeValue.fromL(request.scopes().stream().map(OAuthStateStore::s).toList()),
                        EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                .conditionExpression("attribute_not_exists(#k)")
                .expressionAttributeNames(Map.of("#k", KEY)));
        return expiresAt;
    }

    /** Removes and returns the pending authorization of {@code state}; empty if unknown, used or expired. */
    Optional<Pending> take(String state) {
        DeleteItemResponse response = client.deleteItem(delete -> delete.tableName(tableName)
                .key(Map.of(KEY, s(state)))
                .returnValues(ReturnValue.ALL_OLD));
        if (!response.hasAttributes() || response.attributes().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.attributes();
        if (Long.parseLong(item.get(EXPIRES_AT).n()) <= clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        List<String> scopes = item.get("scopes").l().stream().map(AttributeValue::s).toList();
        AuthorizationRequest request = new AuthorizationRequest(URI.create(item.get("url").s()), state,
                item.get("verifier").s(), item.get("redirectUri").s(), new LinkedHashSet<>(scopes));
        return Optional.of(new Pending(SubjectId.of(item.get("subject").s()), request));
    }

    /** Creates the table as the SAM template declares it (on-demand); for tests and local runs. */
    static void createTable(DynamoDbClient client, String tableName) {
        client.createTable(create -> create.tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY)
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build()));
        client.waiter().waitUntilTableExists(wait -> wait.tableName(tableName));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @Override
    public String toString() {
        return "OAuthStateStore[table=" + tableName + "]";
    }
}
