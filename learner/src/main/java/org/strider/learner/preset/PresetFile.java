package org.strider.learner.preset;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HOCON file of named presets on the class path ({@code strider/presets/td3.conf}, {@code dqn.conf}): one block per
 * name, each holding the keys it changes relative to the algorithm's defaults, with the same names as
 * {@code describe()} and {@code Builder.set} use ({@code td3.tau}, {@code networks.actor_hidden}, ...). Names keep
 * the order the blocks have in the file.
 *
 * <pre>{@code
 * "Pendulum-v1" {
 *   networks { actor_hidden = [400, 300], critic_hidden = [400, 300] }
 *   td3.gamma = 0.98
 * }
 * }</pre>
 */
public final class PresetFile {
    private final String kind;
    private final Config presets;
    private final List<String> names;

    private PresetFile(final String kind, final Config presets, final List<String> names) {
        this.kind = kind;
        this.presets = presets;
        this.names = names;
    }

    /**
     * Reads {@code resource} from the class path.
     *
     * @param kind what the presets configure ("TD3", "DQN"), for messages
     * @throws IllegalStateException if the file is missing, unreadable or not one block per name
     */
    public static PresetFile load(final String resource, final String kind) {
        final Config presets;
        try {
            presets = ConfigFactory.parseResources(PresetFile.class.getClassLoader(), resource,
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
        } catch (final ConfigException e) {
            throw new IllegalStateException(kind + " presets " + resource + " do not load: " + e.getMessage(), e);
        }
        final List<Map.Entry<String, ConfigValue>> blocks = new ArrayList<>(presets.root().entrySet());
        for (final Map.Entry<String, ConfigValue> block : blocks) {
            if (block.getValue().valueType() != ConfigValueType.OBJECT) {
                throw new IllegalStateException(kind + " preset '" + block.getKey() + "' in " + resource
                    + " is not a block { ... }");
            }
        }
        // The object keeps no order: the blocks' line numbers give the file's.
        blocks.sort(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()));
        return new PresetFile(kind, presets, blocks.stream().map(Map.Entry::getKey).toList());
    }

    /** Every preset name, in file order. */
    public List<String> names() {
        return names;
    }

    public boolean contains(final String name) {
        return names.contains(name);
    }

    /**
     * The preset's keys as HOCON, relative to the algorithm's block ({@code td3.tau}, not
     * {@code strider.learner.td3.tau}).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public Config block(final String name) {
        if (!contains(name)) {
            throw new IllegalArgumentException("unknown " + kind + " preset '" + name + "'; presets: "
                + String.join(", ", names));
        }
        return presets.getConfig(ConfigUtil.joinPath(name));
    }

    /**
     * The preset's keys as {@code key → value} strings in the form {@code Builder.set} takes: lists joined with
     * commas ({@code networks.actor_hidden → "400,300"}), the rest as written.
     */
    public Map<String, String> settings(final String name) {
        final Map<String, String> out = new LinkedHashMap<>();
        block(name).entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> out.put(e.getKey(), text(e.getValue())));
        return out;
    }

    /** A leaf value as {@code Builder.set} reads it: a list's elements joined with commas, else its text. */
    public static String text(final ConfigValue value) {
        if (value instanceof ConfigList list) {
            final List<String> parts = new ArrayList<>();
            for (final ConfigValue v : list) {
                parts.add(text(v));
            }
            return String.join(",", parts);
        }
        final Object raw = value.unwrapped();
        if (raw instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(raw);
    }
}
