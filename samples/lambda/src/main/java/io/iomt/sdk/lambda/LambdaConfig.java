package io.iomt.sdk.lambda;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings of every handler in this sample, read from environment variables and nothing else.
 * Immutable and thread-safe. Each getter names its variable; a missing required variable or an
 * unparsable value fails with {@link IllegalStateException} naming the variable, at the first
 * use of the setting, so a handler that does not need a setting does not require it.
 *
 * <p>Secrets never sit in a variable in a deployment: {@code GOOGLE_CLIENT_SECRET_ARN} and
 * {@code WEBHOOK_SECRET_ARN} name Secrets Manager secrets that the container reads once, on first
 * use, and keeps. The plain {@code GOOGLE_CLIENT_SECRET}, {@code WEBHOOK_SECRET},
 * {@code IOMT_TOKEN_LOCAL_KEY}, {@code AWS_ENDPOINT_URL} and {@code IOMT_CLOCK_INSTANT}
 * variables exist for local runs against dynalite, ElasticMQ and the simulator only.
 */
public final class LambdaConfig {

    /** Table of connections and encrypted tokens. Required by every handler. */
    public static final String TOKEN_TABLE = "IOMT_TOKEN_TABLE";
    /** Table of samples and stress scores. Required by the worker and the HTTP API. */
    public static final String SAMPLE_TABLE = "IOMT_SAMPLE_TABLE";
    /** Table of pending OAuth authorizations (state, PKCE verifier), with TTL. Required by the HTTP API. */
    public static final String OAUTH_STATE_TABLE = "IOMT_OAUTH_STATE_TABLE";
    /** URL of the SQS queue of sync messages. Required by the fan-out and the webhook. */
    public static final String SYNC_QUEUE_URL = "IOMT_SYNC_QUEUE_URL";
    /** ARN or alias of the KMS key that wraps the token data keys. */
    public static final String TOKEN_KMS_KEY_ID = "IOMT_TOKEN_KMS_KEY_ID";
    /** Local runs only: a base64 AES-256 key used instead of KMS. */
    public static final String TOKEN_LOCAL_KEY = "IOMT_TOKEN_LOCAL_KEY";
    /** The OAuth client id. */
    public static final String GOOGLE_CLIENT_ID = "GOOGLE_CLIENT_ID";
    /** ARN of the Secrets Manager secret holding the OAuth client secret. */
    public static final String GOOGLE_CLIENT_SECRET_ARN = "GOOGLE_CLIENT_SECRET_ARN";
    /** Local runs only: the OAuth client secret itself. */
    public static final String GOOGLE_CLIENT_SECRET = "GOOGLE_CLIENT_SECRET";
    /** The OAuth redirect URI, the HTTP API's {@code /oauth/callback} route. */
    public static final String GOOGLE_REDIRECT_URI = "GOOGLE_REDIRECT_URI";
    /** Optional base URL serving the OAuth and Health API endpoints, such as the simulator. */
    public static final String GOOGLE_HEALTH_ENDPOINT = "GOOGLE_HEALTH_ENDPOINT";
    /** ARN of the Secrets Manager secret holding the webhook Authorization value. */
    public static final String WEBHOOK_SECRET_ARN = "WEBHOOK_SECRET_ARN";
    /** Local runs only: the webhook Authorization value itself. */
    public static final String WEBHOOK_SECRET = "WEBHOOK_SECRET";
    /** Optional webhook public keyset in Tink JSON; when unset it is fetched from Google. */
    public static final String WEBHOOK_KEYSET_JSON = "WEBHOOK_KEYSET_JSON";
    /** The maximum watermark age before a connection is due for sync; ISO-8601, default PT6H. */
    public static final String SYNC_INTERVAL = "IOMT_SYNC_INTERVAL";
    /** The backfill span of a new connection; ISO-8601, default P30D. */
    public static final String BACKFILL = "IOMT_BACKFILL";
    /** The maximum range of one HTTP read; ISO-8601, default P31D. */
    public static final String MAX_READ_RANGE = "IOMT_MAX_READ_RANGE";
    /** The JWT claim that holds the caller's subject id; default {@code sub}. */
    public static final String SUBJECT_CLAIM = "IOMT_SUBJECT_CLAIM";
    /**
     * Local runs only: the endpoint of every AWS service, the AWS SDK's own variable name; a
     * service-specific {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_SQS},
     * {@code AWS_ENDPOINT_URL_SECRETSMANAGER} or {@code AWS_ENDPOINT_URL_KMS} wins. With an endpoint set, the
     * clients use fixed local credentials.
     */
    public static final String AWS_ENDPOINT = "AWS_ENDPOINT_URL";
    /** Local runs only: a fixed current instant, to replay recorded data from the past. */
    public static final String CLOCK_INSTANT = "IOMT_CLOCK_INSTANT";
    /** The region; the Lambda runtime sets it. */
    public static final String AWS_REGION = "AWS_REGION";
    /**
     * Whether the worker primes its container, loading the classes of its first event and warming
     * up token encryption ahead of it: {@code true} (the default) or {@code false}.
     */
    public static final String PRIMING = "IOMT_PRIMING";
    /**
     * The container's initialization type, set by Lambda: {@code on-demand},
     * {@code provisioned-concurrency} or {@code snap-start}.
     */
    public static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

