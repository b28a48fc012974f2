package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** dynalite on HTTPS with self-signed certificates that keytool generates. */
@Timeout(120)
class DynaliteServerTlsTest {

    private static final String PASSWORD = "dynalite-tls-test";

    @TempDir
    Path directory;

    @Test
    void servesHttpsOnNamedHost() throws Exception {
        Path keyStore = selfSigned("dns:localhost");
        Path certificate = writeCertificatePem(keyStore);
        Path privateKey = writePrivateKeyPem(keyStore);

        try (DynaliteServer dynalite = DynaliteServer.startWithTls(DynaliteExtension.launcherDirectory(), certificate, privateKey);
                DynamoDbClient client = client(dynalite.endpoint(), trusting(keyStore))) {
            String table = DynaliteExtension.uniqueTableName("tls");
            DynamoDbTables.createSampleTable(client, table);

            assertThat(dynalite.endpoint()).isEqualTo(URI.create("https://localhost:" + dynalite.port()));
            assertThat(client.listTables().tableNames()).contains(table);
        }
    }

    @Test
    void certificateForOtherHostRejected() throws Exception {
        Path keyStore = selfSigned("dns:example.test");
        Path certificate = writeCertificatePem(keyStore);
        Path privateKey = writePrivateKeyPem(keyStore);

        assertThatThrownBy(() -> DynaliteServer.startWithTls(DynaliteExtension.launcherDirectory(), certificate, privateKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names neither IP address 127.0.0.1 nor DNS name localhost");
    }

    @Test
    void missingPrivateKeyRejected() throws Exception {
        Path certificate = writeCertificatePem(selfSigned("ip:127.0.0.1"));

        assertThatThrownBy(() -> DynaliteServer.startWithTls(DynaliteExtension.launcherDirectory(), certificate,
                directory.resolve("missing-key.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    private static DynamoDbClient client(URI endpoint, TrustManager[] trustManagers) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trustManagers).build())
                .build();
    }

    /** Generates a PKCS12 store with an EC key and a self-signed certificate with one subject alternative name. */
    private Path selfSigned(String subjectAlternativeName) throws IOException, InterruptedException {
        Path keyStore = directory.resolve("server.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=dynalite",
                "-ext", "SAN=" + subjectAlternativeName, "-validity", "1", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool -genkeypair failed: " + output);
        }
        return keyStore;
    }

    private Path writeCertificatePem(Path keyStore) throws IOException, GeneralSecurityException {
        Certificate certificate = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray()).getCertificate("server");
        return Files.writeString(directory.resolve("server-cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
    }

    private Path writePrivateKeyPem(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
        byte[] pkcs8 = store.getKey("server", PASSWORD.toCharArray()).getEncoded();
        return Files.writeString(directory.resolve("server-key.pem"), pem("PRIVATE KEY", pkcs8));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static TrustManager[] trusting(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", store.getCertificate("server"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }
}
