package io.iomt.sdk.testkit.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code dataPoints.list} filter: the AIP-160 subset the Google Health API documents.
 * Comparisons use {@code >=} or {@code <} on one time field and a quoted literal; they combine
 * with {@code AND} and {@code OR} (where, as in AIP-160, {@code OR} binds tighter) and
 * parentheses. Immutable and thread-safe.
 */
final class Filter {

    /** A filter that the API would reject; carries the HTTP 400 reason. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Invalid(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private interface Node {
        boolean test(PointTable table, int index);
    }

    private enum Field { PHYSICAL_START, CIVIL_START, PHYSICAL_END, CIVIL_END, DATE }

    private static final Filter ALL = new Filter((table, index) -> true, "");

    private final Node root;
    private final String text;

    private Filter(Node root, String text) {
        this.root = root;
        this.text = text;
    }

    boolean test(PointTable table, int index) {
        return root.test(table, index);
    }

    /** Returns the filter text, which page tokens are bound to. */
    String text() {
        return text;
    }

    static Filter parse(String text, DataTypeSpec type) throws Invalid {
        if (text.isBlank()) {
            return ALL;
        }
        Parser parser = new Parser(tokenize(text), type);
        Node root = parser.expression();
        if (parser.position < parser.tokens.size()) {
            throw new Invalid("INVALID_FILTER_FORMAT", "Unexpected token '" + parser.tokens.get(parser.position) + "' in filter");
        }
        return new Filter(root, text.trim());
    }

