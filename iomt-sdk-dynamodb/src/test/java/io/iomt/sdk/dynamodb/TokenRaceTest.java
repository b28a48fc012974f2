package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.Connection;
import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TokenManager;
import io.iomt.sdk.TokenPair;
import io.iomt.sdk.fitbit.GoogleHealthConfig;
import io.iomt.sdk.fitbit.GoogleHealthWearable;
import io.iomt.sdk.testkit.GoogleHealthSimulator;
import io.iomt.sdk.testkit.ManualClock;
import io.iomt.sdk.testkit.RecordedData;
import io.iomt.sdk.testkit.RefreshTokenMode;
import io.iomt.sdk.testkit.SimulatedTokens;
import io.iomt.sdk.testkit.SimulatedUser;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Four token managers, standing for four hosts, share one encrypted DynamoDB (dynalite) token
 * table and refresh one connection against the simulator with rotating refresh tokens, where a
 * second use of a refresh token is {@code invalid_grant}. Each of 100 rounds moves the shared
 * clock past the token's expiry and requests a token from 16 threads per host at once.
 */
class TokenRaceTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static final int HOSTS = 4;
    private static final int THREADS_PER_HOST = 16;
    private static final int EXPIRIES = 100;
    private static final String USER = "race-user";
    private static final ConnectionId ID = ConnectionId.of(SubjectId.of("patient-race"), ProviderId.GOOGLE_HEALTH);

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-12-04T10:00:00Z"));
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private final List<GoogleHealthWearable> wearables = new ArrayList<>();
    private final List<TokenManager> managers = new ArrayList<>();
    private GoogleHealthSimulator simulator;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        simulator = GoogleHealthSimulator.builder()
                .refreshTokenMode(RefreshTokenMode.ROTATING)
                .clock(clock)
                .containerThreads(32)
                .user(SimulatedUser.of(USER, RecordedData.of(ZoneOffset.UTC)))
                .start();
        String table = DynaliteExtension.uniqueTableName("race-tokens");
        DynamoDbTables.createTokenTable(DYNALITE.client(), table);
        AesGcmTokenCipher cipher = AesGcmTokenCipher.create(LocalKeyProvider.generate("race-key", new SecureRandom()));

        for (int host = 1; host <= HOSTS; host++) {
            DynamoDbClient client = DynaliteExtension.clientFor(DYNALITE.server().endpoint());
            clients.add(client);
            GoogleHealthWearable wearable = GoogleHealthWearable.create(GoogleHealthConfig.builder()
                    .clientId(simulator.clientId())
                    .clientSecret(simulator.clientSecret())
                    .allEndpointsAt(simulator.baseUrl().toString())
                    .clock(clock)
                    .build());
            wearables.add(wearable);
            DynamoDbTokenStore store = DynamoDbTokenStore.builder().client(client).tableName(table).tokenCipher(cipher)
                    .build();
            managers.add(TokenManager.builder()
                    .tokenStore(store)
                    .endpoint(wearable)
                    .clock(clock)
                    .instanceId("host-" + host)
                    .leaseWaitStep(Duration.ofMillis(5))
                    .build());
        }
        pool = Executors.newFixedThreadPool(HOSTS * THREADS_PER_HOST);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        wearables.forEach(GoogleHealthWearable::close);
        clients.forEach(DynamoDbClient::close);
        simulator.close();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fourHostsRefreshOncePerExpiry() throws Exception {
        SimulatedTokens issued = simulator.issueTokens(USER);
        Set<String> scopes = new HashSet<>(Arrays.asList(issued.scopes().split(" ")));
        managers.get(0).connect(Connection.active(ID, USER, scopes, clock.instant()),
                new TokenPair(issued.accessToken(), issued.refreshToken(), issued.expiresAt(), scopes));
        long refreshesBefore = simulator.refreshRequestCount();

        for (int round = 1; round <= EXPIRIES; round++) {
            clock.advance(Duration.ofHours(1).plusSeconds(1));

            List<String> tokens = requestFromEveryThread();

            assertThat(tokens).as("round %d: every thread got a token", round).hasSize(HOSTS * THREADS_PER_HOST);
            assertThat(new HashSet<>(tokens)).as("round %d: every thread got the same new token", round).hasSize(1);
            assertThat(simulator.refreshRequestCount() - refreshesBefore)
                    .as("round %d: one refresh per expiry", round).isEqualTo(round);
            assertThat(simulator.invalidGrantCount()).as("round %d: no invalid_grant", round).isZero();
            String token = tokens.get(0);
            assertThat(token).as("round %d: a new token, not the expired one", round).isNotEqualTo(issued.accessToken());
            assertThat(wearables.get(round % HOSTS).identity(token).healthUserId())
                    .as("round %d: the simulator accepts the token", round).isEqualTo(USER);
        }

        assertThat(simulator.refreshRequestCount() - refreshesBefore).isEqualTo(EXPIRIES);
        assertThat(simulator.invalidGrantCount()).isZero();
    }

    private List<String> requestFromEveryThread() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (TokenManager manager : managers) {
            for (int thread = 0; thread < THREADS_PER_HOST; thread++) {
                Callable<String> call = () -> {
                    go.await();
                    return manager.accessToken(ID);
                };
                futures.add(pool.submit(call));
            }
        }
        go.countDown();
        List<String> tokens = new ArrayList<>();
        for (Future<String> future : futures) {
            tokens.add(future.get(60, TimeUnit.SECONDS));
        }
        return tokens;
    }
}
