package org.strider.nn.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the export needs, with no library: a strict RFC 8259 reader into {@code Map} (insertion
 * order kept, duplicate keys refused), {@code List}, {@code String}, {@link Num}, {@code Boolean} and
 * {@code null}, and a writer for the same values. Numbers keep their text, so a float written with
 * {@link Float#toString} reads back bit-exact and an offset is checked to be an integer without going through a
 * double.
 */
final class Json {
    /** Deeper nesting than this is refused rather than risking the stack on a hostile file. */
    static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(final String text) {
        this.text = text;
    }

    /** A JSON number as written. */
    record Num(String text) {
        /** The value as a long; throws if it is not an integer that fits. */
        long asLong() {
            for (int i = 0; i < text.length(); i++) {
                final char c = text.charAt(i);
                if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-')) {
                    throw new IllegalArgumentException("expected an integer, got " + text);
                }
            }
            try {
                return Long.parseLong(text);
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("integer out of range: " + text, e);
            }
        }

        float asFloat() {
            return Float.parseFloat(text);
        }

        double asDouble() {
            return Double.parseDouble(text);
        }
    }

    /** Parses one JSON value filling the whole text (whitespace around it allowed). */
    static Object parse(final String text) {
        final Json json = new Json(text);
        json.skipWhitespace();
        final Object value = json.value(0);
        json.skipWhitespace();
        if (json.pos != text.length()) {
            throw json.error("unexpected text after the value");
        }
        return value;
    }

    /** Writes a value built of the types {@link #parse} returns (and Integer, Long, Float, Double). */
    static String write(final Object value) {
        final StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    /**
     * Like {@link #write} with two-space indentation, one object member or array element per line, except that
     * an array of numbers and strings stays on one line.
     */
    static String writePretty(final Object value) {
        final StringBuilder out = new StringBuilder();
        writePretty(value, out, 0);
        return out.append('\n').toString();
    }

    /** A non-finite float as a string ("Infinity", "-Infinity", "NaN"), since JSON numbers cannot hold it. */
    static Object floatValue(final float f) {
        return Float.isFinite(f) ? new Num(Float.toString(f)) : Float.toString(f);
    }

    /** Reads what {@link #floatValue} wrote; throws if {@code value} is neither. */
    static float toFloat(final Object value) {
        if (value instanceof Num n) {
            return n.asFloat();
        }
        if (value instanceof String s) {
            switch (s) {
                case "Infinity":
                    return Float.POSITIVE_INFINITY;
                case "-Infinity":
                    return Float.NEGATIVE_INFINITY;
                case "NaN":
                    return Float.NaN;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("expected a number, got " + describe(value));
    }

    /** Short name of a value's JSON type, for messages. */
    static String describe(final Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String s) {
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (value instanceof Num n) {
            return "the number " + n.text();
        }
        return value.toString();
    }

    private static void write(final Object value, final StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Num n) {
            out.append(n.text());
        } else if (value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Float f) {
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException("JSON cannot hold " + f);
            }
            out.append(Float.toString(f));
        } else if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            out.append(Double.toString(d));
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (final Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString((String) e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writePretty(final Object value, final StringBuilder out, final int indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            out.append("{\n");
            int i = 0;
            for (final Map.Entry<?, ?> e : map.entrySet()) {
                out.append("  ".repeat(indent + 1));
                writeString((String) e.getKey(), out);
                out.append(": ");
                writePretty(e.getValue(), out, indent + 1);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append("  ".repeat(indent)).append('}');
        } else if (value instanceof List<?> list && !list.isEmpty() && !allScalars(list)) {
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append("  ".repeat(indent + 1));
                writePretty(list.get(i), out, indent + 1);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append("  ".repeat(indent)).append(']');
        } else {
            write(value, out);
        }
    }

    private static boolean allScalars(final List<?> list) {
        for (final Object v : list) {
            if (v instanceof Map || v instanceof List) {
                return false;
            }
        }
        return true;
    }

    private static void writeString(final String s, final StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private Object value(final int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw error("unexpected end of text");
        }
        final char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(final int depth) {
        pos++;
        final Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a key string");
            }
            final int keyAt = pos;
            final String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            final Object value = value(depth + 1);
            if (map.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            map.put(key, value);
            skipWhitespace();
            final char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private List<Object> array(final int depth) {
        pos++;
        final List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            final char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        pos++;
        final StringBuilder s = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            final char c = text.charAt(pos++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            final char e = text.charAt(pos++);
            switch (e) {
                case '"' -> s.append('"');
                case '\\' -> s.append('\\');
                case '/' -> s.append('/');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        final int digit = Character.digit(text.charAt(pos + i), 16);
                        if (digit < 0) {
                            throw error("bad \\u escape");
                        }
                        code = code * 16 + digit;
                    }
                    pos += 4;
                    s.append((char) code);
                }
                default -> {
                    pos--;
                    throw error("bad escape '\\" + e + "'");
                }
            }
        }
    }

    private Num number() {
        final int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("bad number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("bad number: digits must follow '.'");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("bad number: digits must follow the exponent");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return new Num(text.substring(start, pos));
    }

    private Object literal(final String word, final Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private void expect(final char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The next character, or 0 at the end (0 cannot appear unescaped in valid JSON outside strings). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            final char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static boolean isDigit(final char c) {
        return c >= '0' && c <= '9';
    }

    private IllegalArgumentException error(final String what) {
        return new IllegalArgumentException("invalid JSON at character " + pos + ": " + what);
    }
}
