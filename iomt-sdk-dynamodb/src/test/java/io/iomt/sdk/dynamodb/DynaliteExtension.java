package io.iomt.sdk.dynamodb;

import io.iomt.sdk.dynamodb.testing.DynaliteServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Starts dynalite once per test class on a free port of 127.0.0.1 and stops it after the class.
 * Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DynaliteExtension DYNALITE = new DynaliteExtension();
 * }</pre>
 *
 * The dynalite install is found through the system property {@code iomt.dynalite.dir}, which the
 * module's Surefire configuration sets, or else at {@code ../tools/dynalite}.
 */
public final class DynaliteExtension implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private DynaliteServer server;
    private DynamoDbClient client;

    /** Returns the directory of the pinned dynalite install. */
    public static Path launcherDirectory() {
        return Path.of(System.getProperty("iomt.dynalite.dir", "../tools/dynalite"));
    }

    /** Returns a client for {@code endpoint} with dummy credentials and the URL-connection HTTP client. */
    public static DynamoDbClient clientFor(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Returns a table name no other test of this JVM uses. */
    public static String uniqueTableName(String prefix) {
        return prefix + "-" + TABLES.incrementAndGet();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = DynaliteServer.start(launcherDirectory());
        client = clientFor(server.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Returns the running server. */
    public DynaliteServer server() {
        return server;
    }

    /** Returns a client of the running server, closed after the class. */
    public DynamoDbClient client() {
        return client;
    }
}
