package io.iomt.sdk.dynamodb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.StoreException;
import io.iomt.sdk.SubjectId;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Calls that dynalite cannot serve (UpdateTimeToLive) or cannot be made to fail on demand
 * (unprocessed keys, throttling, server errors), against WireMock speaking DynamoDB's JSON
 * protocol on 127.0.0.1.
 */
class DynamoDbStubbedTest {

    private static final String JSON = "application/x-amz-json-1.0";
    private static final long HOUR = Instant.parse("2026-12-04T10:00:00Z").toEpochMilli();

    private WireMockServer wireMock;
    private DynamoDbClient client;
    private final List<Long> sleeps = new ArrayList<>();

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1));
        wireMock.start();
        client = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + wireMock.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        wireMock.stop();
    }

    private static MappingBuilder operation(String name) {
        return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("DynamoDB_20120810." + name));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", JSON).withBody(body);
    }

    private DynamoDbSampleStore sampleStore() {
        return DynamoDbSampleStore.builder().client(client).tableName("samples").retrySleeper(sleeps::add).build();
    }

    private static Series onePoint() {
        return Series.builder(Metric.HEART_RATE).add(HOUR + 1_000, 61).build();
    }

    /** Two points 10 hours apart: their 2 buckets fill too little of the 11-hour span for one Query. */
    private static Series scatteredPoints() {
        return Series.builder(Metric.HEART_RATE).add(HOUR + 1_000, 61).add(HOUR + 10 * 3_600_000L + 1_000, 62).build();
    }

    @Test
    void enableSampleExpirySendsUpdateTimeToLive() {
        wireMock.stubFor(operation("UpdateTimeToLive").willReturn(json(200,
                "{\"TimeToLiveSpecification\":{\"AttributeName\":\"exp\",\"Enabled\":true}}")));

        DynamoDbTables.enableSampleExpiry(client, "samples");

        wireMock.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.UpdateTimeToLive"))
                .withRequestBody(equalToJson(
                        "{\"TableName\":\"samples\",\"TimeToLiveSpecification\":{\"AttributeName\":\"exp\",\"Enabled\":true}}")));
    }

    @Test
    void enableSampleExpiryRejectedIsNotRetryable() {
        wireMock.stubFor(operation("UpdateTimeToLive").willReturn(json(400,
                "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"TimeToLive is already enabled\"}")));

        assertThatThrownBy(() -> DynamoDbTables.enableSampleExpiry(client, "samples"))
                .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isFalse())
                .hasMessageContaining("UpdateTimeToLive")
                .hasMessageContaining("ValidationException");
    }

    @Test
    void unprocessedKeysAreRetriedWithBackoff() {
        String key = "{\"pk\":{\"S\":\"s1#heart-rate\"},\"sk\":{\"N\":\"" + HOUR + "\"}}";
        wireMock.stubFor(operation("BatchGetItem").inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"Responses\":{\"samples\":[]},\"UnprocessedKeys\":{\"samples\":{\"Keys\":["
                        + key + "],\"ConsistentRead\":true}}}"))
                .willSetStateTo("drained"));
        wireMock.stubFor(operation("BatchGetItem").inScenario("throttled").whenScenarioStateIs("drained")
                .willReturn(json(200, "{\"Responses\":{\"samples\":[]},\"UnprocessedKeys\":{}}")));
        wireMock.stubFor(operation("PutItem").willReturn(json(200, "{}")));

        sampleStore().write(SubjectId.of("s1"), scatteredPoints());

        wireMock.verify(2, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.BatchGetItem"))
                .withRequestBody(matchingJsonPath("$.RequestItems.samples.Keys[0].sk.N", equalTo(Long.toString(HOUR)))));
        wireMock.verify(2, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.PutItem"))
                .withRequestBody(matchingJsonPath("$.ConditionExpression", equalTo("attribute_not_exists(#pk)"))));
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void keysUnprocessedAfterEveryRetryFailRetryable() {
        String key = "{\"pk\":{\"S\":\"s1#heart-rate\"},\"sk\":{\"N\":\"" + HOUR + "\"}}";
        wireMock.stubFor(operation("BatchGetItem").willReturn(json(200,
                "{\"Responses\":{},\"UnprocessedKeys\":{\"samples\":{\"Keys\":[" + key + "]}}}")));

        assertThatThrownBy(() -> sampleStore().write(SubjectId.of("s1"), scatteredPoints()))
                .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isTrue())
                .hasMessageContaining("unprocessed");
        assertThat(sleeps).hasSize(12);
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.PutItem")))).isEmpty();
    }

    @Test
    void denseWriteReadsBucketsWithOneQuery() {
        wireMock.stubFor(operation("Query").willReturn(json(200, "{\"Items\":[],\"Count\":0}")));
        wireMock.stubFor(operation("PutItem").willReturn(json(200, "{}")));

        sampleStore().write(SubjectId.of("s1"), onePoint());

        wireMock.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.Query"))
                .withRequestBody(matchingJsonPath("$.ConsistentRead", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues[':first'].N", equalTo(Long.toString(HOUR))))
                .withRequestBody(matchingJsonPath("$.ExpressionAttributeValues[':last'].N", equalTo(Long.toString(HOUR)))));
        assertThat(wireMock.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("DynamoDB_20120810.BatchGetItem")))).isEmpty();
    }

    @Test
    void throttledWriteFailsRetryable() {
        wireMock.stubFor(operation("Query").willReturn(json(200, "{\"Items\":[],\"Count\":0}")));
        wireMock.stubFor(operation("PutItem").willReturn(json(400,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                        + "\"message\":\"Rate exceeded\"}")));

        assertThatThrownBy(() -> sampleStore().write(SubjectId.of("s1"), onePoint()))
                .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isTrue())
                .hasMessageContaining("ProvisionedThroughputExceededException");
    }

    @Test
    void serverErrorFailsRetryable() {
        wireMock.stubFor(operation("GetItem").willReturn(json(500,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"boom\"}")));
        DynamoDbTokenStore store = DynamoDbTokenStore.builder()
                .client(client).tableName("tokens").tokenCipher(TokenCipher.plaintextForDevelopment()).build();

        assertThatThrownBy(() -> store.load(io.iomt.sdk.ConnectionId.parse("s1/google-health")))
                .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isTrue())
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void unreachableEndpointFailsRetryable() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            DynamoDbTokenStore store = DynamoDbTokenStore.builder()
                    .client(unreachable).tableName("tokens").tokenCipher(TokenCipher.plaintextForDevelopment()).build();

            assertThatThrownBy(() -> store.load(io.iomt.sdk.ConnectionId.parse("s1/google-health")))
                    .isInstanceOfSatisfying(StoreException.class, failure -> assertThat(failure.isRetryable()).isTrue())
                    .hasMessageContaining("before a response arrived");
        }
    }
}
