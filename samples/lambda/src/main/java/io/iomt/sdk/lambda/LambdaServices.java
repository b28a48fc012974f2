package io.iomt.sdk.lambda;

import io.iomt.sdk.Metric;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.PersonalBaselineStressAnalyzer;
import io.iomt.sdk.SampleStore;
import io.iomt.sdk.dynamodb.AesGcmTokenCipher;
import io.iomt.sdk.dynamodb.DynamoDbSampleStore;
import io.iomt.sdk.dynamodb.DynamoDbTokenStore;
import io.iomt.sdk.dynamodb.KmsKeyProvider;
import io.iomt.sdk.dynamodb.LocalKeyProvider;
import io.iomt.sdk.dynamodb.TokenKeyProvider;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import io.iomt.sdk.fitbit.HttpStack;
import io.iomt.sdk.fitbit.RequestLimiter;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The clients and stores one Lambda container shares between invocations: created lazily on first
 * use, so a handler pays only for what it touches, and kept until the container ends. Thread-safe
 * (each member is built once under the instance lock). Owns and closes every client it created.
 *
 * <p>Every AWS client uses the URL-connection HTTP client, which starts faster and is smaller than
 * the Apache and Netty clients. The region comes from {@code AWS_REGION} and the credentials from
 * the Lambda environment variables or, in SnapStart functions, the container credentials endpoint,
 * so no profile file or instance metadata is read.
 */
final class LambdaServices implements AutoCloseable {

    /** The metrics the worker syncs: what the stress analyzer and the HTTP API read. */
    static final Set<Metric> SYNCED = EnumSet.of(Metric.HEART_RATE, Metric.STEPS);

    private static volatile @Nullable LambdaServices shared;

    private final LambdaConfig config;
    private final Clock clock;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    private @Nullable SdkHttpClient httpClient;
    private @Nullable AwsCredentialsProviderChain credentials;
    private @Nullable DynamoDbClient dynamoDb;
    private @Nullable SqsClient sqs;
    private @Nullable DynamoDbTokenStore tokenStore;
    private @Nullable SampleStore sampleStore;
    private @Nullable GoogleHealthWearable wearable;
    private @Nullable MonitoringPipeline pipeline;
    private @Nullable OAuthStateStore oauthStates;

    private final List<ExecutionInterceptor> interceptors;

    private LambdaServices(LambdaConfig config, Clock clock, List<ExecutionInterceptor> interceptors) {
        this.config = config;
        this.clock = clock;
        this.interceptors = List.copyOf(interceptors);
    }

    /** Returns the container-wide instance, configured from the environment on first call. */
    static LambdaServices shared() {
        LambdaServices current = shared;
        if (current == null) {
            synchronized (LambdaServices.class) {
                current = shared;
                if (current == null) {
                    LambdaConfig config = LambdaConfig.fromEnvironment();
                    current = new LambdaServices(config, clockOf(config), List.of());
                    shared = current;
                }
            }
        }
        return current;
    }

    /** Returns services of {@code config}, for tests and local runs; the caller closes them. */
    static LambdaServices create(LambdaConfig config, Clock clock) {
        return new LambdaServices(config, clock, List.of());
    }

    /** Returns services whose AWS clients also run {@code interceptors}, such as a test's call recorder. */
    static LambdaServices create(LambdaConfig config, Clock clock, List<ExecutionInterceptor> interceptors) {
        return new LambdaServices(config, clock, interceptors);
    }

    private static Clock clockOf(LambdaConfig config) {
        return config.clockInstant().map(instant -> Clock.fixed(instant, ZoneOffset.UTC)).orElseGet(Clock::systemUTC);
    }

    LambdaConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = own(aws(DynamoDbClient.builder(), "dynamodb").build());
        }
        return dynamoDb;
    }

    synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = own(aws(SqsClient.builder(), "sqs").build());
        }
        return sqs;
    }

    synchronized DynamoDbTokenStore tokenStore() {
        if (tokenStore == null) {
            tokenStore = DynamoDbTokenStore.builder()
                    .client(dynamoDb())
                    .tableName(config.tokenTable())
                    .tokenCipher(AesGcmTokenCipher.create(tokenKeys()))
                    .build();
        }
        return tokenStore;
    }

    synchronized SampleStore sampleStore() {
        if (sampleStore == null) {
            sampleStore = DynamoDbSampleStore.builder().client(dynamoDb()).tableName(config.sampleTable()).build();
        }
        return sampleStore;
    }

    synchronized GoogleHealthWearable wearable() {
        if (wearable == null) {
            GoogleHealthConfig.Builder google = GoogleHealthConfig.builder()
                    .httpStack(HttpStack.URL_CONNECTION)
                    .clientId(config.googleClientId())
                    .clientSecret(secret(config.googleClientSecretArn(), config.googleClientSecret(),
                            LambdaConfig.GOOGLE_CLIENT_SECRET_ARN))
                    .redirectUri(config.googleRedirectUri())
                    .clock(clock)
                    // The limiter sleeps in real time, so it reads the system clock even when
                    // IOMT_CLOCK_INSTANT fixes the services' clock, which would never refill it.
                    .requestBudget(RequestLimiter.ofDefaults());
            config.googleHealthEndpoint().ifPresent(google::allEndpointsAt);
            wearable = own(GoogleHealthWearable.create(google.build()));
        }
        return wearable;
    }

    synchronized MonitoringPipeline pipeline() {
        if (pipeline == null) {
            pipeline = MonitoringPipeline.builder()
                    .wearable(wearable())
                    .tokenStore(tokenStore())
                    .sampleStore(sampleStore())
                    .analyzer(PersonalBaselineStressAnalyzer.create())
                    .metrics(SYNCED)
                    // The store holds only what the worker syncs, so reading other inputs would find nothing.
                    .assessedInputs(SYNCED)
                    .storeExecutor(storeExecutor())
                    .backfill(config.backfill())
                    .clock(clock)
                    .build();
        }
        return pipeline;
    }

    /**
     * Returns the threads that parse and store each received chunk while the worker fetches the
     * next one, so that DynamoDB round trips overlap Google Health's latency. One thread per
     * synced metric suffices, because a sync runs at most one store per metric at once, and a
     * store that no thread has started when the sync needs its outcome runs on the sync thread.
     * The assessment's parallel input reads use these threads too, the same way. Daemon threads, so an idle container's
     * JVM can still exit.
     */
    private ExecutorService storeExecutor() {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(SYNCED.size(), task -> {
            Thread thread = new Thread(task, "iomt-chunk-store-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        own(executor::shutdown);
        return executor;
    }

    synchronized OAuthStateStore oauthStates() {
        if (oauthStates == null) {
            oauthStates = new OAuthStateStore(dynamoDb(), config.oauthStateTable(), clock);
        }
        return oauthStates;
    }

    /** Returns the webhook secret, read from Secrets Manager at most once per container. */
    synchronized String webhookSecret() {
        return secret(config.webhookSecretArn(), config.webhookSecret(), LambdaConfig.WEBHOOK_SECRET_ARN);
    }

    private TokenKeyProvider tokenKeys() {
        Optional<String> kmsKey = config.tokenKmsKeyId();
        if (kmsKey.isPresent()) {
            KmsClient kms = own(aws(KmsClient.builder(), "kms").build());
            return KmsKeyProvider.builder().kmsClient(kms).keyId(kmsKey.get()).clock(clock).build();
        }
        String localKey = config.tokenLocalKey().orElseThrow(() -> new IllegalStateException("Set "
                + LambdaConfig.TOKEN_KMS_KEY_ID + " to the KMS key that protects tokens (or, for local runs only, "
                + LambdaConfig.TOKEN_LOCAL_KEY + ")"));
        return LocalKeyProvider.fromBase64("local", localKey);
    }

    private String secret(Optional<String> secretArn, Optional<String> plain, String arnVariable) {
        if (secretArn.isPresent()) {
            return SecretCache.INSTANCE.get(secretArn.get(), () -> {
                try (SecretsManagerClient secrets = aws(SecretsManagerClient.builder(), "secretsmanager").build()) {
                    return secrets.getSecretValue(request -> request.secretId(secretArn.get())).secretString();
                }
            });
        }
        return plain.orElseThrow(() -> new IllegalStateException("Set " + arnVariable
                + " to the ARN of the Secrets Manager secret that holds the value"));
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B aws(B builder, String service) {
        builder.httpClient(httpClient());
        if (!interceptors.isEmpty()) {
            builder.overrideConfiguration(override -> interceptors.forEach(override::addExecutionInterceptor));
        }
        config.region().map(Region::of).ifPresent(builder::region);
        Optional<URI> endpoint = config.awsEndpoint(service);
        if (endpoint.isPresent()) {
            builder.endpointOverride(endpoint.get());
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
            if (config.region().isEmpty()) {
                builder.region(Region.US_EAST_1);
            }
        } else {
            builder.credentialsProvider(credentials());
        }
        return builder;
    }

    /**
     * The function role's credentials: Lambda puts them in environment variables, except in
     * SnapStart functions, where the SDK has to fetch them from the container credentials endpoint.
     */
    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = own(AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                    ContainerCredentialsProvider.create()));
        }
        return credentials;
    }

    /** The one HTTP client of every AWS client here; the AWS clients do not close a client they were given. */
    private synchronized SdkHttpClient httpClient() {
        if (httpClient == null) {
            httpClient = own(UrlConnectionHttpClient.create());
        }
        return httpClient;
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception ignored) {
                // Closing at container or test end: nothing left to recover.
            }
        }
    }

    @Override
    public String toString() {
        return "LambdaServices[" + config + "]";
    }

    /** Secrets read from Secrets Manager, kept for the life of the container; the value is never logged. */
    private enum SecretCache {
        INSTANCE;

        private final java.util.concurrent.ConcurrentHashMap<String, String> values = new java.util.concurrent.ConcurrentHashMap<>();

        String get(String name, Supplier<String> reader) {
            return values.computeIfAbsent(name, ignored -> reader.get());
        }
    }
}
