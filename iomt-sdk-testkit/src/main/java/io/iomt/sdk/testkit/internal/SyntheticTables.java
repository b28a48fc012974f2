package io.iomt.sdk.testkit.internal;

import io.iomt.sdk.testkit.RecordedData;
import java.util.EnumMap;
import java.util.Map;

/** Derives the types a Fitabase recording lacks; every point is labelled synthetic in its data source. */
final class SyntheticTables {

    private SyntheticTables() {
    }

    static Map<DataTypeSpec, PointTable> build(RecordedData data) {
        Map<DataTypeSpec, PointTable> tables = new EnumMap<>(DataTypeSpec.class);
        for (DataTypeSpec type : DataTypeSpec.values()) {
            if (type.synthetic) {
                tables.put(type, PointTable.empty(type));
            }
        }
        return tables;
    }
}
