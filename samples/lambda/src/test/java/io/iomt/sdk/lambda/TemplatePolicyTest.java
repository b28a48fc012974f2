package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks template.yaml against the code: each function has its own role, and the role grants
 * exactly the calls its handler makes, on the named resources only.
 *
 * <p>Jackson's YAML reader accepts CloudFormation's short tags ({@code !Ref}, {@code !GetAtt},
 * {@code !Sub}) and keeps their operand as a plain value, which is all a policy check needs.
 */
class TemplatePolicyTest {

    /**
     * The calls each handler makes, as "action on resource" (the logical id of the table, queue,
     * key or log group, or the parameter holding a secret's ARN). Derived from the code:
     * fan-out: DynamoDbTokenStore.list (Scan; decoding unwraps the token key: kms:Decrypt),
     * SendMessageBatch (authorized as sqs:SendMessage);
     * worker: the event source mapping (Receive, Delete, GetQueueAttributes), TokenStore load and
     * save (GetItem, PutItem), DynamoDbSampleStore write and read (BatchGetItem, GetItem after a
     * conflict, PutItem, Query) and delete for a webhook DELETE (Query, PutItem, DeleteItem),
     * KmsKeyProvider (GenerateDataKey, Decrypt), the client secret (secretsmanager:GetSecretValue);
     * HTTP API: OAuthStateStore (PutItem, DeleteItem), connect (GetItem, PutItem), reads (Query
     * samples, GetItem tokens), KmsKeyProvider, the client secret;
     * webhook: DynamoDbTokenStore.findByProviderUser (Query on the index), SendMessage, the
     * webhook secret. Every function writes its own log group.
     */
    static final Map<String, Set<String>> USED = Map.of(
            "SyncFanOutFunction", Set.of(
                    "logs:CreateLogStream@SyncFanOutLogs", "logs:PutLogEvents@SyncFanOutLogs",
                    "dynamodb:Scan@TokenTable", "kms:Decrypt@TokenKey", "sqs:SendMessage@SyncQueue"),
            "SyncWorkerFunction", Set.of(
                    "logs:CreateLogStream@SyncWorkerLogs", "logs:PutLogEvents@SyncWorkerLogs",
                    "sqs:ReceiveMessage@SyncQueue", "sqs:DeleteMessage@SyncQueue", "sqs:GetQueueAttributes@SyncQueue",
                    "dynamodb:GetItem@TokenTable", "dynamodb:PutItem@TokenTable",
                    "dynamodb:BatchGetItem@SampleTable", "dynamodb:GetItem@SampleTable", "dynamodb:PutItem@SampleTable",
                    "dynamodb:Query@SampleTable", "dynamodb:DeleteItem@SampleTable",
                    "kms:Decrypt@TokenKey", "kms:GenerateDataKey@TokenKey",
                    "secretsmanager:GetSecretValue@GoogleClientSecretArn"),
            "HttpApiFunction", Set.of(
                    "logs:CreateLogStream@HttpApiLogs", "logs:PutLogEvents@HttpApiLogs",
                    "dynamodb:GetItem@TokenTable", "dynamodb:PutItem@TokenTable", "dynamodb:Query@SampleTable",
                    "dynamodb:PutItem@OAuthStateTable", "dynamodb:DeleteItem@OAuthStateTable",
                    "kms:Decrypt@TokenKey", "kms:GenerateDataKey@TokenKey",
                    "secretsmanager:GetSecretValue@GoogleClientSecretArn"),
            "WebhookFunction", Set.of(
                    "logs:CreateLogStream@WebhookLogs", "logs:PutLogEvents@WebhookLogs",
                    "dynamodb:Query@TokenTable/index", "sqs:SendMessage@SyncQueue",
                    "secretsmanager:GetSecretValue@WebhookSecretArn"));

    private static final Pattern ARN_REFERENCE = Pattern.compile("^\\$\\{(\\w+)\\.Arn}(/index/.*)?$|^(\\w+)\\.Arn$");
    private static final Pattern PARAMETER = Pattern.compile("^\\w+Arn$");

    private static JsonNode template;

