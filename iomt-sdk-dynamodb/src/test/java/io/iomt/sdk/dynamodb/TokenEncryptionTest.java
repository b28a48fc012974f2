package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.StoreException;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.dynamodb.internal.TokenItems;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tokens encrypted with AES-GCM in a real (dynalite) token table, read back raw. */
class TokenEncryptionTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String ACCESS = "ya29.a0AfB_plain-access-token-1";
    private static final String REFRESH = "1//0g-plain-refresh-token-1";

    private final SecureRandom random = new SecureRandom();
    private final byte[] oldKey = new byte[32];
    private final byte[] newKey = new byte[32];
    private String tableName;

    @BeforeEach
    void createTable() {
        random.nextBytes(oldKey);
        random.nextBytes(newKey);
        tableName = DynaliteExtension.uniqueTableName("encrypted-tokens");
        DynamoDbTables.createTokenTable(DYNALITE.client(), tableName);
    }

    private DynamoDbTokenStore store(TokenKeyProvider keys) {
        return DynamoDbTokenStore.builder().client(DYNALITE.client()).tableName(tableName)
                .tokenCipher(AesGcmTokenCipher.create(keys)).build();
    }

    private static ConnectionRecord record(String subject, String access, String refresh) {
        ConnectionId id = ConnectionId.of(SubjectId.of(subject), ProviderId.GOOGLE_HEALTH);
        return ConnectionRecord.newConnection(Connection.active(id, "health-" + subject, Set.of("s"), NOW),
                new TokenPair(access, refresh, NOW.plusSeconds(3600), Set.of("s")));
    }

    private Map<String, AttributeValue> rawItem(ConnectionId id) {
        return DYNALITE.client().getItem(get -> get.tableName(tableName).key(TokenItems.key(id)).consistentRead(true))
                .item();
    }

    /** Renders every attribute of an item, binary ones as Latin-1 text, so a plaintext token would show. */
    private static String render(Map<String, AttributeValue> item) {
        StringBuilder text = new StringBuilder();
        item.forEach((name, value) -> {
            text.append(name).append('=');
            if (value.b() != null) {
                text.append(new String(value.b().asByteArray(), StandardCharsets.ISO_8859_1));
                text.append(java.util.Base64.getEncoder().encodeToString(value.b().asByteArray()));
            } else {
                text.append(value);
            }
            text.append('\n');
        });
        return text.toString();
    }

    @Test
    void rawItemHasNoPlaintextToken() {
        DynamoDbTokenStore store = store(LocalKeyProvider.of("k1", oldKey));

        ConnectionRecord saved = store.save(record("patient-1", ACCESS, REFRESH));

        String raw = render(rawItem(saved.id()));
        assertThat(raw).doesNotContain(ACCESS);
        assertThat(raw).doesNotContain(REFRESH);
        assertThat(raw).doesNotContain("plain-access");
        assertThat(raw).doesNotContain("plain-refresh");
        assertThat(AesGcmTokenCipher.keyIdOf(rawItem(saved.id()).get("accessToken").b().asByteArray())).contains("k1");
        assertThat(store.load(saved.id()).orElseThrow().tokens().accessToken()).isEqualTo(ACCESS);
        assertThat(store.load(saved.id()).orElseThrow().tokens().refreshToken()).isEqualTo(REFRESH);
    }

    @Test
    void ciphertextSwappedBetweenItemsIsRejected() {
        DynamoDbTokenStore store = store(LocalKeyProvider.of("k1", oldKey));
        ConnectionRecord first = store.save(record("patient-1", ACCESS, REFRESH));
        ConnectionRecord second = store.save(record("patient-2", "ya29.other-access", "1//other-refresh"));

        // An attacker with write access to the table copies patient-2's tokens into patient-1's item.
        Map<String, AttributeValue> victim = new HashMap<>(rawItem(first.id()));
        Map<String, AttributeValue> donor = rawItem(second.id());
        victim.put("accessToken", donor.get("accessToken"));
        victim.put("refreshToken", donor.get("refreshToken"));
        DYNALITE.client().putItem(put -> put.tableName(tableName).item(victim));

        assertThatThrownBy(() -> store.load(first.id()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("patient-1/google-health")
                .hasMessageNotContaining("other-access");
    }

    @Test
    void accessAndRefreshSwappedIsRejected() {
        DynamoDbTokenStore store = store(LocalKeyProvider.of("k1", oldKey));
        ConnectionRecord saved = store.save(record("patient-1", ACCESS, REFRESH));
        Map<String, AttributeValue> item = new HashMap<>(rawItem(saved.id()));
        AttributeValue access = item.get("accessToken");
        item.put("accessToken", item.get("refreshToken"));
        item.put("refreshToken", access);
        DYNALITE.client().putItem(put -> put.tableName(tableName).item(item));

        assertThatThrownBy(() -> store.load(saved.id())).isInstanceOf(StoreException.class);
    }

    @Test
    void rotationReencryptsOnNextSave() {
        ConnectionRecord saved = store(LocalKeyProvider.of("k1", oldKey)).save(record("patient-1", ACCESS, REFRESH));
        DynamoDbTokenStore rotated = store(LocalKeyProvider.of("k2", newKey).withPreviousKey("k1", oldKey));

        ConnectionRecord loaded = rotated.load(saved.id()).orElseThrow();
        assertThat(loaded.tokens().accessToken()).isEqualTo(ACCESS);
        assertThat(AesGcmTokenCipher.keyIdOf(rawItem(saved.id()).get("accessToken").b().asByteArray())).contains("k1");

        rotated.save(loaded.withWatermark(io.iomt.sdk.Metric.HEART_RATE, NOW));

        Map<String, AttributeValue> item = rawItem(saved.id());
        assertThat(AesGcmTokenCipher.keyIdOf(item.get("accessToken").b().asByteArray())).contains("k2");
        assertThat(AesGcmTokenCipher.keyIdOf(item.get("refreshToken").b().asByteArray())).contains("k2");
        DynamoDbTokenStore newKeyOnly = store(LocalKeyProvider.of("k2", newKey));
        assertThat(newKeyOnly.load(saved.id()).orElseThrow().tokens().refreshToken()).isEqualTo(REFRESH);
    }

    @Test
    void wrongKeyFailsWithoutLeakingToken() {
        ConnectionRecord saved = store(LocalKeyProvider.of("k1", oldKey)).save(record("patient-1", ACCESS, REFRESH));

        assertThatThrownBy(() -> store(LocalKeyProvider.of("k1", newKey)).load(saved.id()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("another key")
                .hasMessageNotContaining(ACCESS);
    }

    @Test
    void developmentItemsMigrateToEncryption() {
        DynamoDbTokenStore plaintext = DynamoDbTokenStore.builder().client(DYNALITE.client()).tableName(tableName)
                .tokenCipher(TokenCipher.plaintextForDevelopment()).build();
        ConnectionRecord saved = plaintext.save(record("patient-1", ACCESS, REFRESH));
        DynamoDbTokenStore migrating = DynamoDbTokenStore.builder().client(DYNALITE.client()).tableName(tableName)
                .tokenCipher(AesGcmTokenCipher.builder().keyProvider(LocalKeyProvider.of("k1", oldKey))
                        .readPlaintextItems(true).build())
                .build();

        ConnectionRecord loaded = migrating.load(saved.id()).orElseThrow();
        migrating.save(loaded);

        assertThat(render(rawItem(saved.id()))).doesNotContain(ACCESS);
        assertThat(store(LocalKeyProvider.of("k1", oldKey)).load(saved.id()).orElseThrow().tokens().accessToken())
                .isEqualTo(ACCESS);
    }
}
