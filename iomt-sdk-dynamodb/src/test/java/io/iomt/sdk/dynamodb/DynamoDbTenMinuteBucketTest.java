package io.iomt.sdk.dynamodb;

import io.iomt.sdk.SampleStore;
import io.iomt.sdk.SampleStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sample store contract again with 10-minute buckets, so ranges and writes span many items. */
class DynamoDbTenMinuteBucketTest extends SampleStoreContract {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    @Override
    protected SampleStore newStore() {
        String tableName = DynaliteExtension.uniqueTableName("samples");
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        return DynamoDbSampleStore.builder()
                .client(DYNALITE.client())
                .tableName(tableName)
                .bucketDuration(Duration.ofMinutes(10))
                .build();
    }
}
