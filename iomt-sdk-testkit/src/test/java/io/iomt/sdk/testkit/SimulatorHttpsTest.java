package io.iomt.sdk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The simulator on HTTPS with self-signed certificates that keytool generates. */
@Timeout(120)
class SimulatorHttpsTest {

    private static final String PASSWORD = "simulator-https-test";

    @TempDir
    static Path directory;

    /** A key store whose certificate names 127.0.0.1, shared by the tests that need no other name. */
    private static Path loopback;

    @BeforeAll
    static void generateLoopbackCertificate() throws IOException, InterruptedException {
        loopback = selfSigned("ip:127.0.0.1");
    }

    @Test
    void servesHttpsWithKeyStoreCertificate() throws Exception {
        Path keyStore = loopback;

        try (GoogleHealthSimulator simulator = GoogleHealthSimulator.builder()
                .user(SimulatedUser.of("demo-user", RecordedData.of(FitabaseRecording.BUNDLED_ZONE)))
                .https(keyStore, PASSWORD)
                .start()) {
            String accessToken = simulator.issueTokens("demo-user").accessToken();
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keyStore)).build();
            HttpResponse<String> identity = client.send(HttpRequest.newBuilder(simulator.baseUrl().resolve("v4/users/me/identity"))
                    .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(simulator.baseUrl()).isEqualTo(URI.create("https://127.0.0.1:" + simulator.port() + "/"));
            assertThat(identity.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void approveTrustsKeyStoreCertificate() throws Exception {
        Path keyStore = loopback;

        try (GoogleHealthSimulator simulator = GoogleHealthSimulator.builder()
                .user(SimulatedUser.of("demo-user", RecordedData.of(FitabaseRecording.BUNDLED_ZONE)))
                .https(keyStore, PASSWORD)
                .start()) {
            SimClient client = new SimClient(simulator);
            URI redirect = simulator.approve(client.authorizationRequest(client.validAuthorization("tls")));

            assertThat(SimClient.query(redirect).get("code")).isNotBlank();
        }
    }

    @Test
    void clientWithoutTrustRejected() throws Exception {
        Path keyStore = loopback;

        try (GoogleHealthSimulator simulator = GoogleHealthSimulator.builder().https(keyStore, PASSWORD).start()) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve("v4/users/me/identity")).GET().build();

            assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void localhostOnlyCertificateNamesLocalhost() throws Exception {
        Path keyStore = selfSigned("dns:localhost");

        try (GoogleHealthSimulator simulator = GoogleHealthSimulator.builder().https(keyStore, PASSWORD).start()) {
            assertThat(simulator.baseUrl()).isEqualTo(URI.create("https://localhost:" + simulator.port() + "/"));
        }
    }

    @Test
    void certificateForOtherHostRejected() throws Exception {
        Path keyStore = selfSigned("dns:example.test");

        assertThatThrownBy(() -> GoogleHealthSimulator.builder().https(keyStore, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names neither IP address 127.0.0.1 nor DNS name localhost");
    }

    @Test
    void wrongPasswordRejected() throws Exception {
        Path keyStore = loopback;

        assertThatThrownBy(() -> GoogleHealthSimulator.builder().https(keyStore, "wrong"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot read the HTTPS key store");
    }

    @Test
    void missingKeyStoreRejected() {
        Path missing = directory.resolve("missing.p12");

        assertThatThrownBy(() -> GoogleHealthSimulator.builder().https(missing, PASSWORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    /** Generates a PKCS12 store with an EC key and a self-signed certificate with one subject alternative name. */
    private static Path selfSigned(String subjectAlternativeName) throws IOException, InterruptedException {
        Path keyStore = directory.resolve(subjectAlternativeName.replace(':', '-') + ".p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=simulator",
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

    private static SSLContext trusting(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", store.getCertificate("server"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
