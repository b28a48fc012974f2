package io.iomt.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    @Test
    @Timeout(180)
    void demoReportsRecordedTotalsAndWritesCharts(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.html");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new IomtCommand()).execute("demo", "--report", report.toString());
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(output).isZero();
        Matcher total = Pattern.compile("(?m)^total\\s+(\\d+)\\s+(\\d+)$").matcher(output);
        assertThat(total.find()).as(output).isTrue();
        assertThat(total.group(1)).isEqualTo("73244");
        assertThat(total.group(2)).isEqualTo("76580");
        assertThat(output).containsPattern("heart-rate\\s+73244").containsPattern("steps\\s+11520");
        assertThat(output).contains("Report: " + report.toAbsolutePath());

        String html = Files.readString(report);
        assertThat(html).contains("id=\"heart-rate-chart\"").contains("id=\"stress-chart\"");
        assertThat(html).containsPattern("<path fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1\" d=\"M[0-9]");
        assertThat(html).containsPattern("<rect x=\"[0-9.]+\" y=\"[0-9.]+\"");
    }

    @Test
    void unknownStoreIsRejectedWithUsage() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        CommandLine command = new CommandLine(new IomtCommand());
        command.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));

        int exit = command.execute("demo", "--store", "postgres");

        assertThat(exit).isEqualTo(2);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains("--store").contains("memory, dynamodb");
    }
}
