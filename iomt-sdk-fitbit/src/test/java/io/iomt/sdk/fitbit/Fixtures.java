package io.iomt.sdk.fitbit;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** Loads the constructed Google Health API bodies under {@code src/test/resources/google-health}. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/google-health/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** Parses a fixture page of {@code type} and returns one built series per metric of the type. */
    static Map<Metric, Series> parse(GoogleHealthDataType type, byte[] body) {
        Map<Metric, Series.Builder> builders = builders(type);
        DataPointsPageParser.forType(type).parse(body, builders);
        Map<Metric, Series> series = new EnumMap<>(Metric.class);
        builders.forEach((metric, builder) -> series.put(metric, builder.build()));
        return series;
    }

    static Map<Metric, Series.Builder> builders(GoogleHealthDataType type) {
        Map<Metric, Series.Builder> builders = new EnumMap<>(Metric.class);
        for (Metric metric : type.metrics()) {
            builders.put(metric, Series.builder(metric));
        }
        return builders;
    }
}
