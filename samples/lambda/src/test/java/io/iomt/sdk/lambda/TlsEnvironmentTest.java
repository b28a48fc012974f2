package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.testkit.SimulatorEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The TLS mode of the test environment, which the cold-start benchmark runs with. dynalite and the
 * simulator serve HTTPS with the generated certificate. Clients that trust the local CA reach them,
 * and clients that trust only the JDK's CA certificates are rejected.
 */
@Timeout(120)
class TlsEnvironmentTest {

    private static LocalTls tls;
    private static LambdaTestEnvironment env;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        tls = LocalTls.generate();
        env = LambdaTestEnvironment.startTls(tls);
    }

    @AfterAll
    static void stop() throws IOException {
        if (env != null) {
            env.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void endpointsUseHttps() {
        assertThat(env.dynalite.endpoint().getScheme()).isEqualTo("https");
        assertThat(env.simulator.baseUrl().getScheme()).isEqualTo("https");
        assertThat(env.variables.get(LambdaConfig.AWS_ENDPOINT + "_DYNAMODB")).isEqualTo(env.dynalite.endpoint().toString());
        assertThat(env.variables.get(LambdaConfig.GOOGLE_HEALTH_ENDPOINT)).isEqualTo(env.simulator.baseUrl().toString());
    }

    @Test
    void dynaliteServesGetItemWithLocalTrust() {
        SubjectId subject = SubjectId.of("tls-get-item");
        env.connect(subject);
        String key = ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH).key();

        try (DynamoDbClient client = dynamoDb(tls.trustManagers())) {
            boolean found = client.getItem(get -> get.tableName(env.variables.get(LambdaConfig.TOKEN_TABLE))
                    .key(Map.of("pk", AttributeValue.fromS(key)))).hasItem();

            assertThat(found).isTrue();
        }
    }

    @Test
    void dynaliteRejectedWithoutLocalCa() {
        try (DynamoDbClient client = dynamoDb(jdkTrustManagers())) {
            assertThatThrownBy(() -> client.listTables())
                    .hasRootCauseInstanceOf(CertPathBuilderException.class);
        }
    }

    @Test
    void simulatorServesWithLocalTrust() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(tls.sslContext()).build();
        String accessToken = env.simulator.issueTokens(LambdaTestEnvironment.DEMO_HEALTH_USER).accessToken();

        HttpResponse<String> identity = client.send(identityRequest(accessToken), HttpResponse.BodyHandlers.ofString());

        assertThat(identity.statusCode()).isEqualTo(200);
        assertThat(identity.uri().getScheme()).isEqualTo("https");
    }

    @Test
    void simulatorRejectedWithoutLocalCa() throws GeneralSecurityException {
        SSLContext jdkOnly = SSLContext.getInstance("TLS");
        jdkOnly.init(null, jdkTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(jdkOnly).build();

        assertThatThrownBy(() -> client.send(identityRequest("unused"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    /**
     * Runs the worker in a new JVM given the trust store flags, as the cold-start benchmark does.
     * In this JVM the JDK's default SSL context, which HttpURLConnection uses, may have been
     * created before the trust store properties were set, and it is never created again.
     */
    @Test
    void workerSyncsOverTls() throws IOException, InterruptedException {
        SubjectId subject = SubjectId.of("tls-worker");
        env.connect(subject);
        ConnectionId id = ConnectionId.of(subject, ProviderId.GOOGLE_HEALTH);
        env.services.tokenStore().update(id, record -> record
                .withWatermark(Metric.HEART_RATE, LambdaTestEnvironment.NOW.minus(Duration.ofHours(6)))
                .withWatermark(Metric.STEPS, LambdaTestEnvironment.NOW.minus(Duration.ofHours(6))));
        long before = env.simulator.requestCount(SimulatorEndpoint.DATA_POINTS);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(tls.jvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LocalInvoke.class.getName(), "worker",
                SyncMessage.incremental(id).toJson()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env.variables);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("worker finished").isTrue();
        assertThat(process.exitValue()).as("worker exit status; output:%n%s", output).isZero();
        assertThat(output).contains("ok=true");
        assertThat(env.simulator.requestCount(SimulatorEndpoint.DATA_POINTS)).isGreaterThan(before);
    }

    private static DynamoDbClient dynamoDb(TrustManager[] trustManagers) {
        return DynamoDbClient.builder()
                .endpointOverride(env.dynalite.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trustManagers).build())
                .build();
    }

    private static HttpRequest identityRequest(String accessToken) {
        URI identity = env.simulator.baseUrl().resolve("v4/users/me/identity");
        return HttpRequest.newBuilder(identity).header("Authorization", "Bearer " + accessToken)
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** Returns trust managers of the JDK's own CA certificates, whatever this JVM's default trust store is now. */
    private static TrustManager[] jdkTrustManagers() {
        try {
            Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
            KeyStore jdk = KeyStore.getInstance(cacerts.toFile(), (char[]) null);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(jdk);
            return factory.getTrustManagers();
        } catch (IOException | GeneralSecurityException failed) {
            throw new IllegalStateException("Cannot read the JDK's CA certificates", failed);
        }
    }
}
