package io.iomt.sdk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/** Loads the RR recordings under {@code src/test/resources/hrv}; see PROVENANCE.md there. */
public final class HrvTestData {

    private HrvTestData() {
    }

    /** Returns the numbers of a one-value-per-line resource, gunzipped if its name ends in {@code .gz}. */
    public static double[] readColumn(String resource) {
        try (InputStream raw = HrvTestData.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("Test resource not found: " + resource);
            }
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                double[] values = new double[1024];
                int n = 0;
                String line;
                while ((line = reader.readLine()) != null) {
                    line = line.trim();
                    if (line.isEmpty()) {
                        continue;
                    }
                    if (n == values.length) {
                        values = Arrays.copyOf(values, n * 2);
                    }
                    values[n++] = Double.parseDouble(line);
                }
                return Arrays.copyOf(values, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read test resource " + resource, e);
        }
    }

    /** Returns a millisecond file under {@code /hrv/}. */
    public static RrIntervals millis(String name) {
        return RrIntervals.ofMillis(readColumn("/hrv/" + name));
    }

    /** Returns a file in seconds under {@code /hrv/}. */
    public static RrIntervals seconds(String name) {
        return RrIntervals.ofSeconds(readColumn("/hrv/" + name));
    }

    /**
     * Returns the 24-hour nsr2db record 022 in milliseconds, without its first line (the offset
     * of the first beat from the start of the recording, not an interval).
     */
    public static double[] nsr022Millis() {
        double[] seconds = readColumn("/hrv/nsr2db_nsr022_rr_secs.txt.gz");
        double[] millis = new double[seconds.length - 1];
        for (int i = 1; i < seconds.length; i++) {
            millis[i - 1] = seconds[i] * 1000.0;
        }
        return millis;
    }
}
