package org.strider.run;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough JSON for the CLI's {@code --json} output and the run's {@code summary.json}: maps (in their iteration
 * order), lists, primitive arrays, strings, numbers, booleans and null. Floats print as floats ({@code 4.8}, not
 * {@code 4.800000190734863}); non-finite numbers become {@code null}.
 */
public final class Json {
    private Json() {
    }

    /** One line, no spaces. */
    public static String write(final Object value) {
        final StringBuilder s = new StringBuilder();
        append(s, value, null);
        return s.toString();
    }

    /** Objects one key per line, two-space indented; lists on one line. */
    public static String pretty(final Object value) {
        final StringBuilder s = new StringBuilder();
        append(s, value, "");
        return s.toString();
    }

    /** {@code indent} null: compact; else the current indentation of a pretty rendering. */
    private static void append(final StringBuilder s, final Object value, final String indent) {
        if (value == null) {
            s.append("null");
        } else if (value instanceof String str) {
            string(s, str);
        } else if (value instanceof Double d) {
            s.append(Double.isFinite(d) ? d.toString() : "null");
        } else if (value instanceof Float f) {
            s.append(Float.isFinite(f) ? f.toString() : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            s.append(value);
        } else if (value instanceof Map<?, ?> map) {
            final String inner = indent == null ? null : indent + "  ";
            s.append(indent == null || map.isEmpty() ? "{" : "{\n");
            final Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                final Map.Entry<?, ?> e = it.next();
                s.append(inner == null ? "" : inner);
                string(s, String.valueOf(e.getKey()));
                s.append(indent == null ? ":" : ": ");
                append(s, e.getValue(), inner);
                s.append(it.hasNext() ? "," : "").append(indent == null ? "" : "\n");
            }
            s.append(indent == null || map.isEmpty() ? "" : indent).append('}');
        } else if (value instanceof List<?> list) {
            s.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    s.append(indent == null ? "," : ", ");
                }
                append(s, list.get(i), indent);
            }
            s.append(']');
        } else if (value instanceof double[] a) {
            s.append('[');
            for (int i = 0; i < a.length; i++) {
                s.append(i == 0 ? "" : indent == null ? "," : ", ");
                append(s, a[i], indent);
            }
            s.append(']');
        } else if (value instanceof float[] a) {
            s.append('[');
            for (int i = 0; i < a.length; i++) {
                s.append(i == 0 ? "" : indent == null ? "," : ", ");
                append(s, a[i], indent);
            }
            s.append(']');
        } else if (value instanceof int[] a) {
            s.append('[');
            for (int i = 0; i < a.length; i++) {
                s.append(i == 0 ? "" : indent == null ? "," : ", ").append(a[i]);
            }
            s.append(']');
        } else {
            string(s, value.toString());
        }
    }

    private static void string(final StringBuilder s, final String str) {
        s.append('"');
        for (int i = 0; i < str.length(); i++) {
            final char c = str.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
