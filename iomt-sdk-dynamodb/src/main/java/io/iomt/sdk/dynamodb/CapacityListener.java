package io.iomt.sdk.dynamodb;

/**
 * Receives the capacity units that DynamoDB reports for each request a store sends, so a host
 * can meter storage cost per operation. When a store has a listener, its requests ask for
 * {@code ReturnConsumedCapacity=TOTAL}; responses without a figure are not reported.
 *
 * <p>Called on the thread that sent the request, right after the response arrives, so a listener
 * must be thread-safe and fast. An exception thrown by the listener propagates to the store's
 * caller.
 */
@FunctionalInterface
public interface CapacityListener {

    /**
     * Reports one response.
     *
     * @param operation the DynamoDB operation, such as {@code PutItem} or {@code Query}
     * @param table the table name
     * @param capacityUnits the consumed read or write capacity units, as reported by the server
     */
    void consumed(String operation, String table, double capacityUnits);

    /** Returns a listener that ignores every report; requests then ask for no capacity figures. */
    static CapacityListener none() {
        return NoCapacityListener.INSTANCE;
    }
}

/** The listener behind {@link CapacityListener#none()}. */
enum NoCapacityListener implements CapacityListener {
    INSTANCE;

    @Override
    public void consumed(String operation, String table, double capacityUnits) {
    }
}
