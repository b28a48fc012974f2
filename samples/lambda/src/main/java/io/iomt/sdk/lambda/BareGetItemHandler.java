package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The baseline of the cold-start benchmark: a handler that reads one item of the token table with
 * a single {@code GetItem} through the same container services (URL-connection client, same
 * configuration) and nothing else. Not deployed by the template. Thread-safe.
 */
public final class BareGetItemHandler implements RequestHandler<Map<String, String>, Boolean> {

    private final LambdaServices services;

    /** Creates the handler, configured from the environment. */
    public BareGetItemHandler() {
        this(LambdaServices.shared());
    }

    BareGetItemHandler(LambdaServices services) {
        this.services = services;
    }

    /** Reads the item whose {@code pk} is the event's {@code key}; returns whether it exists. */
    @Override
    public Boolean handleRequest(@Nullable Map<String, String> event, @Nullable Context context) {
        String key = event == null ? null : event.get("key");
        if (key == null) {
            throw new IllegalArgumentException("The event needs a 'key' field: the pk of a token table item");
        }
        return services.dynamoDb().getItem(get -> get.tableName(services.config().tokenTable())
                .key(Map.of("pk", AttributeValue.fromS(key)))).hasItem();
    }
}
