package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.dynamodb.internal.TokenItems;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AesGcmTokenCipherTest {

    private static final byte[] TOKEN = "ya29.secret-access-token".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ACCESS_AD = TokenItems.associatedData("patient-1/google-health", "accessToken");
    private static final byte[] REFRESH_AD = TokenItems.associatedData("patient-1/google-health", "refreshToken");
    private static final byte[] OTHER_ITEM_AD = TokenItems.associatedData("patient-2/google-health", "accessToken");

    private final SecureRandom random = new SecureRandom();
    private final LocalKeyProvider keys = LocalKeyProvider.generate("key-2026-12", random);
    private final AesGcmTokenCipher cipher = AesGcmTokenCipher.create(keys);

    @Test
    void roundTripRestoresPlaintext() {
        byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);

        assertThat(cipher.decrypt(stored, ACCESS_AD)).isEqualTo(TOKEN);
    }

    @Test
    void warmUpKeepsCiphersWorking() {
        byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);

        AesGcmTokenCipher.warmUp();

        assertThat(cipher.decrypt(stored, ACCESS_AD)).isEqualTo(TOKEN);
        assertThat(cipher.decrypt(cipher.encrypt(TOKEN, ACCESS_AD), ACCESS_AD)).isEqualTo(TOKEN);
    }

    @Test
    void storedFormHasHeaderAndNoPlaintext() {
        byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);

        assertThat(stored[0]).isEqualTo(AesGcmTokenCipher.FORMAT_VERSION);
        assertThat(AesGcmTokenCipher.keyIdOf(stored)).contains("key-2026-12");
        int expected = 1 + 1 + "key-2026-12".length() + 2 + 12 + TOKEN.length + 16;
        assertThat(stored).hasSize(expected);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("secret-access-token");
    }

    @Test
    void everyEncryptionUsesFreshNonce() {
        Set<String> nonces = new HashSet<>();
        Set<String> ciphertexts = new HashSet<>();
        int headerLength = 1 + 1 + "key-2026-12".length() + 2;
        for (int i = 0; i < 200; i++) {
            byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);
            nonces.add(Arrays.toString(Arrays.copyOfRange(stored, headerLength, headerLength + 12)));
            ciphertexts.add(Arrays.toString(stored));
        }

        assertThat(nonces).hasSize(200);
        assertThat(ciphertexts).hasSize(200);
    }

    @Test
    void ciphertextMovedToOtherAttributeFails() {
        byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);

        assertThatThrownBy(() -> cipher.decrypt(stored, REFRESH_AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed authentication")
                .hasMessageNotContaining("secret");
    }

    @Test
    void ciphertextMovedToOtherItemFails() {
        byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);

        assertThatThrownBy(() -> cipher.decrypt(stored, OTHER_ITEM_AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another item or attribute");
    }

    @Test
    void alteredByteAnywhereFails() {
        byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);
        // Byte 1 is the key id length; changing it makes the header unreadable, which fails too.
        for (int i = 1; i < stored.length; i++) {
            byte[] altered = stored.clone();
            altered[i] ^= 0x01;
            int position = i;
            assertThatThrownBy(() -> cipher.decrypt(altered, ACCESS_AD))
                    .as("byte %d altered", position)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void truncatedCiphertextIsDamaged() {
        byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);

        assertThatThrownBy(() -> cipher.decrypt(Arrays.copyOf(stored, 20), ACCESS_AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("truncated or damaged");
        assertThatThrownBy(() -> cipher.decrypt(new byte[0], ACCESS_AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown format version");
        assertThatThrownBy(() -> cipher.decrypt(new byte[] {7, 1, 2}, ACCESS_AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown format version 7");
    }

    @Test
    void rotatedKeyDecryptsOldAndEncryptsNew() {
        byte[] oldKey = new byte[32];
        byte[] newKey = new byte[32];
        random.nextBytes(oldKey);
        random.nextBytes(newKey);
        AesGcmTokenCipher before = AesGcmTokenCipher.create(LocalKeyProvider.of("old", oldKey));
        AesGcmTokenCipher after = AesGcmTokenCipher.create(LocalKeyProvider.of("new", newKey).withPreviousKey("old", oldKey));
        byte[] written = before.encrypt(TOKEN, ACCESS_AD);

        assertThat(after.decrypt(written, ACCESS_AD)).isEqualTo(TOKEN);

        byte[] rewritten = after.encrypt(TOKEN, ACCESS_AD);
        assertThat(AesGcmTokenCipher.keyIdOf(rewritten)).contains("new");
        AesGcmTokenCipher newOnly = AesGcmTokenCipher.create(LocalKeyProvider.of("new", newKey));
        assertThat(newOnly.decrypt(rewritten, ACCESS_AD)).isEqualTo(TOKEN);
        assertThatThrownBy(() -> newOnly.decrypt(written, ACCESS_AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No token key with id 'old'");
    }

    @Test
    void sameKeyIdWithOtherKeyFails() {
        byte[] stored = cipher.encrypt(TOKEN, ACCESS_AD);
        AesGcmTokenCipher impostor = AesGcmTokenCipher.create(LocalKeyProvider.generate("key-2026-12", random));

        assertThatThrownBy(() -> impostor.decrypt(stored, ACCESS_AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void plaintextItemsRejectedByDefault() {
        byte[] plaintext = TokenCipher.plaintextForDevelopment().encrypt(TOKEN, ACCESS_AD);

        assertThatThrownBy(() -> cipher.decrypt(plaintext, ACCESS_AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("readPlaintextItems");
        assertThat(AesGcmTokenCipher.keyIdOf(plaintext)).isEmpty();
    }

    @Test
    void plaintextItemsReadWhenMigrating() {
        AesGcmTokenCipher migrating = AesGcmTokenCipher.builder().keyProvider(keys).readPlaintextItems(true).build();
        byte[] plaintext = TokenCipher.plaintextForDevelopment().encrypt(TOKEN, ACCESS_AD);

        assertThat(migrating.decrypt(plaintext, ACCESS_AD)).isEqualTo(TOKEN);
        assertThat(migrating.encrypt(TOKEN, ACCESS_AD)[0]).isEqualTo(AesGcmTokenCipher.FORMAT_VERSION);
    }

    @Test
    void emptyTokenRoundTrips() {
        byte[] stored = cipher.encrypt(new byte[0], ACCESS_AD);

        assertThat(cipher.decrypt(stored, ACCESS_AD)).isEmpty();
    }

    @Test
    void builderRequiresKeyProvider() {
        assertThatThrownBy(() -> AesGcmTokenCipher.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyProvider");
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(cipher.toString()).contains("key-2026-12").doesNotContain("SecretKeySpec");
        assertThat(keys.currentKey().toString()).contains("<hidden>");
    }
}
