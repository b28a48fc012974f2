package io.iomt.sdk.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.ConnectionId;
import io.iomt.sdk.Metric;
import io.iomt.sdk.ProviderId;
import io.iomt.sdk.SubjectId;
import io.iomt.sdk.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncMessageTest {

    private static final ConnectionId ID = ConnectionId.of(SubjectId.of("s-1"), ProviderId.GOOGLE_HEALTH);

    @Test
    void incrementalWritesConnectionOnly() {
        String json = SyncMessage.incremental(ID).toJson();

        assertThat(json).isEqualTo("{\"connection\":\"" + ID.key() + "\"}");
        assertThat(SyncMessage.parse(json)).isEqualTo(SyncMessage.incremental(ID));
    }

    @Test
    void rangesRoundTrip() {
        TimeRange range = TimeRange.of(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T01:00:00Z"));
        SyncMessage message = new SyncMessage(ID, Set.of(Metric.STEPS, Metric.HEART_RATE), List.of(range, range));

        String json = message.toJson();

        assertThat(json).isEqualTo("{\"connection\":\"" + ID.key() + "\",\"metrics\":[\"" + Metric.HEART_RATE.id()
                + "\",\"" + Metric.STEPS.id() + "\"],\"ranges\":[{\"start\":\"2026-12-01T00:00:00Z\","
                + "\"end\":\"2026-12-01T01:00:00Z\"},{\"start\":\"2026-12-01T00:00:00Z\",\"end\":\"2026-12-01T01:00:00Z\"}]}");
        assertThat(SyncMessage.parse(json)).isEqualTo(message);
    }

    @Test
    void replacementRoundTrips() {
        TimeRange range = TimeRange.of(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T01:00:00Z"));
        SyncMessage message = new SyncMessage(ID, Set.of(Metric.HEART_RATE), List.of(range), true);

        String json = message.toJson();

        assertThat(json).endsWith("],\"replace\":true}");
        assertThat(SyncMessage.parse(json)).isEqualTo(message);
        assertThat(SyncMessage.parse(json.replace("true}", "false}")).replace()).isFalse();
    }

    @Test
    void unknownFieldsAndNullListsIgnored() {
        String json = "{\"sentBy\":{\"v\":[1,{\"x\":null}]},\"metrics\":null,\"connection\":\"" + ID.key()
                + "\",\"ranges\":null,\"extra\":[]}";

        assertThat(SyncMessage.parse(json)).isEqualTo(SyncMessage.incremental(ID));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|not a JSON object",
        "[]|not a JSON object",
        "{connection:|not JSON",
        "{\"connection\":\"s-1/google-health\"|not JSON",
        "{\"subject\":\"x\"}|no text field 'connection'",
        "{\"connection\":{\"key\":\"s-1/google-health\"}}|no text field 'connection'",
        "{\"connection\":\"s-1/google-health\",\"metrics\":\"steps\"}|'metrics' is not an array",
        "{\"connection\":\"s-1/google-health\",\"metrics\":[7]}|'metrics' holds a value that is not a metric id",
        "{\"connection\":\"s-1/google-health\",\"ranges\":{}}|'ranges' is not an array",
        "{\"connection\":\"s-1/google-health\",\"ranges\":[\"today\"]}|range is not an object",
        "{\"connection\":\"s-1/google-health\",\"ranges\":[{\"start\":\"2026-12-01T00:00:00Z\"}]}|no text field 'end'",
        "{\"connection\":\"s-1/google-health\",\"ranges\":[{\"start\":{},\"end\":\"2026-12-01T00:00:00Z\"}]}"
                + "|no text field 'start'",
        "{\"connection\":\"s-1/google-health\",\"ranges\":[{\"start\":\"yesterday\",\"end\":\"2026-12-01T00:00:00Z\"}]}"
                + "|field 'start' is not an ISO-8601 instant",
        "{\"connection\":\"s-1/google-health\",\"replace\":\"yes\"}|'replace' is invalid",
        "{\"connection\":\"s-1/google-health\",\"replace\":true}|'replace' needs 'ranges'"})
    void malformedBodyNamesTheProblem(String body, String problem) {
        assertThatThrownBy(() -> SyncMessage.parse(body))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Sync message")
                .hasMessageContaining(problem);
    }
}
