package io.iomt.sdk.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.dynamodb.internal.SampleItems;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class DynamoDbTablesTest {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    private static TableDescription describe(String tableName) {
        return DYNALITE.client().describeTable(describe -> describe.tableName(tableName)).table();
    }

    @Test
    void tokenTableHasKeyAndProviderUserIndex() {
        String tableName = DynaliteExtension.uniqueTableName("tokens");

        DynamoDbTables.createTokenTable(DYNALITE.client(), tableName);

        TableDescription table = describe(tableName);
        assertThat(table.tableStatusAsString()).isEqualTo("ACTIVE");
        assertThat(table.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("pk");
        assertThat(table.globalSecondaryIndexes()).singleElement()
                .satisfies(index -> assertThat(index.indexName()).isEqualTo("providerUser-index"));
    }

    @Test
    void sampleTableHasPartitionAndSortKey() {
        String tableName = DynaliteExtension.uniqueTableName("samples");

        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);

        assertThat(describe(tableName).keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("pk", "sk");
    }

    @Test
    void tablesAreOnDemand() {
        assertThat(DynamoDbTables.tokenTableRequest("tokens").billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(DynamoDbTables.sampleTableRequest("samples").billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
    }

    @Test
    void createTwiceIsIdempotent() {
        String tableName = DynaliteExtension.uniqueTableName("samples");

        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);

        assertThat(describe(tableName).tableStatusAsString()).isEqualTo("ACTIVE");
    }

    @Test
    void retentionSetsExpiryOnItems() {
        String tableName = DynaliteExtension.uniqueTableName("samples");
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        DynamoDbSampleStore store = DynamoDbSampleStore.builder()
                .client(DYNALITE.client())
                .tableName(tableName)
                .retention(Duration.ofDays(30))
                .build();
        Instant hour = Instant.parse("2026-12-04T10:00:00Z");

        store.write(SubjectId.of("s1"), Series.builder(Metric.HEART_RATE).add(hour.toEpochMilli() + 5, 60).build());

        Map<String, AttributeValue> item = DYNALITE.client().getItem(get -> get.tableName(tableName)
                .key(SampleItems.key("s1#heart-rate", hour.toEpochMilli()))).item();
        long expected = hour.plus(Duration.ofHours(1)).plus(Duration.ofDays(30)).getEpochSecond();
        assertThat(item.get(DynamoDbTables.SAMPLE_EXPIRY_ATTRIBUTE).n()).isEqualTo(Long.toString(expected));
    }
}
