package io.iomt.sdk.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.iomt.sdk.fitbit.WebhookRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Builds the event objects that the Lambda runtime would pass, as API Gateway, SQS and EventBridge send them. */
final class Events {

    private Events() {
    }

    /** Returns the input that the template's schedule sends. */
    static Map<String, Object> schedule() {
        return Map.of("source", "iomt.schedule", "schedule", "sync-fan-out");
    }

    static SQSEvent sqs(Map<String, String> bodiesById) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        bodiesById.forEach((id, body) -> {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(id);
            message.setBody(body);
            message.setEventSource("aws:sqs");
            records.add(message);
        });
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** Receives every message now on the queue (long polls until one receive comes back empty). */
    static List<Message> drain(SqsClient sqs, String queueUrl) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(receive -> receive.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(60)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    /** Returns the SQS event that Lambda's event source mapping builds from received messages. */
    static SQSEvent sqs(List<Message> messages) {
        Map<String, String> bodies = new LinkedHashMap<>();
        messages.forEach(message -> bodies.put(message.messageId(), message.body()));
        return sqs(bodies);
    }

    static APIGatewayV2HTTPEvent http(String method, String path, Map<String, String> query, @Nullable String subjectClaim) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        if (subjectClaim != null) {
            APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
            jwt.setClaims(Map.of("sub", subjectClaim, "iss", "https://issuer.example.test"));
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            authorizer.setJwt(jwt);
            context.setAuthorizer(authorizer);
        }
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath(path);
        event.setRequestContext(context);
        event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        event.setHeaders(new HashMap<>());
        return event;
    }

    /** Returns the callback request that the browser sends after following Google's redirect. */
    static APIGatewayV2HTTPEvent callback(URI redirect) {
        Map<String, String> query = new HashMap<>();
        for (String pair : redirect.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return http("GET", "/oauth/callback", query, null);
    }

    /** Returns the webhook delivery as API Gateway passes it: lower-case headers, base64 body. */
    static APIGatewayV2HTTPEvent webhook(WebhookRequest request) {
        APIGatewayV2HTTPEvent event = http("POST", "/webhooks/google-health", Map.of(), null);
        Map<String, String> headers = new HashMap<>();
        for (String name : request.headerNames()) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), request.header(name));
        }
        event.setHeaders(headers);
        event.setBody(Base64.getEncoder().encodeToString(request.body()));
        event.setIsBase64Encoded(true);
        return event;
    }
}