    private final Map<String, String> values;

    private LambdaConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Returns the configuration of this process's environment variables. */
    public static LambdaConfig fromEnvironment() {
        return new LambdaConfig(System.getenv());
    }

    /** Returns a configuration of {@code variables}, for tests and local runs. */
    public static LambdaConfig of(Map<String, String> variables) {
        return new LambdaConfig(Objects.requireNonNull(variables, "variables"));
    }

    String tokenTable() {
        return required(TOKEN_TABLE);
    }

    String sampleTable() {
        return required(SAMPLE_TABLE);
    }

    String oauthStateTable() {
        return required(OAUTH_STATE_TABLE);
    }

    String syncQueueUrl() {
        return required(SYNC_QUEUE_URL);
    }

    Optional<String> tokenKmsKeyId() {
        return optional(TOKEN_KMS_KEY_ID);
    }

    Optional<String> tokenLocalKey() {
        return optional(TOKEN_LOCAL_KEY);
    }

    String googleClientId() {
        return required(GOOGLE_CLIENT_ID);
    }

    Optional<String> googleClientSecretArn() {
        return optional(GOOGLE_CLIENT_SECRET_ARN);
    }

    Optional<String> googleClientSecret() {
        return optional(GOOGLE_CLIENT_SECRET);
    }

    String googleRedirectUri() {
        return required(GOOGLE_REDIRECT_URI);
    }

    Optional<String> googleHealthEndpoint() {
        return optional(GOOGLE_HEALTH_ENDPOINT);
    }

    Optional<String> webhookSecretArn() {
        return optional(WEBHOOK_SECRET_ARN);
    }

    Optional<String> webhookSecret() {
        return optional(WEBHOOK_SECRET);
    }

    Optional<String> webhookKeysetJson() {
        return optional(WEBHOOK_KEYSET_JSON);
    }

    Duration syncInterval() {
        return duration(SYNC_INTERVAL, Duration.ofHours(6));
    }

    Duration backfill() {
        return duration(BACKFILL, Duration.ofDays(30));
    }

    Duration maxReadRange() {
        return duration(MAX_READ_RANGE, Duration.ofDays(31));
    }

    String subjectClaim() {
        return optional(SUBJECT_CLAIM).orElse("sub");
    }

    Optional<URI> awsEndpoint(String service) {
        String specific = AWS_ENDPOINT + "_" + service.toUpperCase(java.util.Locale.ROOT);
        return optional(specific).map(value -> parse(specific, value, URI::create))
                .or(() -> optional(AWS_ENDPOINT).map(value -> parse(AWS_ENDPOINT, value, URI::create)));
    }

    Optional<Instant> clockInstant() {
        return optional(CLOCK_INSTANT).map(value -> parse(CLOCK_INSTANT, value, Instant::parse));
    }

    Optional<String> region() {
        return optional(AWS_REGION);
    }

    boolean priming() {
        String value = optional(PRIMING).orElse("true");
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalStateException("Environment variable " + PRIMING + " must be true or false, got '"
                + value + "'");
    }

    /**
     * Returns whether the container initializes before any event reaches it (SnapStart or
     * provisioned concurrency), so that work done at init delays no caller.
     */
    boolean initializesAhead() {
        String type = optional(INITIALIZATION_TYPE).orElse("on-demand");
        return type.equals("snap-start") || provisioned();
    }

    /** Returns whether the container serves provisioned concurrency, which Lambda starts ahead of demand. */
    boolean provisioned() {
        return optional(INITIALIZATION_TYPE).filter("provisioned-concurrency"::equals).isPresent();
    }

    private String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException(
                "Environment variable " + name + " is not set; set it in the function's configuration (template.yaml)"));
    }

    private Optional<String> optional(String name) {
        @Nullable String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private Duration duration(String name, Duration fallback) {
        Duration value = optional(name).map(text -> parse(name, text, Duration::parse)).orElse(fallback);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException("Environment variable " + name + " must be a positive duration, got " + value);
        }
        return value;
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalStateException("Environment variable " + name + " has an invalid value; "
                    + "expected the documented format (ISO-8601 duration or instant, or a URL)", e);
        }
    }

    @Override
    public String toString() {
        return "LambdaConfig[variables=" + values.keySet().stream().filter(k -> k.startsWith("IOMT_")
                || k.startsWith("AWS_ENDPOINT_URL") || k.startsWith("GOOGLE_") || k.startsWith("WEBHOOK_")).sorted().toList() + "]";
    }
}
