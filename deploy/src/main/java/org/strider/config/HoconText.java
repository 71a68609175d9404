package org.strider.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A config tree as HOCON a person reads: {@code key = value}, two-space indents, lists on one line, keys quoted only
 * where HOCON needs it. (typesafe-config's own renderer quotes every key with an underscore and spreads lists over
 * lines.) Keys are sorted, so two runs' files diff cleanly.
 */
final class HoconText {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final ConfigRenderOptions VALUE = ConfigRenderOptions.concise();

    private HoconText() {
    }

    static String render(final ConfigObject root) {
        final StringBuilder out = new StringBuilder();
        block(out, root, 0);
        return out.toString();
    }

    private static void block(final StringBuilder out, final ConfigObject object, final int depth) {
        for (final Map.Entry<String, ConfigValue> e : new TreeMap<>(object).entrySet()) {
            out.append("  ".repeat(depth)).append(key(e.getKey()));
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                out.append(" {\n");
                block(out, (ConfigObject) e.getValue(), depth + 1);
                out.append("  ".repeat(depth)).append("}\n");
            } else {
                out.append(" = ").append(value(e.getValue())).append('\n');
            }
        }
    }

    private static String value(final ConfigValue value) {
        if (value.valueType() != ConfigValueType.LIST) {
            return value.render(VALUE);
        }
        final StringBuilder list = new StringBuilder("[");
        for (final ConfigValue element : (ConfigList) value) {
            list.append(list.length() > 1 ? ", " : "").append(value(element));
        }
        return list.append(']').toString();
    }

    private static String key(final String key) {
        return PLAIN_KEY.matcher(key).matches() ? key : "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
