package org.strider.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Checks a merged, resolved run config against the {@link ReferenceTree}: every key must be one reference.conf has
 * (else: its full path, a "did you mean", and the keys at that level) and of the default's {@link ValueKind} (else:
 * the path, the type expected and the value given). Both say where the value came from.
 */
final class KeyCheck {
    private KeyCheck() {
    }

    /** @throws ConfigError at the first unknown key or wrong type, in key order */
    static void check(final ConfigObject root, final ReferenceTree reference) {
        walk(root, new ArrayList<>(), reference);
    }

    private static void walk(final ConfigObject object, final List<String> path, final ReferenceTree reference) {
        for (final String key : new TreeSet<>(object.keySet())) {
            final List<String> p = new ArrayList<>(path);
            p.add(key);
            final ConfigValue value = object.get(key);
            if (unresolved(value)) {
                continue; // a layer checked before its substitutions resolve; checked again once merged
            }
            final ConfigValue expected = reference.value(p);
            if (expected == null) {
                throw unknown(p, value, reference);
            }
            final ValueKind kind = ValueKind.of(expected);
            if (!kind.accepts(value)) {
                throw new ConfigError("config " + ConfigUtil.joinPath(p) + " must be " + kind.description() + ", got "
                    + describe(value) + ConfigError.from(value.origin()));
            }
            if (kind == ValueKind.OBJECT) {
                walk((ConfigObject) value, p, reference);
            }
        }
    }

    private static boolean unresolved(final ConfigValue value) {
        try {
            value.valueType();
            return false;
        } catch (final ConfigException.NotResolved e) {
            return true;
        }
    }

    /** "string \"many\"", "number 1.5", "list [1,\"a\"]" ... */
    static String describe(final ConfigValue value) {
        return value.valueType().name().toLowerCase(Locale.ROOT) + " "
            + value.render(ConfigRenderOptions.concise());
    }

    private static ConfigError unknown(final List<String> path, final ConfigValue value,
        final ReferenceTree reference) {
        final String full = ConfigUtil.joinPath(path);
        if (path.size() == 1) {
            return new ConfigError("config " + full + ": unknown key at the top level" + ConfigError.from(value.origin())
                + "; a run config holds one block, " + ReferenceTree.ROOT + " { "
                + String.join(", ", siblings(List.of(ReferenceTree.ROOT), reference)) + " }, and Pekko's "
                + String.join(" and ", RunConfigLoader.PEKKO_BLOCKS.stream().map(b -> "pekko." + b).toList()));
        }
        final List<String> parent = path.subList(0, path.size() - 1);
        final List<String> known = siblings(parent, reference);
        final String key = path.get(path.size() - 1);
        final String guess = Suggest.closest(key, known);
        final String below = Suggest.sameLastKey(key, reference.leaves().stream()
            .filter(l -> l.startsWith(ConfigUtil.joinPath(parent) + ".")).toList());
        final StringBuilder s = new StringBuilder("config " + full + ": unknown key" + ConfigError.from(value.origin()));
        if (below != null) {
            s.append("; did you mean ").append(below).append('?');
        } else if (guess != null) {
            final List<String> g = new ArrayList<>(parent);
            g.add(guess);
            s.append("; did you mean ").append(ConfigUtil.joinPath(g)).append('?');
        }
        s.append(" Keys in ").append(ConfigUtil.joinPath(parent)).append(": ").append(String.join(", ", known));
        return new ConfigError(s.toString());
    }

    private static List<String> siblings(final List<String> parent, final ReferenceTree reference) {
        return new ArrayList<>(new TreeSet<>(((ConfigObject) reference.value(parent)).keySet()));
    }
}
