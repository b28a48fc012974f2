package io.iomt.sdk.cli;

import io.iomt.sdk.Series;
import io.iomt.sdk.StressAssessment;
import io.iomt.sdk.StressWindow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes a self-contained HTML report with two inline SVG charts: heart rate over time (5-minute
 * means) and the hourly stress score. No script and no external file, so it renders offline and
 * in headless browsers. Not thread-safe; one instance per report.
 */
final class HtmlReport {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 260;
    private static final int MARGIN_LEFT = 50;
    private static final int MARGIN_BOTTOM = 30;
    private static final long BUCKET_MILLIS = 5 * 60_000L;

    private final String title;
    private final ZoneId zone;
    private final long startMillis;
    private final long endMillis;

    HtmlReport(String title, ZoneId zone, Instant start, Instant end) {
        this.title = title;
        this.zone = zone;
        this.startMillis = start.toEpochMilli();
        this.endMillis = end.toEpochMilli();
    }

    /** Writes the report to {@code file}, replacing it, and returns its absolute path. */
    Path write(Path file, List<DaySummary> days, Series heartRate, StressAssessment stress) throws IOException {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(escape(title)).append("</title>")
                .append("<style>body{font-family:sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("h2{margin-top:32px}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n")
                .append("<p>Times in ").append(escape(zone.getId())).append(". Stress model ")
                .append(escape(stress.modelVersion())).append(".</p>\n");

        html.append("<h2>Heart rate (bpm, 5-minute mean)</h2>\n");
        html.append(heartRateChart(heartRate));
        html.append("<h2>Stress score (0-100, hourly)</h2>\n");
        html.append(stressChart(stress.windows()));
        html.append("<h2>Per day</h2>\n").append(dayTable(days));
        html.append("</body></html>\n");

        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file.toAbsolutePath();
    }

    private String heartRateChart(Series heartRate) {
        StringBuilder svg = openSvg("heart-rate-chart", 40, 180);
        StringBuilder path = new StringBuilder();
        long bucket = -1;
        double sum = 0;
        int count = 0;
        long lastBucket = 0;
        boolean started = false;
        for (int i = 0; i <= heartRate.size(); i++) {
            long current = i < heartRate.size() ? Math.floorDiv(heartRate.timeAt(i), BUCKET_MILLIS) : Long.MAX_VALUE;
            if (current != bucket && count > 0) {
                double x = x(bucket * BUCKET_MILLIS);
                double y = y(sum / count, 40, 180);
                // A gap of more than 30 minutes starts a new line instead of bridging missing data.
                boolean gap = !started || bucket - lastBucket > 6;
                path.append(gap ? " M" : " L").append(fmt(x)).append(',').append(fmt(y));
                lastBucket = bucket;
                started = true;
                sum = 0;
                count = 0;
            }
            if (i < heartRate.size()) {
                bucket = current;
                sum += heartRate.valueAt(i);
                count++;
            }
        }
        svg.append("<path fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1\" d=\"")
                .append(path.toString().trim()).append("\"/>\n");
        return svg.append("</svg>\n").toString();
    }

    private String stressChart(List<StressWindow> windows) {
        StringBuilder svg = openSvg("stress-chart", 0, 100);
        for (StressWindow window : windows) {
            if (!window.isScored()) {
                continue;
            }
            double x0 = x(window.window().startMillis());
            double x1 = x(window.window().endMillis());
            double y = y(window.score(), 0, 100);
            svg.append("<rect x=\"").append(fmt(x0)).append("\" y=\"").append(fmt(y))
                    .append("\" width=\"").append(fmt(Math.max(1, x1 - x0 - 0.5)))
                    .append("\" height=\"").append(fmt(HEIGHT - MARGIN_BOTTOM - y))
                    .append("\" fill=\"").append(color(window.score())).append("\"/>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private StringBuilder openSvg(String id, double minValue, double maxValue) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\">\n");
        for (int tick = 0; tick <= 4; tick++) {
            double value = minValue + (maxValue - minValue) * tick / 4;
            double y = y(value, minValue, maxValue);
            svg.append("<line x1=\"").append(MARGIN_LEFT).append("\" x2=\"").append(WIDTH).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e0e0e0\"/>")
                    .append("<text x=\"4\" y=\"").append(fmt(y + 4)).append("\" font-size=\"11\">")
                    .append((int) value).append("</text>\n");
        }
        DateTimeFormatter dayLabel = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH).withZone(zone);
        Instant day = Instant.ofEpochMilli(startMillis);
        while (day.toEpochMilli() < endMillis) {
            double x = x(day.toEpochMilli());
            svg.append("<line x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"0\" y2=\"")
                    .append(HEIGHT - MARGIN_BOTTOM).append("\" stroke=\"#bbb\"/>")
                    .append("<text x=\"").append(fmt(x + 3)).append("\" y=\"").append(HEIGHT - 10)
                    .append("\" font-size=\"11\">").append(dayLabel.format(day)).append("</text>\n");
            day = day.atZone(zone).plusDays(1).toInstant();
        }
        return svg;
    }

    private String dayTable(List<DaySummary> days) {
        StringBuilder table = new StringBuilder("<table><tr><th>day</th><th>heart-rate samples</th><th>steps</th>"
                + "<th>resting HR (bpm)</th><th>mean stress</th><th>max stress</th></tr>\n");
        for (DaySummary day : days) {
            table.append("<tr><td>").append(day.date()).append("</td><td>").append(day.heartRateSamples())
                    .append("</td><td>").append(day.steps()).append("</td><td>").append(day.restingText())
                    .append("</td><td>").append(day.meanStressText()).append("</td><td>").append(day.maxStressText())
                    .append("</td></tr>\n");
        }
        return table.append("</table>\n").toString();
    }

    private double x(long epochMillis) {
        double fraction = (epochMillis - startMillis) / (double) (endMillis - startMillis);
        return MARGIN_LEFT + fraction * (WIDTH - MARGIN_LEFT - 10);
    }

    private static double y(double value, double min, double max) {
        double clamped = Math.max(min, Math.min(max, value));
        return 10 + (1 - (clamped - min) / (max - min)) * (HEIGHT - MARGIN_BOTTOM - 10);
    }

    private static String color(double score) {
        if (score < 25) {
            return "#27ae60";
        }
        if (score < 50) {
            return "#f1c40f";
        }
        return score < 75 ? "#e67e22" : "#c0392b";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
