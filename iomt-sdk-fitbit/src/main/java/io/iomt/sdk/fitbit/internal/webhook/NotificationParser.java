package io.iomt.sdk.fitbit.internal.webhook;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.iomt.sdk.TimeRange;
import io.iomt.sdk.fitbit.internal.JsonTree;
import io.iomt.sdk.fitbit.WebhookOperation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Google Health notification body: a JSON array of {@code {"data":{..}}} objects, or a
 * single such object. Messages name the element and field that failed but never echo values.
 * Stateless and thread-safe.
 */
public final class NotificationParser {

    // UTC offsets in use range from -12:00 to +14:00, so a civil time maps to an instant in
    // [civil - 14 h, civil + 12 h].
    private static final Duration MAX_EAST_OFFSET = Duration.ofHours(14);
    private static final Duration MAX_WEST_OFFSET = Duration.ofHours(12);

    private static final int MAX_ID_CHARS = 256;

    /** A civil date or time field value outside the range of every such field. */
    private static final int INVALID = Integer.MIN_VALUE;
    private static final Pattern DATA_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private NotificationParser() {
    }

    /** Result of a parse: the notifications read and the count skipped for an unknown operation. */
    public record Result(List<ParsedNotification> notifications, int skippedUnknownOperation) {
        /** Creates a result. */
        public Result {
            notifications = List.copyOf(notifications);
        }
    }

    /**
     * Returns whether the body is the verification request's {@code {"type":"verification"}}.
     * Bodies longer than 1 KiB are never verification requests and are not parsed here.
     */
    public static boolean isVerificationBody(byte[] body) {
        if (body.length > 1024) {
            return false;
        }
        try {
            JsonTree root = JsonTree.parse(body);
            return root.isObject() && "verification".equals(root.path("type").text()) && !root.has("data");
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /**
     * Parses a delivery.
     *
     * @param maxNotifications the largest number of notifications accepted in one body
     * @throws NotificationFormatException if the body is not of the documented shape
     */
    public static Result parse(byte[] body, int maxNotifications) throws NotificationFormatException {
        JsonTree root = readJson(body);
        List<JsonTree> elements = new ArrayList<>();
        if (root.isArray()) {
            if (root.size() == 0) {
                throw new NotificationFormatException("The body is an empty JSON array; expected 1 to "
                        + maxNotifications + " notifications.");
            }
            if (root.size() > maxNotifications) {
                throw new NotificationFormatException("The body holds " + root.size()
                        + " notifications; at most " + maxNotifications + " are accepted in one delivery.");
            }
            elements.addAll(root.elements());
        } else if (root.isObject()) {
            elements.add(root);
        } else {
            throw new NotificationFormatException("The body must be a JSON array of notification objects, got a JSON "
                    + root.type().name().toLowerCase(Locale.ROOT) + ".");
        }

        List<ParsedNotification> notifications = new ArrayList<>(elements.size());
        int skipped = 0;
        for (int i = 0; i < elements.size(); i++) {
            ParsedNotification notification = readNotification(elements.get(i), "notification[" + i + "]");
            if (notification == null) {
                skipped++;
            } else {
                notifications.add(notification);
            }
        }
        return new Result(notifications, skipped);
    }

    private static JsonTree readJson(byte[] body) throws NotificationFormatException {
        try {
            JsonTree root = JsonTree.parse(body);
            if (root.isMissing()) {
                throw new NotificationFormatException("The body is empty; expected a JSON array of notifications.");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new NotificationFormatException(at == null ? "The body is not valid JSON."
                    : "The body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").");
        }
    }

    /** Returns the notification, or null when its operation is unknown and it is skipped. */
    private static @Nullable ParsedNotification readNotification(JsonTree element, String path)
            throws NotificationFormatException {
        if (!element.isObject()) {
            throw new NotificationFormatException(path + " must be a JSON object with a 'data' object.");
        }
        JsonTree data = element.get("data");
        if (data == null || !data.isObject()) {
            throw new NotificationFormatException(path + " has no 'data' object.");
        }
        String dataPath = path + ".data";
        String healthUserId = requiredText(data, "healthUserId", dataPath);
        if (healthUserId.length() > MAX_ID_CHARS) {
            throw new NotificationFormatException(dataPath + ".healthUserId is longer than " + MAX_ID_CHARS
                    + " characters.");
        }
        String dataType = dataType(requiredText(data, "dataType", dataPath), dataPath);
        WebhookOperation operation = operation(requiredText(data, "operation", dataPath));
        List<TimeRange> intervals = intervals(data.get("intervals"), dataPath + ".intervals");
        return operation == null ? null : new ParsedNotification(healthUserId, dataType, operation, intervals);
    }

    private static String dataType(String raw, String path) throws NotificationFormatException {
        // Subscriptions may echo "users/{id}/dataTypes/{type}"; notifications use the bare name.
        String name = raw.substring(raw.lastIndexOf('/') + 1);
        if (!DATA_TYPE.matcher(name).matches()) {
            throw new NotificationFormatException(path + ".dataType must be a kebab-case data type name such as"
                    + " 'steps' (1 to 64 characters of a-z, 0-9 and '-').");
        }
        return name;
    }

    private static @Nullable WebhookOperation operation(String raw) {
        return switch (raw.toUpperCase(Locale.ROOT)) {
            case "UPSERT" -> WebhookOperation.UPSERT;
            case "DELETE" -> WebhookOperation.DELETE;
            default -> null;
        };
    }

    private static List<TimeRange> intervals(@Nullable JsonTree node, String path) throws NotificationFormatException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new NotificationFormatException(path + " must be a JSON array.");
        }
        List<JsonTree> elements = node.elements();
        List<TimeRange> intervals = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            intervals.add(interval(elements.get(i), path + "[" + i + "]"));
        }
        return intervals;
    }

