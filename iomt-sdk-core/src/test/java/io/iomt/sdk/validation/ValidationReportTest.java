package io.iomt.sdk.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ValidationReportTest {

    @Test
    void committedReportIsCurrent() throws IOException {
        Path committed = ValidationReport.defaultPath();

        String text = Files.readString(committed, StandardCharsets.UTF_8);

        assertThat(text)
                .as("docs/VALIDATION.md is out of date; regenerate it with: " + ValidationReport.COMMAND)
                .isEqualTo(ValidationReport.generate());
    }

    @Test
    void reportHasNoMismatch() {
        assertThat(ValidationReport.generate()).doesNotContain("MISMATCH");
    }
}
