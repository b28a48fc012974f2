package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.StoreException;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TokenStore;
import io.iomt.sdk.TokenStoreContract;
import io.iomt.sdk.dynamodb.internal.TokenItems;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbTokenStoreTest extends TokenStoreContract {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private String tableName;

    @Override
    protected TokenStore newStore() {
        tableName = DynaliteExtension.uniqueTableName("tokens");
        DynamoDbTables.createTokenTable(DYNALITE.client(), tableName);
        return store(TokenCipher.plaintextForDevelopment());
    }

    private DynamoDbTokenStore store(TokenCipher cipher) {
        return DynamoDbTokenStore.builder()
                .client(DYNALITE.client())
                .tableName(tableName)
                .tokenCipher(cipher)
                .build();
    }

    private Map<String, AttributeValue> storedItem(ConnectionId id) {
        return DYNALITE.client().getItem(get -> get.tableName(tableName).key(TokenItems.key(id)).consistentRead(true)).item();
    }

    @Test
    void tokensPassThroughCipherWithAssociatedData() {
        ReversingCipher cipher = new ReversingCipher();
        DynamoDbTokenStore store = store(cipher);

        ConnectionRecord saved = store.save(fullRecord("s1"));

        Map<String, AttributeValue> item = storedItem(saved.id());
        byte[] storedAccess = item.get("accessToken").b().asByteArray();
        assertThat(new String(storedAccess, StandardCharsets.UTF_8)).isEqualTo("1s-ssecca");
        assertThat(cipher.lastAssociatedData).isEqualTo("s1/google-health#refreshToken");
        assertThat(store.load(saved.id()).orElseThrow().tokens()).isEqualTo(saved.tokens());
    }

    @Test
    void itemKeepsStatusWatermarksAndLease() {
        ConnectionRecord saved = store().save(fullRecord("s1"));

        Map<String, AttributeValue> item = storedItem(saved.id());

        assertThat(item.get("pk").s()).isEqualTo("s1/google-health");
        assertThat(item.get("version").n()).isEqualTo("1");
        assertThat(item.get("status").s()).isEqualTo("ACTIVE");
        assertThat(item.get("watermarks").m()).containsOnlyKeys("heart-rate", "steps");
        assertThat(item.get("leaseOwner").s()).isEqualTo("host-a");
        assertThat(item.get("providerUser").s()).isEqualTo("google-health/health-user-s1");
    }

    @Test
    void plaintextCipherStoresMarkedPlaintext() {
        ConnectionRecord saved = store().save(fullRecord("s1"));

        byte[] stored = storedItem(saved.id()).get("refreshToken").b().asByteArray();

        assertThat(stored[0]).isZero();
        assertThat(new String(Arrays.copyOfRange(stored, 1, stored.length), StandardCharsets.UTF_8)).isEqualTo("refresh-s1");
    }

    @Test
    void wrongCipherRaisesStoreException() {
        ConnectionRecord saved = store().save(fullRecord("s1"));
        DynamoDbTokenStore other = store(new ReversingCipher());

        assertThatThrownBy(() -> other.load(saved.id()))
                .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isFalse())
                .hasMessageContaining("s1/google-health")
                .hasMessageNotContaining("access-s1");
    }

    @Test
    void findByProviderUserUsesIndex() {
        store().save(fullRecord("s1"));
        store().save(fullRecord("s2"));

        DynamoDbTokenStore store = (DynamoDbTokenStore) store();

        assertThat(store.findByProviderUser(ProviderId.GOOGLE_HEALTH, "health-user-s2"))
                .containsExactly(ConnectionId.of(SubjectId.of("s2"), ProviderId.GOOGLE_HEALTH));
        assertThat(store.findByProviderUser(ProviderId.GOOGLE_HEALTH, "unknown")).isEmpty();
    }

    @Test
    void listRejectsForeignPageToken() {
        assertThatThrownBy(() -> store().list("no-slash", 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingTableIsNotRetryable() {
        DynamoDbTokenStore store = DynamoDbTokenStore.builder()
                .client(DYNALITE.client())
                .tableName("no-such-table")
                .tokenCipher(TokenCipher.plaintextForDevelopment())
                .build();

        assertThatThrownBy(() -> store.load(ConnectionId.of(SubjectId.of("s1"), ProviderId.GOOGLE_HEALTH)))
                .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isFalse())
                .hasMessageContaining("no-such-table");
    }

    @Test
    void builderRequiresCipher() {
        assertThatThrownBy(() -> DynamoDbTokenStore.builder().client(DYNALITE.client()).tableName("tokens").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tokenCipher");
    }

    @Test
    void builderRejectsInvalidTableName() {
        assertThatThrownBy(() -> DynamoDbTokenStore.builder().tableName("a b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a b");
    }

    /** Reverses the bytes and checks the associated data, standing in for an authenticated cipher. */
    private static final class ReversingCipher implements TokenCipher {
        volatile String lastAssociatedData;

        @Override
        public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
            lastAssociatedData = new String(associatedData, StandardCharsets.UTF_8);
            return reversed(plaintext);
        }

        @Override
        public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
            if (ciphertext.length > 0 && ciphertext[0] == 0) {
                throw new IllegalStateException("not made by this cipher");
            }
            return reversed(ciphertext);
        }

        private static byte[] reversed(byte[] bytes) {
            byte[] copy = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                copy[i] = bytes[bytes.length - 1 - i];
            }
            return copy;
        }
    }
}