    private static TimeRange interval(JsonTree node, String path) throws NotificationFormatException {
        if (!node.isObject()) {
            throw new NotificationFormatException(path + " must be a JSON object.");
        }
        JsonTree physical = node.get("physicalTimeInterval");
        if (physical != null && physical.isObject()) {
            String physicalPath = path + ".physicalTimeInterval";
            Instant start = instant(requiredText(physical, "startTime", physicalPath), physicalPath + ".startTime");
            Instant end = instant(requiredText(physical, "endTime", physicalPath), physicalPath + ".endTime");
            return range(start, end, physicalPath);
        }

        JsonTree civilIso = node.get("civilIso8601TimeInterval");
        if (civilIso != null && civilIso.isObject()) {
            String civilPath = path + ".civilIso8601TimeInterval";
            LocalDateTime start = localDateTime(requiredText(civilIso, "startTime", civilPath), civilPath + ".startTime");
            LocalDateTime end = localDateTime(requiredText(civilIso, "endTime", civilPath), civilPath + ".endTime");
            return widenedCivilRange(start, end, civilPath);
        }

        JsonTree civil = node.get("civilDateTimeInterval");
        if (civil != null && civil.isObject()) {
            String civilPath = path + ".civilDateTimeInterval";
            LocalDateTime start = civilDateTime(civil.get("startDateTime"), civilPath + ".startDateTime");
            LocalDateTime end = civilDateTime(civil.get("endDateTime"), civilPath + ".endDateTime");
            return widenedCivilRange(start, end, civilPath);
        }
        throw new NotificationFormatException(path + " has none of physicalTimeInterval, civilIso8601TimeInterval"
                + " or civilDateTimeInterval.");
    }

    /**
     * Returns the instants a civil interval may cover in any time zone, because a notification's
     * civil times carry no UTC offset.
     */
    private static TimeRange widenedCivilRange(LocalDateTime start, LocalDateTime end, String path)
            throws NotificationFormatException {
        if (end.isBefore(start)) {
            throw new NotificationFormatException(path + " ends before it starts.");
        }
        Instant startUtc = start.toInstant(ZoneOffset.UTC).minus(MAX_EAST_OFFSET);
        Instant endUtc = end.toInstant(ZoneOffset.UTC).plus(MAX_WEST_OFFSET);
        return TimeRange.of(startUtc, endUtc);
    }

    private static TimeRange range(Instant start, Instant end, String path) throws NotificationFormatException {
        if (end.isBefore(start)) {
            throw new NotificationFormatException(path + " ends before it starts.");
        }
        return TimeRange.of(start, end);
    }

    private static Instant instant(String text, String path) throws NotificationFormatException {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new NotificationFormatException(path + " is not an RFC 3339 timestamp with a UTC offset"
                    + " (for example 2026-12-01T07:15:00Z).");
        }
    }

    private static LocalDateTime localDateTime(String text, String path) throws NotificationFormatException {
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new NotificationFormatException(path + " is not an ISO 8601 local date-time"
                    + " (for example 2026-12-01T08:15:00).");
        }
    }

    private static LocalDateTime civilDateTime(@Nullable JsonTree node, String path) throws NotificationFormatException {
        if (node == null || !node.isObject()) {
            throw new NotificationFormatException(path + " must be an object with 'date' and 'time'.");
        }
        JsonTree date = node.path("date");
        JsonTree time = node.path("time");
        try {
            return LocalDateTime.of(civilField(date, "year", INVALID), civilField(date, "month", INVALID),
                    civilField(date, "day", INVALID), civilField(time, "hours", 0), civilField(time, "minutes", 0),
                    civilField(time, "seconds", 0), civilField(time, "nanos", 0));
        } catch (java.time.DateTimeException e) {
            throw new NotificationFormatException(path + " is not a valid civil date and time.");
        }
    }

    /**
     * Returns a field of a civil date or time: an integer, or a string of one as proto3 JSON also
     * allows; {@code fallback} when absent; {@link #INVALID}, which every date and time field
     * rejects, for anything else.
     */
    private static int civilField(JsonTree node, String field, int fallback) {
        JsonTree value = node.path(field);
        if (value.isMissing() || value.isNull()) {
            return fallback;
        }
        String text = value.text();
        if (text == null) {
            return value.intValue(INVALID);
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return INVALID;
        }
    }

    private static String requiredText(JsonTree node, String field, String path) throws NotificationFormatException {
        JsonTree value = node.get(field);
        if (value == null || value.isNull()) {
            throw new NotificationFormatException(path + "." + field + " is missing.");
        }
        String text = value.text();
        if (text == null || text.isBlank()) {
            throw new NotificationFormatException(path + "." + field + " must be a non-empty string.");
        }
        return text;
    }
}
