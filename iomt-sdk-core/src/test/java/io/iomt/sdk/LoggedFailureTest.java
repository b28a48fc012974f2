package io.iomt.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggedFailureTest {

    @Test
    void sdkExceptionKeepsMessage() {
        StoreException failure = new StoreException("DynamoDB PutItem on table samples timed out", true, null);

        assertThat(LoggedFailure.describe(failure)).isEqualTo("StoreException: DynamoDB PutItem on table samples timed out");
    }

    @Test
    void otherExceptionShowsClassOnly() {
        IllegalStateException failure = new IllegalStateException("token ya29.secret-value");

        assertThat(LoggedFailure.describe(failure)).isEqualTo("IllegalStateException").doesNotContain("ya29");
    }
}
