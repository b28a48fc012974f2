package io.iomt.sdk.fitbit;

import static io.iomt.sdk.fitbit.WebhookTestSupport.keysetJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.fitbit.WebhookTestSupport.TestKey;
import io.iomt.sdk.fitbit.internal.webhook.EcdsaVerificationKey;
import io.iomt.sdk.fitbit.internal.webhook.TinkEcdsaKeyDecoder;
import java.math.BigInteger;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookKeysetTest {

    // An EcdsaPublicKey value as Google publishes it (SHA-256, P-256, DER, coordinates with a
    // leading zero byte), with its coordinates in decimal.
    private static final String PUBLISHED_KEY_VALUE = "EgYIAxACGAIaIQBDWg3kaiabjtrVXbSSbcn6e3QqiCLD+B4GuhC/Z1C6miIhACarm0VQ"
            + "v9WjNZG/AB0itXCIGFW5ddInmBFUjK/8w0v3";
    private static final BigInteger PUBLISHED_X =
            new BigInteger("30464072971658236180623026012261445907865018865466996670004259804604043147930");
    private static final BigInteger PUBLISHED_Y =
            new BigInteger("17491090733665198527707448657584605832598762999353660226629372998000048294903");

    @Test
    void publishedKeyDecodes() {
        EcdsaVerificationKey key = TinkEcdsaKeyDecoder.decode(5, Base64.getDecoder().decode(PUBLISHED_KEY_VALUE));

        assertThat(key.keyId()).isEqualTo(5);
        assertThat(key.publicKey().getW().getAffineX()).isEqualTo(PUBLISHED_X);
        assertThat(key.publicKey().getW().getAffineY()).isEqualTo(PUBLISHED_Y);
    }

    @Test
    void publishedKeysetParses() {
        String json = "{\"primaryKeyId\":3050327000,\"key\":[{\"keyData\":{\"typeUrl\":"
                + "\"type.googleapis.com/google.crypto.tink.EcdsaPublicKey\",\"value\":\"" + PUBLISHED_KEY_VALUE
                + "\",\"keyMaterialType\":\"ASYMMETRIC_PUBLIC\"},\"status\":\"ENABLED\",\"keyId\":3050327000,"
                + "\"outputPrefixType\":\"TINK\"}]}";

        WebhookKeyset keyset = WebhookKeyset.parse(json);

        assertThat(keyset.keyIds()).containsExactly(3_050_327_000L);
        assertThat(keyset.primaryKeyId()).isEqualTo(3_050_327_000L);
        assertThat(keyset.skippedKeys()).isEmpty();
    }

    @Test
    void onlyEnabledTinkP256KeysUsed() {
        TestKey enabled = new TestKey(1);
        String json = keysetJson(1, enabled.keyJson(),
                new TestKey(2).keyJson("DISABLED", "TINK", 3, 2),
                new TestKey(3).keyJson("ENABLED", "RAW", 3, 2),
                new TestKey(4).keyJson("ENABLED", "TINK", 4, 2),
                new TestKey(5).keyJson("ENABLED", "TINK", 3, 3));

        WebhookKeyset keyset = WebhookKeyset.parse(json);

        assertThat(keyset.keyIds()).containsExactly(1L);
        assertThat(keyset.skippedKeys()).hasSize(4);
        assertThat(keyset.skippedKeys().get(0)).isEqualTo("key 2: status is DISABLED, not ENABLED");
        assertThat(keyset.skippedKeys().get(1)).contains("outputPrefixType is RAW");
        assertThat(keyset.skippedKeys().get(2)).contains("unsupported hash type 4");
        assertThat(keyset.skippedKeys().get(3)).contains("unsupported curve 3");
    }

    @Test
    void pointOffCurveSkipped() {
        byte[] params = {0x08, 0x03, 0x10, 0x02, 0x18, 0x02};
        byte[] proto = new byte[2 + params.length + 4 + 4];
        int i = 0;
        proto[i++] = 0x12;
        proto[i++] = (byte) params.length;
        System.arraycopy(params, 0, proto, i, params.length);
        i += params.length;
        proto[i++] = 0x1A;
        proto[i++] = 2;
        proto[i++] = 0x01;
        proto[i++] = 0x02;
        proto[i++] = 0x22;
        proto[i++] = 2;
        proto[i++] = 0x03;
        proto[i] = 0x04;

        assertThatThrownBy(() -> TinkEcdsaKeyDecoder.decode(9, proto))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on the P-256 curve");
    }

    @Test
    void truncatedProtoRejected() {
        byte[] proto = Base64.getDecoder().decode(PUBLISHED_KEY_VALUE);
        byte[] truncated = java.util.Arrays.copyOf(proto, proto.length - 3);

        assertThatThrownBy(() -> TinkEcdsaKeyDecoder.decode(9, truncated))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the remaining");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"key\":{}}", "{\"key\":[{\"keyId\":-1}]}",
        "{\"key\":[{\"keyId\":4294967296}]}", "{\"key\":[{\"keyId\":\"7\"}]}", "{\"key\":[1]}",
        "{\"key\":[{\"keyId\":7.0}]}", "{\"key\":[],\"key\":[]}", "{\"key\":[]} {}", "{\"key\":[]", "nope"})
    void malformedKeysetRejected(String json) {
        assertThatThrownBy(() -> WebhookKeyset.parse(json))
                .isInstanceOf(WebhookKeysetException.class).hasMessageStartingWith("Invalid webhook keyset: ");
    }

    @Test
    void signatureVerifiesWithP1363Key() throws Exception {
        TestKey key = new TestKey(11);
        byte[] body = "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(key.pair.getPrivate());
        signer.update(body);
        byte[] raw = signer.sign();

        EcdsaVerificationKey decoded = TinkEcdsaKeyDecoder.decode(11, key.publicKeyProto(3, 2, 1));

        assertThat(decoded.verify(body, raw, 0)).isTrue();
        assertThat(decoded.verify("[ ]".getBytes(java.nio.charset.StandardCharsets.UTF_8), raw, 0)).isFalse();
    }

    @Test
    void toStringHasNoKeyMaterial() {
        TestKey key = new TestKey(12);
        WebhookKeyset keyset = WebhookKeyset.parse(keysetJson(key));

        assertThat(keyset.toString()).isEqualTo("WebhookKeyset[keyIds=[12], primaryKeyId=12, skippedKeys=0]");
    }
}
