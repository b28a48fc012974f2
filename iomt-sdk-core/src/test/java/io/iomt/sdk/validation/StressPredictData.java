package io.iomt.sdk.validation;

import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Loads the Stress-Predict development half from {@code src/test/resources/stress-predict}: 1 Hz
 * heart rate with per-second stress labels for the odd-numbered participants, and the raw E4
 * inter-beat intervals of participant S03. See PROVENANCE.md there.
 */
public final class StressPredictData {

    /**
     * One participant's recording.
     *
     * @param id participant number
     * @param heartRate HEART_RATE series (bpm, 1 Hz, rows with an empty heart rate left out)
     * @param labelTimesMillis epoch milliseconds of every labelled second
     * @param labels 1 during a stress task, 0 during baseline or rest, per labelled second
     */
    public record Participant(int id, Series heartRate, long[] labelTimesMillis, int[] labels) {

        /** Returns the epoch milliseconds of the first second labelled as stress. */
        public long firstStressMillis() {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == 1) {
                    return labelTimesMillis[i];
                }
            }
            throw new IllegalStateException("Participant " + id + " has no stress label");
        }

        @Override
        public String toString() {
            return "Participant[" + id + "]";
        }
    }

    private StressPredictData() {
    }

    /** Returns the participants of the labelled heart-rate file, by participant number. */
    public static List<Participant> participants() {
        Map<Integer, List<String[]>> rows = new TreeMap<>();
        try (InputStream raw = resource("/stress-predict/hr_labels_odd_participants.csv.gz");
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line == null || !line.startsWith("Participant,HR,respr,Time(sec),Label")) {
                throw new IllegalStateException("Unexpected header in the Stress-Predict label file");
            }
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split(",", -1);
                rows.computeIfAbsent(Integer.parseInt(cells[0].trim()), k -> new ArrayList<>()).add(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Stress-Predict label file", e);
        }
        List<Participant> participants = new ArrayList<>();
        for (Map.Entry<Integer, List<String[]>> entry : rows.entrySet()) {
            List<String[]> cells = entry.getValue();
            Series.Builder heartRate = Series.builder(Metric.HEART_RATE, cells.size());
            long[] times = new long[cells.size()];
            int[] labels = new int[cells.size()];
            for (int i = 0; i < cells.size(); i++) {
                String[] row = cells.get(i);
                times[i] = Long.parseLong(row[3].trim()) * 1000L;
                labels[i] = Integer.parseInt(row[4].trim());
                if (!row[1].isBlank()) {
                    heartRate.add(times[i], Double.parseDouble(row[1].trim()));
                }
            }
            participants.add(new Participant(entry.getKey(), heartRate.build(), times, labels));
        }
        return participants;
    }

    /**
     * Returns the E4 inter-beat intervals of participant S03 as an RR_INTERVAL series: the file's
     * first row is the session start in Unix seconds, then each row is the beat's offset from the
     * start in seconds and the interval in seconds.
     */
    public static Series s03Intervals() {
        try (InputStream raw = resource("/stress-predict/S03/IBI.csv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null) {
                throw new IllegalStateException("Empty S03 IBI file");
            }
            double start = Double.parseDouble(header.split(",")[0].trim());
            Series.Builder builder = Series.builder(Metric.RR_INTERVAL, 4096);
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split(",");
                double offset = Double.parseDouble(cells[0].trim());
                double interval = Double.parseDouble(cells[1].trim());
                builder.add(Math.round((start + offset) * 1000.0), interval * 1000.0);
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the S03 IBI file", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = StressPredictData.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Test resource not found: " + name);
        }
        return in;
    }
}
