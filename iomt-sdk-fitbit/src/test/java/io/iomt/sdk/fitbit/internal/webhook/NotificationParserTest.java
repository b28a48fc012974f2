package io.iomt.sdk.fitbit.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.WebhookOperation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationParserTest {

    private static final String UPSERT = "{\"data\":{\"healthUserId\":\"u\",\"operation\":\"UPSERT\",\"dataType\":\"steps\","
            + "\"intervals\":[{\"physicalTimeInterval\":{\"startTime\":\"2026-12-01T07:00:00Z\","
            + "\"endTime\":\"2026-12-01T08:00:00Z\"}}]}}";

    @Test
    void parsesArrayAndSingleObject() throws NotificationFormatException {
        NotificationParser.Result array = NotificationParser.parse(bytes("[" + UPSERT + "]"), 99);
        NotificationParser.Result single = NotificationParser.parse(bytes(UPSERT), 99);

        assertThat(array.notifications()).hasSize(1).isEqualTo(single.notifications());
        ParsedNotification parsed = array.notifications().get(0);
        assertThat(parsed.operation()).isEqualTo(WebhookOperation.UPSERT);
        assertThat(parsed.intervals()).containsExactly(
                TimeRange.of(Instant.parse("2026-12-01T07:00:00Z"), Instant.parse("2026-12-01T08:00:00Z")));
    }

    @Test
    void civilDateTimeIntervalWidened() throws NotificationFormatException {
        String body = "{\"data\":{\"healthUserId\":\"u\",\"operation\":\"UPSERT\",\"dataType\":\"sleep\",\"intervals\":["
                + "{\"civilDateTimeInterval\":{\"startDateTime\":{\"date\":{\"year\":2026,\"month\":12,\"day\":1},"
                + "\"time\":{\"hours\":\"7\"}},\"endDateTime\":{\"date\":{\"year\":2026,\"month\":12,\"day\":1},"
                + "\"time\":{\"hours\":8,\"minutes\":30}}}}]}}";

        ParsedNotification parsed = NotificationParser.parse(bytes(body), 99).notifications().get(0);

        assertThat(parsed.intervals()).containsExactly(
                TimeRange.of(Instant.parse("2026-11-30T17:00:00Z"), Instant.parse("2026-12-01T20:30:00Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"year\":2026.5,", "\"year\":\"20x6\",", "\"year\":99999999999,", "\"year\":true,",
        "\"year\":{},", "\"year\":null,", ""})
    void civilYearMustBeInteger(String year) {
        String body = "{\"data\":{\"healthUserId\":\"u\",\"operation\":\"UPSERT\",\"dataType\":\"sleep\",\"intervals\":["
                + "{\"civilDateTimeInterval\":{\"startDateTime\":{\"date\":{" + year + "\"month\":12,\"day\":1}},"
                + "\"endDateTime\":{\"date\":{\"year\":2026,\"month\":12,\"day\":2}}}}]}}";

        assertThatThrownBy(() -> NotificationParser.parse(bytes(body), 99))
                .isInstanceOf(NotificationFormatException.class)
                .hasMessage("notification[0].data.intervals[0].civilDateTimeInterval.startDateTime"
                        + " is not a valid civil date and time.");
    }

    @Test
    void duplicateFieldRejectedWithLocation() {
        String body = "[{\"data\":{\"healthUserId\":\"u\",\n\"healthUserId\":\"v\",\"operation\":\"UPSERT\","
                + "\"dataType\":\"steps\"}}]";

        assertThatThrownBy(() -> NotificationParser.parse(bytes(body), 99))
                .isInstanceOf(NotificationFormatException.class)
                .hasMessageStartingWith("The body is not valid JSON (line 2, column ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[" + UPSERT + "] []", UPSERT + UPSERT, "[" + UPSERT + "] x"})
    void trailingContentRejected(String body) {
        assertThatThrownBy(() -> NotificationParser.parse(bytes(body), 99))
                .isInstanceOf(NotificationFormatException.class)
                .hasMessageStartingWith("The body is not valid JSON (line 1, column ");
    }

    @Test
    void shapeErrorsNameKindAndPath() {
        assertThatThrownBy(() -> NotificationParser.parse(bytes(""), 99))
                .hasMessage("The body is empty; expected a JSON array of notifications.");
        assertThatThrownBy(() -> NotificationParser.parse(bytes("[]"), 99))
                .hasMessage("The body is an empty JSON array; expected 1 to 99 notifications.");
        assertThatThrownBy(() -> NotificationParser.parse(bytes("\"x\""), 99))
                .hasMessage("The body must be a JSON array of notification objects, got a JSON string.");
        assertThatThrownBy(() -> NotificationParser.parse(bytes("[" + UPSERT + "," + UPSERT + "]"), 1))
                .hasMessage("The body holds 2 notifications; at most 1 are accepted in one delivery.");
        assertThatThrownBy(() -> NotificationParser.parse(bytes("[{\"data\":{\"healthUserId\":7}}]"), 99))
                .hasMessage("notification[0].data.healthUserId must be a non-empty string.");
        assertThatThrownBy(() -> NotificationParser.parse(bytes("[{\"data\":{\"healthUserId\":\"u\","
                + "\"dataType\":\"steps\",\"operation\":\"UPSERT\",\"intervals\":{}}}]"), 99))
                .hasMessage("notification[0].data.intervals must be a JSON array.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"verification\"}", " {\"type\" : \"verification\"} "})
    void verificationBodyRecognised(String body) {
        assertThat(NotificationParser.isVerificationBody(bytes(body))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"type\":\"verification\",\"data\":{}}", "{\"type\":1}", "[]",
        "{\"type\":\"verification\"} {}", "{\"type\":\"verification\",\"type\":\"verification\"}", "{"})
    void otherBodiesAreNotVerification(String body) {
        assertThat(NotificationParser.isVerificationBody(bytes(body))).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
