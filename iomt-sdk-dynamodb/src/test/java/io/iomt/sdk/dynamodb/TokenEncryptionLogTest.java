package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.AuthorizationException;
import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ConnectionRecord;
import io.iomt.sdk.ConnectionStatus;
import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.Metric;
import io.iomt.sdk.MetricSyncResult;
import io.iomt.sdk.MonitoringPipeline;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.ReauthorizationRequiredException;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.TokenEndpoint;
import io.iomt.sdk.TokenListener;
import io.iomt.sdk.TokenManager;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.dynamodb.internal.TokenItems;
import io.iomt.sdk.fitbit.AuthorizationRequest;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import io.iomt.sdk.fitbit.RedactingHttpLogger;
import io.iomt.sdk.testkit.FitabaseRecording;
import io.iomt.sdk.testkit.GoogleHealthSimulator;
import io.iomt.sdk.testkit.ManualClock;
import io.iomt.sdk.testkit.SimulatorEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Runs code exchange, sync, refresh, a rejected token, revocation and the failures after it
 * against the simulator, with an encrypted DynamoDB (dynalite) token store, while SLF4J output
 * (slf4j-simple to standard error; the module's Surefire settings put {@code io.iomt} at DEBUG and
 * the HTTP logger at TRACE) is captured. Then checks that no issued access token, refresh token,
 * authorization code or client secret appears in the captured log, in an exception message or
 * in a {@code toString()}.
 */
class TokenEncryptionLogTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final SubjectId SUBJECT = SubjectId.of("patient-log");
    private static final ConnectionId ID = ConnectionId.of(SUBJECT, ProviderId.GOOGLE_HEALTH);
    private static final String CLIENT_SECRET = "sim-client-secret-7f3a9c";

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-12-04T10:00:00Z"));
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final StringBuilder messages = new StringBuilder();
    private PrintStream originalErr;
    private PrintStream originalOut;
    private GoogleHealthSimulator simulator;
    private GoogleHealthWearable wearable;
    private OkHttpClient http;
    private DynamoDbTokenStore store;
    private String tableName;

    @BeforeEach
    void start() {
        originalErr = System.err;
        originalOut = System.out;
        System.setErr(new PrintStream(new Tee(captured, originalErr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new Tee(captured, originalOut), true, StandardCharsets.UTF_8));

        simulator = GoogleHealthSimulator.builder()
                .clientSecret(CLIENT_SECRET)
                .clock(clock)
                .user(FitabaseRecording.BUNDLED_USER_ID, FitabaseRecording.bundled())
                .start();
        http = new OkHttpClient.Builder().addInterceptor(RedactingHttpLogger.create()).followRedirects(false).build();
        wearable = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                .clientId(simulator.clientId())
                .clientSecret(simulator.clientSecret())
                .redirectUri(simulator.redirectUri())
                .allEndpointsAt(simulator.baseUrl().toString())
                .clock(clock)
                .httpClient(http)
                .build());
        tableName = DynaliteExtension.uniqueTableName("log-tokens");
        DynamoDbTables.createTokenTable(DYNALITE.client(), tableName);
        store = DynamoDbTokenStore.builder().client(DYNALITE.client()).tableName(tableName)
                .tokenCipher(AesGcmTokenCipher.create(LocalKeyProvider.generate("log-key", new SecureRandom()))).build();
        secrets.add(CLIENT_SECRET);
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        System.setOut(originalOut);
        wearable.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        simulator.close();
    }

    /** Records every token pair the token endpoint hands out. */
    private TokenEndpoint recording(TokenEndpoint endpoint) {
        return new TokenEndpoint() {
            @Override
            public TokenPair refresh(ConnectionId connection, String refreshToken) {
                TokenPair pair = endpoint.refresh(connection, refreshToken);
                remember(pair);
                return pair;
            }

            @Override
            public void revoke(String token) {
                endpoint.revoke(token);
            }
        };
    }

    private void remember(TokenPair pair) {
        secrets.add(pair.accessToken());
        if (pair.refreshToken() != null) {
            secrets.add(pair.refreshToken());
        }
        messages.append(pair).append('\n');
    }

    private void remember(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
    }

    @Test
    @Timeout(180)
    void flowsLogNoSecrets() {
        assertThat(LoggerFactory.getLogger("io.iomt.sdk.TokenManager").isDebugEnabled())
                .as("io.iomt logs at DEBUG in this module's tests").isTrue();
        TokenManager tokens = TokenManager.builder().tokenStore(store)
                .endpoint(ProviderId.GOOGLE_HEALTH, recording(wearable.tokenEndpoint()))
                .clock(clock).instanceId("log-host")
                .listener(new TokenListener() {
                    @Override
                    public void onRefreshFailed(ConnectionId connection, Exception cause) {
                        remember(cause);
                    }
                })
                .build();

        // Code exchange through the simulator's consent.
        AuthorizationRequest request = wearable.oauth().authorizationRequest();
        URI callback = simulator.approve(request.url());
        String code = wearable.oauth().authorizationCode(request, callback);
        secrets.add(code);
        secrets.add(request.codeVerifier());
        TokenPair first = wearable.oauth().exchange(request, code);
        remember(first);
        String healthUserId = wearable.identity(first.accessToken()).healthUserId();
        ConnectionRecord connected = tokens.connect(Connection.active(ID, healthUserId, first.scopes(), clock.instant()), first);
        messages.append(connected).append('\n').append(request).append('\n').append(wearable).append('\n');

        // Sync, with the pipeline and the Google Health client.
        MonitoringPipeline pipeline = MonitoringPipeline.builder().tokenStore(store).sampleStore(new InMemorySampleStore())
                .wearable(wearable).tokenManager(tokens).clock(clock).build();
        TimeRange day = TimeRange.of(FitabaseRecording.bundledRange().start(),
                FitabaseRecording.bundledRange().start().plus(Duration.ofDays(1)));
        List<MetricSyncResult> synced = pipeline.sync(ID, Set.of(Metric.HEART_RATE, Metric.STEPS), day);
        assertThat(synced).allSatisfy(result -> assertThat(result.failure()).isNull());
        messages.append(synced).append('\n');

        // Refresh ahead of expiry, then a token the API rejects (401) and its renewal.
        clock.advance(Duration.ofMinutes(58));
        String refreshed = tokens.accessToken(ID);
        assertThat(refreshed).isNotEqualTo(first.accessToken());
        simulator.expireAccessTokens();
        pipeline.sync(ID, Set.of(Metric.STEPS), day);

        // Revocation: the simulator's revoke endpoint is called, the tokens are deleted, the status is REVOKED.
        long revokesBefore = simulator.requestCount(SimulatorEndpoint.REVOKE);
        ConnectionRecord revoked = tokens.disconnect(ID);
        assertThat(simulator.requestCount(SimulatorEndpoint.REVOKE) - revokesBefore).isEqualTo(2);
        assertThat(revoked.connection().status()).isEqualTo(ConnectionStatus.REVOKED);
        assertThat(revoked.tokens()).isNull();
        assertThat(DYNALITE.client().getItem(get -> get.tableName(tableName).key(TokenItems.key(ID)).consistentRead(true))
                .item()).doesNotContainKeys("accessToken", "refreshToken");
        messages.append(revoked).append('\n');

        // Failures after revocation: their messages must not carry the dead tokens either.
        assertThatThrownBy(() -> tokens.accessToken(ID)).isInstanceOf(ReauthorizationRequiredException.class)
                .satisfies(this::remember);
        assertThatThrownBy(() -> wearable.oauth().refresh(ID, first.refreshToken()))
                .isInstanceOf(AuthorizationException.class).satisfies(this::remember);
        assertThatThrownBy(() -> wearable.oauth().exchange(request, code))
                .isInstanceOf(AuthorizationException.class).satisfies(this::remember);

        System.err.flush();
        System.out.flush();
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("DEBUG lines of the SDK were captured").contains("DEBUG").contains("Refreshed connection");
        assertThat(log).as("HTTP exchanges were logged").contains(RedactingHttpLogger.LOGGER_NAME);
        assertThat(secrets).as("tokens issued: exchange, refreshes").hasSizeGreaterThanOrEqualTo(5);
        String everything = log + "\n" + messages;
        for (String secret : secrets) {
            assertThat(everything).as("a secret of %d characters appears in the log or a message", secret.length())
                    .doesNotContain(secret);
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}