    private static List<String> tokenize(String text) throws Invalid {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw new Invalid("INVALID_FILTER_FORMAT", "Unterminated string literal in filter");
                }
                tokens.add(text.substring(i, close + 1));
                i = close + 1;
            } else if (c == '<' || c == '>' || c == '=' || c == '!') {
                int end = i + 1;
                if (end < text.length() && text.charAt(end) == '=') {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            } else {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                        || text.charAt(end) == '.' || text.charAt(end) == '-')) {
                    end++;
                }
                if (end == i) {
                    throw new Invalid("INVALID_FILTER_FORMAT", "Unexpected character '" + c + "' in filter");
                }
                tokens.add(text.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }

    private static final class Parser {
        final List<String> tokens;
        final DataTypeSpec type;
        int position;

        Parser(List<String> tokens, DataTypeSpec type) {
            this.tokens = tokens;
            this.type = type;
        }

        Node expression() throws Invalid {
            List<Node> terms = new ArrayList<>();
            terms.add(factor());
            while (accept("AND")) {
                terms.add(factor());
            }
            if (terms.size() == 1) {
                return terms.get(0);
            }
            return (table, index) -> {
                for (Node term : terms) {
                    if (!term.test(table, index)) {
                        return false;
                    }
                }
                return true;
            };
        }

        Node factor() throws Invalid {
            List<Node> terms = new ArrayList<>();
            terms.add(term());
            while (accept("OR")) {
                terms.add(term());
            }
            if (terms.size() == 1) {
                return terms.get(0);
            }
            return (table, index) -> {
                for (Node term : terms) {
                    if (term.test(table, index)) {
                        return true;
                    }
                }
                return false;
            };
        }

        Node term() throws Invalid {
            if (accept("(")) {
                Node inner = expression();
                if (!accept(")")) {
                    throw new Invalid("INVALID_FILTER_FORMAT", "Missing ')' in filter");
                }
                return inner;
            }
            String name = next("a field name");
            Field field = field(name);
            String operator = next("an operator");
            if (!operator.equals(">=") && !operator.equals("<")) {
                throw new Invalid("INVALID_FILTER_FORMAT", "Unsupported operator '" + operator + "' after " + name
                        + "; time filters use >= and <");
            }
            String literal = next("a quoted value");
            if (literal.length() < 2 || literal.charAt(0) != '"') {
                throw new Invalid("INVALID_FILTER_FORMAT", "The value after " + name + " " + operator + " must be a quoted string");
            }
            long bound = bound(field, name, literal.substring(1, literal.length() - 1));
            boolean atLeast = operator.equals(">=");
            return (table, index) -> {
                long value = value(field, table, index);
                return atLeast ? value >= bound : value < bound;
            };
        }

        private Field field(String name) throws Invalid {
            int dot = name.indexOf('.');
            String prefix = dot < 0 ? name : name.substring(0, dot);
            String member = dot < 0 ? "" : name.substring(dot + 1);
            if (!prefix.equals(type.filterPrefix)) {
                throw new Invalid("INVALID_DATA_POINT_FILTER_MIXED_DATA_TYPE", "Filter field " + name + " does not belong to data type "
                        + type.id + "; its fields start with " + type.filterPrefix + ".");
            }
            switch (type.shape) {
                case SAMPLE:
                    if (member.equals("sample_time.physical_time")) {
                        return Field.PHYSICAL_START;
                    }
                    if (member.equals("sample_time.civil_time")) {
                        return Field.CIVIL_START;
                    }
                    break;
                case INTERVAL:
                    switch (member) {
                        case "interval.start_time":
                            return Field.PHYSICAL_START;
                        case "interval.civil_start_time":
                            return Field.CIVIL_START;
                        case "interval.end_time":
                            return Field.PHYSICAL_END;
                        case "interval.civil_end_time":
                            return Field.CIVIL_END;
                        default:
                            break;
                    }
                    break;
                case SESSION:
                    if (member.equals("interval.end_time")) {
                        return Field.PHYSICAL_END;
                    }
                    if (member.equals("interval.civil_end_time")) {
                        return Field.CIVIL_END;
                    }
                    break;
                case DAILY:
                    if (member.equals("date")) {
                        return Field.DATE;
                    }
                    break;
                default:
                    break;
            }
            throw new Invalid("INVALID_DATA_POINT_FILTER_DATA_TYPE_MEMBER", "Filter field " + name + " cannot be used with data type "
                    + type.id + "; " + allowed());
        }

        private String allowed() {
            String p = type.filterPrefix + ".";
            switch (type.shape) {
                case SAMPLE:
                    return "use " + p + "sample_time.physical_time or " + p + "sample_time.civil_time";
                case INTERVAL:
                    return "use " + p + "interval.start_time, civil_start_time, end_time or civil_end_time";
                case SESSION:
                    return "use " + p + "interval.end_time or " + p + "interval.civil_end_time";
                default:
                    return "use " + p + "date";
            }
        }

        private long bound(Field field, String name, String literal) throws Invalid {
            try {
                switch (field) {
                    case PHYSICAL_START:
                    case PHYSICAL_END:
                        return OffsetDateTime.parse(literal).toInstant().toEpochMilli();
                    case CIVIL_START:
                    case CIVIL_END:
                        LocalDateTime civil = literal.length() == 10 ? LocalDate.parse(literal).atStartOfDay() : LocalDateTime.parse(literal);
                        return civil.toInstant(ZoneOffset.UTC).toEpochMilli();
                    default:
                        return LocalDate.parse(literal).toEpochDay() * PointTable.DAY_MILLIS;
                }
            } catch (DateTimeException e) {
                String expected = field == Field.PHYSICAL_START || field == Field.PHYSICAL_END ? "an RFC 3339 timestamp such as 2026-12-01T00:00:00Z"
                        : field == Field.DATE ? "a date YYYY-MM-DD" : "a civil time YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss";
                throw new Invalid("INVALID_FILTER_FORMAT", "Invalid value \"" + literal + "\" for " + name + "; expected " + expected);
            }
        }

        private static long value(Field field, PointTable table, int index) {
            switch (field) {
                case PHYSICAL_START:
                case DATE:
                    return table.start[index];
                case CIVIL_START:
                    return table.start[index] + table.startOffset[index] * 1000L;
                case PHYSICAL_END:
                    return table.end[index];
                default:
                    return table.end[index] + table.endOffset[index] * 1000L;
            }
        }

        private boolean accept(String token) {
            if (position < tokens.size() && tokens.get(position).equals(token)) {
                position++;
                return true;
            }
            return false;
        }

        private String next(String expected) throws Invalid {
            if (position >= tokens.size()) {
                throw new Invalid("INVALID_FILTER_FORMAT", "Filter ends where " + expected + " was expected");
            }
            return tokens.get(position++);
        }
    }
}
