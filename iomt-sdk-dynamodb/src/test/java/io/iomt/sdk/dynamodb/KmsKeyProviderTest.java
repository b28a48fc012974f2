package io.iomt.sdk.dynamodb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.iomt.sdk.dynamodb.internal.TokenItems;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** KmsKeyProvider against WireMock on 127.0.0.1 speaking the KMS JSON 1.1 protocol. */
class KmsKeyProviderTest {

    private static final String JSON = "application/x-amz-json-1.1";
    private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/0f3c-example";
    private static final byte[] TOKEN = "1//refresh-token-value".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AD = TokenItems.associatedData("patient-1/google-health", "refreshToken");

    private WireMockServer wireMock;
    private KmsClient kms;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
        wireMock.start();
        kms = KmsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + wireMock.port()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        stubDataKey(1);
    }

    @AfterEach
    void stop() {
        kms.close();
        wireMock.stop();
    }

    private static MappingBuilder operation(String name) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("TrentService." + name));
    }

    /** The n-th fake data key: 32 bytes of n, wrapped as the text "wrapped-n". */
    private static byte[] dataKey(int n) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) n);
        return key;
    }

    private static String wrapped(int n) {
        return Base64.getEncoder().encodeToString(("wrapped-" + n).getBytes(StandardCharsets.UTF_8));
    }

    private void stubDataKey(int n) {
        String body = "{\"CiphertextBlob\":\"" + wrapped(n) + "\",\"KeyId\":\"" + KEY_ARN + "\",\"Plaintext\":\""
                + Base64.getEncoder().encodeToString(dataKey(n)) + "\"}";
        wireMock.stubFor(operation("GenerateDataKey")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(body)));
        wireMock.stubFor(operation("Decrypt").withRequestBody(containing(wrapped(n)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)
                        .withBody("{\"KeyId\":\"" + KEY_ARN + "\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\","
                                + "\"Plaintext\":\"" + Base64.getEncoder().encodeToString(dataKey(n)) + "\"}")));
    }

    private KmsKeyProvider.Builder provider() {
        return KmsKeyProvider.builder().kmsClient(kms).keyId("alias/iomt-tokens").clock(clock);
    }

    private List<LoggedRequest> requests(String operation) {
        return wireMock.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("TrentService." + operation)));
    }

    @Test
    void generateDataKeyRequestIsAes256WithContext() {
        AesGcmTokenCipher cipher = AesGcmTokenCipher.create(provider().build());

        byte[] stored = cipher.encrypt(TOKEN, AD);

        wireMock.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("TrentService.GenerateDataKey"))
                .withHeader("Content-Type", containing(JSON))
                .withRequestBody(matchingJsonPath("$.KeyId", equalTo("alias/iomt-tokens")))
                .withRequestBody(matchingJsonPath("$.KeySpec", equalTo("AES_256")))
                .withRequestBody(matchingJsonPath("$.EncryptionContext.purpose", equalTo("iomt-sdk-token"))));
        assertThat(AesGcmTokenCipher.keyIdOf(stored)).contains(KEY_ARN);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).contains("wrapped-1");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("refresh-token-value");
    }

    @Test
    void dataKeyReusedUntilLifetimeEnds() {
        AesGcmTokenCipher cipher = AesGcmTokenCipher.create(provider().dataKeyLifetime(Duration.ofMinutes(5)).build());

        for (int i = 0; i < 50; i++) {
            cipher.encrypt(TOKEN, AD);
        }
        assertThat(requests("GenerateDataKey")).hasSize(1);

        now.updateAndGet(t -> t.plus(Duration.ofMinutes(5)));
        cipher.encrypt(TOKEN, AD);
        assertThat(requests("GenerateDataKey")).hasSize(2);
    }

    @Test
    void dataKeyReplacedAfterMaxUses() {
        AesGcmTokenCipher cipher = AesGcmTokenCipher.create(provider().maxDataKeyUses(3).build());

        for (int i = 0; i < 7; i++) {
            cipher.encrypt(TOKEN, AD);
        }

        assertThat(requests("GenerateDataKey")).hasSize(3);
    }

    @Test
    void freshProviderUnwrapsWithDecrypt() {
        byte[] stored = AesGcmTokenCipher.create(provider().build()).encrypt(TOKEN, AD);
        AesGcmTokenCipher restarted = AesGcmTokenCipher.create(provider().build());

        assertThat(restarted.decrypt(stored, AD)).isEqualTo(TOKEN);
        assertThat(restarted.decrypt(stored, AD)).isEqualTo(TOKEN);

        List<LoggedRequest> decrypts = requests("Decrypt");
        assertThat(decrypts).as("unwrapped key is cached").hasSize(1);
        String body = decrypts.get(0).getBodyAsString();
        assertThat(body).contains("\"CiphertextBlob\":\"" + wrapped(1) + "\"");
        assertThat(body).contains("\"KeyId\":\"" + KEY_ARN + "\"");
        assertThat(body).contains("\"purpose\":\"iomt-sdk-token\"");
    }

    @Test
    void ownDataKeyDecryptsWithoutKms() {
        AesGcmTokenCipher cipher = AesGcmTokenCipher.create(provider().build());

        byte[] stored = cipher.encrypt(TOKEN, AD);

        assertThat(cipher.decrypt(stored, AD)).isEqualTo(TOKEN);
        assertThat(requests("Decrypt")).isEmpty();
    }

    @Test
    void oldDataKeyStillDecryptsAfterRotation() {
        KmsKeyProvider keys = provider().dataKeyLifetime(Duration.ofMinutes(1)).build();
        AesGcmTokenCipher cipher = AesGcmTokenCipher.create(keys);
        byte[] first = cipher.encrypt(TOKEN, AD);
        stubDataKey(2);
        now.updateAndGet(t -> t.plus(Duration.ofMinutes(2)));

        byte[] second = cipher.encrypt(TOKEN, AD);

        assertThat(new String(second, StandardCharsets.ISO_8859_1)).contains("wrapped-2");
        assertThat(cipher.decrypt(first, AD)).isEqualTo(TOKEN);
        assertThat(cipher.decrypt(second, AD)).isEqualTo(TOKEN);
        assertThat(requests("Decrypt")).as("the expired first key is unwrapped again").hasSize(1);
    }

    @Test
    void customContextIsSentOnBothCalls() {
        byte[] stored = AesGcmTokenCipher.create(provider().encryptionContext(Map.of("tenant", "clinic-7")).build())
                .encrypt(TOKEN, AD);
        AesGcmTokenCipher.create(provider().encryptionContext(Map.of("tenant", "clinic-7")).build()).decrypt(stored, AD);

        wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("TrentService.GenerateDataKey"))
                .withRequestBody(matchingJsonPath("$.EncryptionContext.tenant", equalTo("clinic-7"))));
        wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("TrentService.Decrypt"))
                .withRequestBody(matchingJsonPath("$.EncryptionContext.tenant", equalTo("clinic-7"))));
    }

    @Test
    void kmsErrorNamesOperationAndCode() {
        wireMock.stubFor(operation("GenerateDataKey").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", JSON)
                .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"not allowed\"}")));
        AesGcmTokenCipher cipher = AesGcmTokenCipher.create(provider().build());

        assertThatThrownBy(() -> cipher.encrypt(TOKEN, AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GenerateDataKey")
                .hasMessageContaining("AccessDeniedException")
                .hasMessageContaining("alias/iomt-tokens");
    }

    @Test
    void localCiphertextRejectedByKmsProvider() {
        byte[] local = AesGcmTokenCipher.create(LocalKeyProvider.of("local", dataKey(9))).encrypt(TOKEN, AD);

        assertThatThrownBy(() -> AesGcmTokenCipher.create(provider().build()).decrypt(local, AD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no wrapped data key");
    }

    @Test
    void builderValidatesSettings() {
        assertThatThrownBy(() -> KmsKeyProvider.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> provider().maxDataKeyUses(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider().dataKeyLifetime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider().keyId(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
