package io.iomt.sdk.lambda;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.dynamodb.DynamoDbTables;
import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import io.iomt.sdk.testkit.FitabaseRecording;
import io.iomt.sdk.testkit.GoogleHealthSimulator;
import io.iomt.sdk.testkit.SimulatedTokens;
import io.iomt.sdk.testkit.WebhookDelivery;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything the handler tests run against, all on 127.0.0.1: dynalite with the three tables,
 * ElasticMQ with the sync queue, and the Google Health simulator serving the bundled 8 real days.
 * The clock stands just after the recording, so a sync backfills it. Closes what it started.
 * dynalite and the simulator serve plain HTTP, or HTTPS when started with {@link #startTls}.
 */
final class LambdaTestEnvironment implements AutoCloseable {

    static final String DEMO_HEALTH_USER = "demo-health-user";
    static final Instant NOW = FitabaseRecording.bundledRange().end().plus(Duration.ofHours(2));

    private static final AtomicInteger NAMES = new AtomicInteger();

    final DynaliteServer dynalite;
    final SQSRestServer elasticMq;
    final GoogleHealthSimulator simulator;
    final WebhookDelivery webhooks = WebhookDelivery.create();
    final LambdaServices services;
    final String queueUrl;
    final Map<String, String> variables;
    private final LocalTls.@Nullable JvmTrust jvmTrust;

    private LambdaTestEnvironment(DynaliteServer dynalite, SQSRestServer elasticMq, GoogleHealthSimulator simulator,
            LocalTls.@Nullable JvmTrust jvmTrust) {
        this.dynalite = dynalite;
        this.elasticMq = elasticMq;
        this.simulator = simulator;
        this.jvmTrust = jvmTrust;
        int sqsPort = elasticMq.waitUntilStarted().localAddress().getPort();
        URI sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);

        int n = NAMES.incrementAndGet();
        Map<String, String> env = new HashMap<>();
        env.put(LambdaConfig.TOKEN_TABLE, "iomt-tokens-" + n);
        env.put(LambdaConfig.SAMPLE_TABLE, "iomt-samples-" + n);
        env.put(LambdaConfig.OAUTH_STATE_TABLE, "iomt-oauth-state-" + n);
        env.put(LambdaConfig.AWS_ENDPOINT + "_DYNAMODB", dynalite.endpoint().toString());
        env.put(LambdaConfig.AWS_ENDPOINT + "_SQS", sqsEndpoint.toString());
        env.put(LambdaConfig.AWS_REGION, "us-east-1");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        env.put(LambdaConfig.TOKEN_LOCAL_KEY, Base64.getEncoder().encodeToString(key));
        env.put(LambdaConfig.GOOGLE_CLIENT_ID, simulator.clientId());
        env.put(LambdaConfig.GOOGLE_CLIENT_SECRET, simulator.clientSecret());
        env.put(LambdaConfig.GOOGLE_REDIRECT_URI, simulator.redirectUri());
        env.put(LambdaConfig.GOOGLE_HEALTH_ENDPOINT, simulator.baseUrl().toString());
        env.put(LambdaConfig.WEBHOOK_SECRET, webhooks.secret());
        env.put(LambdaConfig.WEBHOOK_KEYSET_JSON, webhooks.publicKeysetJson());
        env.put(LambdaConfig.CLOCK_INSTANT, NOW.toString());

        LambdaServices created = LambdaServices.create(LambdaConfig.of(env), Clock.fixed(NOW, ZoneOffset.UTC));
        DynamoDbClient dynamoDb = created.dynamoDb();
        DynamoDbTables.createTokenTable(dynamoDb, env.get(LambdaConfig.TOKEN_TABLE));
        DynamoDbTables.createSampleTable(dynamoDb, env.get(LambdaConfig.SAMPLE_TABLE));
        OAuthStateStore.createTable(dynamoDb, env.get(LambdaConfig.OAUTH_STATE_TABLE));
        String url = created.sqs().createQueue(create -> create.queueName("iomt-sync-" + n)).queueUrl();
        env.put(LambdaConfig.SYNC_QUEUE_URL, url);
        this.queueUrl = url;
        this.variables = Map.copyOf(env);
        created.close();
        this.services = LambdaServices.create(LambdaConfig.of(env), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Starts dynalite, ElasticMQ and the simulator with the demo user on the bundled recording. */
    static LambdaTestEnvironment start() {
        return start(null);
    }

    /**
     * Starts the same, with dynalite and the simulator serving HTTPS with the server certificate
     * of {@code tls}, as DynamoDB and Google do. ElasticMQ stays on plain HTTP. Until
     * {@link #close()}, this JVM's default trust store is {@link LocalTls#trustStore()}, because
     * {@link #services} build their TLS clients from the defaults. Child JVMs need
     * {@link LocalTls#jvmFlags()}.
     */
    static LambdaTestEnvironment startTls(LocalTls tls) {
        return start(tls);
    }

    private static LambdaTestEnvironment start(@Nullable LocalTls tls) {
        LocalTls.JvmTrust jvmTrust = tls == null ? null : tls.trustInThisJvm();
        DynaliteServer dynalite = null;
        SQSRestServer elasticMq = null;
        GoogleHealthSimulator simulator = null;
        try {
            dynalite = tls == null ? DynaliteServer.start(dynaliteDirectory())
                    : DynaliteServer.startWithTls(dynaliteDirectory(), tls.serverCertificate(), tls.serverKey());
            elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
            GoogleHealthSimulator.Builder builder = GoogleHealthSimulator.builder().user(DEMO_HEALTH_USER, FitabaseRecording.bundled());
            if (tls != null) {
                builder.https(tls.serverKeyStore(), LocalTls.PASSWORD);
            }
            simulator = builder.start();
            return new LambdaTestEnvironment(dynalite, elasticMq, simulator, jvmTrust);
        } catch (RuntimeException e) {
            if (simulator != null) {
                simulator.close();
            }
            if (elasticMq != null) {
                elasticMq.stopAndWait();
            }
            if (dynalite != null) {
                dynalite.close();
            }
            if (jvmTrust != null) {
                jvmTrust.close();
            }
            throw e;
        }
    }

    static Path dynaliteDirectory() {
        return Path.of(System.getProperty("iomt.dynalite.dir", "../../tools/dynalite"));
    }

    /** Stores a connection of {@code subject} to the simulator's demo user, skipping the OAuth flow. */
    void connect(SubjectId subject) {
        connect(subject, DEMO_HEALTH_USER);
    }

    /** Connects {@code subject} to a simulator user added before. */
    void connect(SubjectId subject, String healthUserId) {
        SimulatedTokens issued = simulator.issueTokens(healthUserId);
        TokenPair tokens = new TokenPair(issued.accessToken(), issued.refreshToken(), issued.expiresAt(),
                Set.copyOf(Arrays.asList(GoogleHealthSimulator.ALL_READ_SCOPES.split(" "))));
        services.pipeline().connect(subject, ProviderId.GOOGLE_HEALTH, healthUserId, tokens);
    }

    /** Sets the heart-rate and steps watermarks of {@code connection}, the metrics the worker syncs. */
    void watermarksAt(ConnectionId connection, Instant watermark) {
        services.tokenStore().update(connection, record -> record
                .withWatermark(Metric.HEART_RATE, watermark)
                .withWatermark(Metric.STEPS, watermark));
    }

    static TimeRange recording() {
        return FitabaseRecording.bundledRange();
    }

    @Override
    public void close() {
        services.close();
        simulator.close();
        elasticMq.stopAndWait();
        dynalite.close();
        if (jvmTrust != null) {
            jvmTrust.close();
        }
    }
}
