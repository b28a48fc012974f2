package io.iomt.sdk.dynamodb;

import io.iomt.sdk.SampleStore;
import io.iomt.sdk.SampleStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class DynamoDbSampleStoreTest extends SampleStoreContract {

    @RegisterExtension
    static final DynaliteExtension DYNALITE = new DynaliteExtension();

    @Override
    protected SampleStore newStore() {
        String tableName = DynaliteExtension.uniqueTableName("samples");
        DynamoDbTables.createSampleTable(DYNALITE.client(), tableName);
        return DynamoDbSampleStore.builder().client(DYNALITE.client()).tableName(tableName).build();
    }
}
