package io.iomt.sdk.fitbit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTreeTest {

    @Test
    void readsEveryKind() throws JsonProcessingException {
        JsonTree root = JsonTree.parse("{\"s\":\"text\",\"i\":7,\"f\":1.5,\"t\":true,\"n\":null,\"a\":[1,\"x\"],\"o\":{}}");

        assertThat(root.isObject()).isTrue();
        assertThat(root.size()).isEqualTo(7);
        assertThat(root.path("s").text()).isEqualTo("text");
        assertThat(root.path("i").isLong()).isTrue();
        assertThat(root.path("i").longValue(-1)).isEqualTo(7);
        assertThat(root.path("i").intValue(-1)).isEqualTo(7);
        assertThat(root.path("f").type()).isEqualTo(JsonTree.Type.NUMBER);
        assertThat(root.path("f").isIntegralNumber()).isFalse();
        assertThat(root.path("f").intValue(-1)).isEqualTo(-1);
        assertThat(root.path("t").type()).isEqualTo(JsonTree.Type.BOOLEAN);
        assertThat(root.path("n").isNull()).isTrue();
        assertThat(root.has("n")).isTrue();
        assertThat(root.hasNonNull("n")).isFalse();
        assertThat(root.path("a").elements()).extracting(JsonTree::type)
                .containsExactly(JsonTree.Type.NUMBER, JsonTree.Type.STRING);
        assertThat(root.path("a").path(1).text()).isEqualTo("x");
        assertThat(root.path("o").isObject()).isTrue();
    }

    @Test
    void absentValuesAreMissing() throws JsonProcessingException {
        JsonTree root = JsonTree.parse("{\"a\":[1]}");

        assertThat(root.get("b")).isNull();
        assertThat(root.path("b").isMissing()).isTrue();
        assertThat(root.path("a").path(1).isMissing()).isTrue();
        assertThat(root.path("a").path(-1).isMissing()).isTrue();
        assertThat(root.path("b").path("c").path(0).text()).isNull();
        assertThat(root.path("b").elements()).isEmpty();
        assertThat(root.path("b").size()).isZero();
    }

    @Test
    void emptyInputIsMissing() throws JsonProcessingException {
        assertThat(JsonTree.parse("").isMissing()).isTrue();
        assertThat(JsonTree.parse(" \n".getBytes(StandardCharsets.UTF_8)).isMissing()).isTrue();
    }

    @Test
    void integralBeyondLongIsNotLong() throws JsonProcessingException {
        JsonTree big = JsonTree.parse("123456789012345678901234567890");

        assertThat(big.isIntegralNumber()).isTrue();
        assertThat(big.isLong()).isFalse();
        assertThat(big.longValue(-1)).isEqualTo(-1);
        assertThat(JsonTree.parse("4294967296").intValue(-1)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "{\"a\":1} {}", "[1] 2", "{\"a\":", "[1,", "{\"a\" 1}", "nope",
        "{\"a\":{\"b\":1,\"b\":1}}"})
    void strictParseRejects(String json) {
        assertThatThrownBy(() -> JsonTree.parse(json)).isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> JsonTree.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void errorCarriesLocation() {
        assertThatThrownBy(() -> JsonTree.parse("{\n\"a\":1,\n\"a\":2}"))
                .isInstanceOfSatisfying(JsonProcessingException.class,
                        e -> assertThat(e.getLocation().getLineNr()).isEqualTo(3));
    }

    @Test
    void deepNestingRejectedWithoutStackOverflow() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        assertThatThrownBy(() -> JsonTree.parse(deep)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void lenientKeepsLastDuplicateAndIgnoresTrailing() throws IOException {
        JsonTree root = JsonTree.parseLenient(stream("{\"e\":\"first\",\"e\":\"last\"} trailing"));

        assertThat(root.path("e").text()).isEqualTo("last");
        assertThat(JsonTree.parseLenient(stream("")).isMissing()).isTrue();
        assertThatThrownBy(() -> JsonTree.parseLenient(stream("{\"e\":"))).isInstanceOf(IOException.class);
    }

    @Test
    void toStringShowsNoValue() throws JsonProcessingException {
        assertThat(JsonTree.parse("{\"heartRate\":\"71\"}").toString()).doesNotContain("71").contains("OBJECT");
        assertThat(JsonTree.parse("\"secret\"").toString()).doesNotContain("secret");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
