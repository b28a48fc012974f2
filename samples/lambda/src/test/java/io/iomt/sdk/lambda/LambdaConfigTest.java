package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaConfigTest {

    @Test
    void missingVariableNamesIt() {
        assertThatThrownBy(() -> LambdaConfig.of(Map.of()).tokenTable())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(LambdaConfig.TOKEN_TABLE);
        assertThatThrownBy(() -> LambdaConfig.of(Map.of(LambdaConfig.SYNC_QUEUE_URL, "  ")).syncQueueUrl())
                .hasMessageContaining(LambdaConfig.SYNC_QUEUE_URL);
    }

    @Test
    void durationsHaveDefaults() {
        LambdaConfig config = LambdaConfig.of(Map.of(LambdaConfig.SYNC_INTERVAL, "PT3H"));

        assertThat(config.syncInterval()).isEqualTo(Duration.ofHours(3));
        assertThat(config.backfill()).isEqualTo(Duration.ofDays(30));
        assertThat(config.maxReadRange()).isEqualTo(Duration.ofDays(31));
        assertThat(config.subjectClaim()).isEqualTo("sub");
    }

    @Test
    void invalidDurationIsRejected() {
        assertThatThrownBy(() -> LambdaConfig.of(Map.of(LambdaConfig.BACKFILL, "30 days")).backfill())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(LambdaConfig.BACKFILL);
        assertThatThrownBy(() -> LambdaConfig.of(Map.of(LambdaConfig.SYNC_INTERVAL, "-PT1H")).syncInterval())
                .hasMessageContaining("positive");
    }

    @Test
    void serviceEndpointWins() {
        LambdaConfig config = LambdaConfig.of(Map.of(
                LambdaConfig.AWS_ENDPOINT, "http://127.0.0.1:4000",
                LambdaConfig.AWS_ENDPOINT + "_SQS", "http://127.0.0.1:9324"));

        assertThat(config.awsEndpoint("sqs")).contains(URI.create("http://127.0.0.1:9324"));
        assertThat(config.awsEndpoint("dynamodb")).contains(URI.create("http://127.0.0.1:4000"));
        assertThat(LambdaConfig.of(Map.of()).awsEndpoint("kms")).isEmpty();
    }

    @Test
    void toStringShowsNamesOnly() {
        LambdaConfig config = LambdaConfig.of(Map.of(LambdaConfig.GOOGLE_CLIENT_SECRET, "s3cret-value",
                "PATH", "/usr/bin"));

        assertThat(config.toString()).contains(LambdaConfig.GOOGLE_CLIENT_SECRET).doesNotContain("s3cret-value")
                .doesNotContain("PATH");
    }

    @Test
    void primingDefaultsToOnDemand() {
        LambdaConfig defaults = LambdaConfig.of(Map.of());

        assertThat(defaults.priming()).isTrue();
        assertThat(defaults.initializesAhead()).isFalse();
        assertThat(LambdaConfig.of(Map.of(LambdaConfig.INITIALIZATION_TYPE, "on-demand")).initializesAhead()).isFalse();
        assertThat(LambdaConfig.of(Map.of(LambdaConfig.INITIALIZATION_TYPE, "snap-start")).initializesAhead()).isTrue();
        assertThat(LambdaConfig.of(Map.of(LambdaConfig.INITIALIZATION_TYPE, "snap-start")).provisioned()).isFalse();
        LambdaConfig provisioned = LambdaConfig.of(Map.of(LambdaConfig.INITIALIZATION_TYPE, "provisioned-concurrency"));
        assertThat(provisioned.initializesAhead()).isTrue();
        assertThat(provisioned.provisioned()).isTrue();
        assertThat(LambdaConfig.of(Map.of(LambdaConfig.PRIMING, "false")).priming()).isFalse();
    }
}
