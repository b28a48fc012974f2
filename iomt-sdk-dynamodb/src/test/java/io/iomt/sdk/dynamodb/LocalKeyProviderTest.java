package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class LocalKeyProviderTest {

    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 3);
        }
    }

    @Test
    void base64KeyMatchesRawKey() {
        LocalKeyProvider fromBytes = LocalKeyProvider.of("k1", KEY);
        LocalKeyProvider fromBase64 = LocalKeyProvider.fromBase64("k1", Base64.getEncoder().encodeToString(KEY));
        LocalKeyProvider fromUrlSafe = LocalKeyProvider.fromBase64("k1", Base64.getUrlEncoder().encodeToString(KEY));

        assertThat(fromBase64.currentKey().key()).isEqualTo(fromBytes.currentKey().key());
        assertThat(fromUrlSafe.currentKey().key()).isEqualTo(fromBytes.currentKey().key());
        assertThat(fromBytes.currentKey().keyId()).isEqualTo("k1");
        assertThat(fromBytes.currentKey().wrappedKey()).isEmpty();
    }

    @Test
    void shortKeyRejected() {
        assertThatThrownBy(() -> LocalKeyProvider.of("k1", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .hasMessageContaining("got 16");
    }

    @Test
    void invalidBase64RejectedWithoutKeyText() {
        assertThatThrownBy(() -> LocalKeyProvider.fromBase64("k1", "not*base64*secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("secret")
                .hasNoCause();
    }

    @Test
    void keyIdLengthChecked() {
        assertThatThrownBy(() -> LocalKeyProvider.of("", KEY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalKeyProvider.of("x".repeat(256), KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
    }

    @Test
    void previousKeyDecryptsOnly() {
        byte[] previous = KEY.clone();
        previous[0] ^= 1;
        LocalKeyProvider provider = LocalKeyProvider.of("k2", KEY).withPreviousKey("k1", previous);

        assertThat(provider.currentKey().keyId()).isEqualTo("k2");
        assertThat(provider.key("k1", new byte[0]).getEncoded()).isEqualTo(previous);
        assertThat(provider.key("k2", new byte[0]).getEncoded()).isEqualTo(KEY);
    }

    @Test
    void reusedKeyIdRejected() {
        byte[] other = KEY.clone();
        other[5] ^= 1;

        assertThatThrownBy(() -> LocalKeyProvider.of("k1", KEY).withPreviousKey("k1", other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already names another key");
    }

    @Test
    void unknownKeyIdNamesKnownIds() {
        assertThatThrownBy(() -> LocalKeyProvider.of("k2", KEY).key("k0", new byte[0]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'k0'")
                .hasMessageContaining("[k2]");
    }

    @Test
    void toStringShowsIdsOnly() {
        String text = LocalKeyProvider.of("k2", KEY).withPreviousKey("k1", new byte[32]).toString();

        assertThat(text).contains("k1").contains("k2").doesNotContain(Base64.getEncoder().encodeToString(KEY));
    }
}
