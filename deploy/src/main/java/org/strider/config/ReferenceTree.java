package org.strider.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code strider} subtree of every module's reference.conf on the class path: the defaults a run config starts
 * from and the list of keys it may hold. A key is known if reference.conf has it; its type is the default's
 * ({@link ValueKind}). Read once, on first use.
 */
final class ReferenceTree {
    /** The root block every run config key lives in. */
    static final String ROOT = "strider";

    private static volatile ReferenceTree instance;

    private final Config unresolved;
    private final Config resolved;

    private ReferenceTree(final Config unresolved) {
        this.unresolved = unresolved;
        this.resolved = unresolved.resolve();
    }

    static ReferenceTree get() {
        ReferenceTree t = instance;
        if (t == null) {
            synchronized (ReferenceTree.class) {
                t = instance;
                if (t == null) {
                    t = new ReferenceTree(ConfigFactory.parseResourcesAnySyntax(ReferenceTree.class.getClassLoader(),
                        "reference.conf").withOnlyPath(ROOT));
                    instance = t;
                }
            }
        }
        return t;
    }

    /** The defaults, substitutions not yet resolved (so {@code checkpoint-every} follows a changed eval.every). */
    Config defaults() {
        return unresolved;
    }

    /** The defaults, resolved. */
    Config resolved() {
        return resolved;
    }

    /** Whether {@code path} (split into keys) is a key or block of the reference. */
    boolean has(final List<String> path) {
        return value(path) != null;
    }

    /** Whether the dotted {@code path} is a key or block of the reference. */
    boolean has(final String path) {
        return has(ConfigUtil.splitPath(path));
    }

    /** The reference's value at {@code path}, or null. */
    ConfigValue value(final List<String> path) {
        ConfigValue v = resolved.root();
        for (final String key : path) {
            if (!(v instanceof ConfigObject o) || !o.containsKey(key)) {
                return null;
            }
            v = o.get(key);
        }
        return v;
    }

    /** Every leaf path of the reference (dotted, from the root: {@code strider.run.steps}), null defaults included. */
    List<String> leaves() {
        final List<String> out = new ArrayList<>();
        collect(resolved.root(), "", out);
        return out;
    }

    private static void collect(final ConfigObject o, final String prefix, final List<String> out) {
        for (final Map.Entry<String, ConfigValue> e : o.entrySet()) {
            final String path = prefix + ConfigUtil.joinPath(e.getKey());
            if (e.getValue() instanceof ConfigObject child) {
                collect(child, path + ".", out);
            } else {
                out.add(path);
            }
        }
    }
}
