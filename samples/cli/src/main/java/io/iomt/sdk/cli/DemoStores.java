package io.iomt.sdk.cli;

import io.iomt.sdk.InMemorySampleStore;
import io.iomt.sdk.InMemoryTokenStore;
import io.iomt.sdk.SampleStore;
import io.iomt.sdk.TokenStore;
import io.iomt.sdk.dynamodb.DynamoDbSampleStore;
import io.iomt.sdk.dynamodb.DynamoDbTables;
import io.iomt.sdk.dynamodb.DynamoDbTokenStore;
import io.iomt.sdk.dynamodb.TokenCipher;
import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The token and sample stores of one demo run and whatever backs them: the heap, a dynalite
 * process started for the run, or a DynamoDB endpoint given on the command line. Closes what it
 * started, in reverse order.
 */
final class DemoStores implements AutoCloseable {

    private final TokenStore tokenStore;
    private final SampleStore sampleStore;
    private final String description;
    private final Deque<AutoCloseable> resources;

    private DemoStores(TokenStore tokenStore, SampleStore sampleStore, String description, Deque<AutoCloseable> resources) {
        this.tokenStore = tokenStore;
        this.sampleStore = sampleStore;
        this.description = description;
        this.resources = resources;
    }

    /**
     * Opens the stores of {@code kind}. For DynamoDB, starts dynalite from {@code dynaliteDirectory}
     * unless {@code endpoint} is given, and creates two tables with a random suffix.
     */
    static DemoStores open(DemoCommand.StoreKind kind, @Nullable URI endpoint, Path dynaliteDirectory) {
        if (kind == DemoCommand.StoreKind.memory) {
            return new DemoStores(new InMemoryTokenStore(), new InMemorySampleStore(), "in memory", new ArrayDeque<>());
        }
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            URI target = endpoint;
            String server = "DynamoDB at " + endpoint;
            if (target == null) {
                requireDynalite(dynaliteDirectory);
                DynaliteServer dynalite = DynaliteServer.start(dynaliteDirectory);
                resources.push(dynalite);
                target = dynalite.endpoint();
                server = "dynalite at " + target;
            }
            DynamoDbClient client = DynamoDbClient.builder()
                    .endpointOverride(target)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            resources.push(client);

            String suffix = UUID.randomUUID().toString().substring(0, 8);
            String tokenTable = "iomt-demo-tokens-" + suffix;
            String sampleTable = "iomt-demo-samples-" + suffix;
            DynamoDbTables.createTokenTable(client, tokenTable);
            DynamoDbTables.createSampleTable(client, sampleTable);
            // The demo talks to a local server only, so tokens are stored unencrypted here.
            TokenStore tokens = DynamoDbTokenStore.builder().client(client).tableName(tokenTable)
                    .tokenCipher(TokenCipher.plaintextForDevelopment()).build();
            SampleStore samples = DynamoDbSampleStore.builder().client(client).tableName(sampleTable).build();
            return new DemoStores(tokens, samples, server + " (tables " + tokenTable + ", " + sampleTable + ")", resources);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static void requireDynalite(Path directory) {
        if (!Files.isDirectory(directory.resolve("node_modules"))) {
            throw new IllegalStateException("dynalite is not installed in " + directory.toAbsolutePath()
                    + "; run: npm ci --ignore-scripts --prefix " + directory + " (or pass --dynamodb-endpoint)");
        }
    }

    TokenStore tokenStore() {
        return tokenStore;
    }

    SampleStore sampleStore() {
        return sampleStore;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                System.err.println("Could not close " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