    @BeforeAll
    static void parse() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("template.yaml").toFile());
    }

    @Test
    void everyFunctionHasItsOwnRole() {
        Map<String, String> roles = new LinkedHashMap<>();
        functions().forEach((name, function) -> roles.put(name, roleOf(function)));

        assertThat(roles.keySet()).containsExactlyInAnyOrderElementsOf(USED.keySet());
        assertThat(Set.copyOf(roles.values())).hasSize(roles.size());
    }

    @Test
    void policiesGrantExactlyTheUsedCalls() {
        functions().forEach((name, function) -> assertThat(grants(roleOf(function)))
                .as("grants of %s", name)
                .containsExactlyInAnyOrderElementsOf(USED.get(name)));
    }

    @Test
    void noWildcards() {
        functions().forEach((name, function) -> {
            for (JsonNode statement : statements(roleOf(function))) {
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                for (JsonNode action : list(statement.path("Action"))) {
                    assertThat(action.asText()).as("action of %s", name).doesNotContain("*");
                }
                for (JsonNode resource : list(statement.path("Resource"))) {
                    assertThat(resource.asText()).as("resource of %s", name).isNotEqualTo("*").doesNotEndWith("/*");
                }
            }
        });
    }

    @Test
    void dataIsEncryptedAndRecoverable() {
        for (String table : Set.of("TokenTable", "SampleTable", "OAuthStateTable")) {
            JsonNode properties = template.path("Resources").path(table).path("Properties");
            assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(properties.path("SSESpecification").path("KMSMasterKeyId").asText()).isEqualTo("DataKey");
            assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled")
                    .asBoolean()).isTrue();
        }
        assertThat(template.path("Resources").path("SampleTable").path("Properties").path("TimeToLiveSpecification")
                .path("AttributeName").asText()).isEqualTo(io.iomt.sdk.dynamodb.DynamoDbTables.SAMPLE_EXPIRY_ATTRIBUTE);
        assertThat(template.path("Resources").path("OAuthStateTable").path("Properties").path("TimeToLiveSpecification")
                .path("AttributeName").asText()).isEqualTo(OAuthStateStore.EXPIRES_AT);
        assertThat(template.path("Resources").path("SyncQueue").path("Properties").path("RedrivePolicy")
                .path("deadLetterTargetArn").asText()).isEqualTo("SyncDeadLetterQueue.Arn");
        assertThat(template.path("Resources").path("SyncFanOutFunction").path("Properties").path("Events")
                .path("Every6Hours").path("Properties").path("ScheduleExpression").asText()).isEqualTo("rate(6 hours)");
    }

    static Map<String, JsonNode> functions() {
        Map<String, JsonNode> functions = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> resources = template.path("Resources").fields();
        while (resources.hasNext()) {
            Map.Entry<String, JsonNode> resource = resources.next();
            if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                functions.put(resource.getKey(), resource.getValue());
            }
        }
        return functions;
    }

    private static String roleOf(JsonNode function) {
        String role = function.path("Properties").path("Role").asText();
        assertThat(role).as("Role of a function").endsWith(".Arn");
        return role.substring(0, role.length() - ".Arn".length());
    }

    private static Iterable<JsonNode> statements(String role) {
        JsonNode resource = template.path("Resources").path(role);
        assertThat(resource.path("Type").asText()).isEqualTo("AWS::IAM::Role");
        assertThat(resource.path("Properties").has("ManagedPolicyArns")).isFalse();
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        for (JsonNode policy : resource.path("Properties").path("Policies")) {
            policy.path("PolicyDocument").path("Statement").forEach(all::add);
        }
        return all;
    }

    static Set<String> grants(String role) {
        Set<String> grants = new TreeSet<>();
        for (JsonNode statement : statements(role)) {
            for (JsonNode resource : list(statement.path("Resource"))) {
                String target = logicalId(resource.asText());
                for (JsonNode action : list(statement.path("Action"))) {
                    grants.add(action.asText() + "@" + target);
                }
            }
        }
        return grants;
    }

    private static String logicalId(String resource) {
        Matcher arn = ARN_REFERENCE.matcher(resource);
        if (arn.matches()) {
            return arn.group(1) != null ? arn.group(1) + (arn.group(2) != null ? "/index" : "") : arn.group(3);
        }
        if (PARAMETER.matcher(resource).matches() && template.path("Parameters").has(resource)) {
            return resource;
        }
        throw new AssertionError("Resource " + resource + " names no resource of the template");
    }

    private static Iterable<JsonNode> list(JsonNode node) {
        return node.isArray() ? node : java.util.List.of(node);
    }
}
