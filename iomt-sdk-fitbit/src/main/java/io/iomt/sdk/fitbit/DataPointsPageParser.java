package io.iomt.sdk.fitbit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.iomt.sdk.Metric;
import io.iomt.sdk.Series;
import io.iomt.sdk.fitbit.internal.DataPointReader;
import io.iomt.sdk.fitbit.internal.MalformedPageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parses one page of a {@code users.dataTypes.dataPoints.list} response of one
 * {@link GoogleHealthDataType} straight into {@link Series.Builder} columns, with Jackson's
 * streaming parser: no JSON tree and no object per point.
 *
 * <p>Unknown fields are skipped at every level, so new API fields do not break parsing. int64
 * values are read from JSON strings (and from JSON numbers). A point that lacks the value of a
 * metric, or its time, is skipped for that metric and counted in {@link Page#skipped()}. Each
 * point keeps its UTC offset ({@code utcOffset} or {@code startUtcOffset}) in the series' offset
 * column; daily points are placed at their civil date's midnight in UTC with no offset. Sleep
 * sessions yield one {@link Metric#SLEEP_SESSION} point (value: a
 * {@link io.iomt.sdk.SleepSessionKind} code) and one {@link Metric#SLEEP_STAGE} point per stage
 * (value: a {@link io.iomt.sdk.SleepStage} code).
 *
 * <p>A body that is not JSON, is cut short, or has the wrong shape raises a
 * {@link GoogleHealthException} (not retryable, HTTP status 0) naming the request. Points added
 * to the builders before the error stay there, so a caller that must not keep part of a page
 * discards the builders, as {@link GoogleHealthWearable} does.
 *
 * <p>Immutable and thread-safe; each {@code parse} call uses its own parser state. The caller
 * owns and closes the input stream.
 */
public final class DataPointsPageParser {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final GoogleHealthDataType dataType;

    private DataPointsPageParser(GoogleHealthDataType dataType) {
        this.dataType = dataType;
    }

    /** Returns the parser for pages of {@code dataType}. */
    public static DataPointsPageParser forType(GoogleHealthDataType dataType) {
        return new DataPointsPageParser(Objects.requireNonNull(dataType, "dataType"));
    }

    /** Returns the data type whose pages this parser reads. */
    public GoogleHealthDataType dataType() {
        return dataType;
    }

    /**
     * Parses a page held in memory.
     *
     * @param builders where to add points, keyed by metric; metrics of the data type that are
     *     not keys are not collected and not counted as skipped
     * @throws GoogleHealthException if the body is not a data-points page
     */
    public Page parse(byte[] body, Map<Metric, Series.Builder> builders) {
        Objects.requireNonNull(body, "body");
        try (JsonParser parser = JSON.createParser(body)) {
            return parse(parser, builders, "parse " + dataType.pathId());
        } catch (IOException e) {
            String reason = e.getClass().getSimpleName();
            throw malformed("parse " + dataType.pathId(), "the body is not readable JSON (" + reason + ")", null);
        }
    }

    /**
     * Parses a page read from {@code body}, which the caller closes.
     *
     * @param request the request as {@code METHOD path}, used in error messages
     * @throws GoogleHealthException if the body is not a data-points page
     * @throws IOException if reading {@code body} failed (a transport error, never a JSON error)
     */
    public Page parse(InputStream body, Map<Metric, Series.Builder> builders, String request) throws IOException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(request, "request");
        try (JsonParser parser = JSON.createParser(body)) {
            return parse(parser, builders, request);
        } catch (JsonProcessingException e) {
            throw malformed(request, "the body is not readable JSON (" + shortReason(e) + ")", null);
        }
    }

    private Page parse(JsonParser parser, Map<Metric, Series.Builder> builders, String request) throws IOException {
        Objects.requireNonNull(builders, "builders");
        List<Metric> metrics = dataType.metrics();
        Series.@Nullable Builder[] targets = new Series.Builder[metrics.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = builders.get(metrics.get(i));
        }
        DataPointReader reader = DataPointReader.create(dataType, targets);
        try {
            String nextPageToken = readPage(parser, reader);
            return new Page(reader.dataPoints(), reader.pointsAdded(), skippedCounts(reader), nextPageToken);
        } catch (MalformedPageException e) {
            throw malformed(request, e.getMessage() + location(parser), e);
        } catch (JsonProcessingException e) {
            throw malformed(request, "the body is not readable JSON (" + shortReason(e) + ")", null);
        }
    }

    private static @Nullable String readPage(JsonParser parser, DataPointReader reader) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedPageException("the body is not a JSON object");
        }
        String nextPageToken = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "dataPoints" -> readDataPoints(parser, value, reader);
                case "nextPageToken" -> nextPageToken = readToken(parser, value);
                case "error" -> throw new MalformedPageException("the body is an error object, not a page");
                default -> parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new MalformedPageException("the page object is not closed");
        }
        if (parser.nextToken() != null) {
            throw new MalformedPageException("the body has content after the page object");
        }
        return nextPageToken;
    }

    private static void readDataPoints(JsonParser parser, JsonToken value, DataPointReader reader) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedPageException("'dataPoints' is not an array");
        }
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
            reader.readPoint(parser);
        }
        if (token != JsonToken.END_ARRAY) {
            throw new MalformedPageException("an element of 'dataPoints' is not an object");
        }
    }

    private static @Nullable String readToken(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new MalformedPageException("'nextPageToken' is not a string");
        }
        String text = parser.getText();
        return text.isEmpty() ? null : text;
    }

    private Map<Metric, Integer> skippedCounts(DataPointReader reader) {
        Map<Metric, Integer> skipped = null;
        for (int i = 0; i < dataType.metrics().size(); i++) {
            int count = reader.skipped(i);
            if (count > 0) {
                if (skipped == null) {
                    skipped = new EnumMap<>(Metric.class);
                }
                skipped.put(dataType.metrics().get(i), count);
            }
        }
        return skipped == null ? Map.of() : Map.copyOf(skipped);
    }

    /**
     * Returns the error for an unreadable page. Jackson's exceptions are never the cause, because
     * their messages can quote body text, which may contain health values.
     */
    private GoogleHealthException malformed(String request, String what, @Nullable Throwable cause) {
        return new GoogleHealthException("Unreadable " + dataType.pathId() + " page in the response to " + request
                + ": " + what + "; the page was discarded, so retry the fetch later", 0, null, null, request, dataType,
                false, false, null, cause);
    }

    private static String location(JsonParser parser) {
        JsonLocation location = parser.currentLocation();
        return " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String shortReason(JsonProcessingException e) {
        // The original message can quote body text, which may hold health values: keep only its type.
        return e.getClass().getSimpleName() + location(e.getLocation());
    }

    private static String location(@Nullable JsonLocation location) {
        if (location == null) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * The result of parsing one page.
     *
     * @param dataPoints the number of data points on the page, read or skipped
     * @param pointsAdded the number of points added to the builders, over all metrics
     * @param skipped per metric, the number of points skipped because a value or time was
     *     missing or invalid; metrics with no skip are absent
     * @param nextPageToken the token of the next page, or {@code null} on the last page
     */
    public record Page(int dataPoints, int pointsAdded, Map<Metric, Integer> skipped, @Nullable String nextPageToken) {

        /** Creates a page result; {@code skipped} is copied. */
        public Page {
            skipped = Map.copyOf(skipped);
        }

        /** Returns the total number of skipped metric values on the page. */
        public int skippedTotal() {
            int total = 0;
            for (int count : skipped.values()) {
                total += count;
            }
            return total;
        }
    }
}
