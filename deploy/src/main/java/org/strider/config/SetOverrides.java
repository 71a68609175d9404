package org.strider.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --set KEY=VALUE} overrides. A key is a full path ({@code strider.learner.td3.tau}) or short: relative to
 * the algorithm's block ({@code strider.learner} for td3/ddpg, {@code strider.dqn} for dqn) or to
 * {@code strider.run} ({@code td3.tau}, {@code replay.batch_size}, {@code steps}, {@code eval.every});
 * {@code algorithm} is {@code strider.learner.algorithm}. A short key of the other algorithm's block is refused.
 * Values are HOCON ({@code 0.01}, {@code null}, {@code [400, 300]}); a list may drop its brackets
 * ({@code networks.actor_hidden=400,300}) and a string key takes the text as it is ({@code env=Pendulum-v1}).
 */
final class SetOverrides {
    static final String RUN = "strider.run";
    static final String LEARNER = "strider.learner";
    static final String DQN = "strider.dqn";
    static final String ALGORITHM = LEARNER + ".algorithm";

    /** One {@code --set}: the key and value as typed. */
    record Entry(String key, String value) {
        String text() {
            return key + "=" + value;
        }
    }

    private SetOverrides() {
    }

    /** @throws ConfigError for an entry without {@code =} */
    static List<Entry> parse(final List<String> sets) {
        final List<Entry> out = new ArrayList<>();
        for (final String s : sets) {
            final int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ConfigError("--set takes KEY=VALUE (e.g. td3.tau=0.01 or strider.run.steps=5000), got '"
                    + s + "'");
            }
            out.add(new Entry(s.substring(0, eq).trim(), s.substring(eq + 1).trim()));
        }
        return out;
    }

    /** The last value set for {@code fullPath} by a key that can only mean it (full or short), or null. */
    static String last(final List<Entry> entries, final String fullPath) {
        String value = null;
        for (final Entry e : entries) {
            if (e.key().equals(fullPath) || fullPath.equals(RUN + "." + e.key())
                || fullPath.equals(ALGORITHM) && e.key().equals("algorithm")) {
                value = e.value();
            }
        }
        return value;
    }

    /** The overrides as one config layer, later entries winning; {@code dqn}: short keys mean strider.dqn's. */
    static Config layer(final List<Entry> entries, final ReferenceTree reference, final boolean dqn) {
        Config layer = ConfigFactory.empty();
        for (final Entry e : entries) {
            final String path = path(e, reference, dqn);
            layer = layer.withValue(path, value(path, e, reference));
        }
        return layer;
    }

    static String path(final Entry entry, final ReferenceTree reference, final boolean dqn) {
        final String key = entry.key();
        if (key.startsWith(ReferenceTree.ROOT + ".")) {
            return key;
        }
        if (key.equals("algorithm")) {
            return ALGORITHM;
        }
        final String primary = dqn ? DQN : LEARNER;
        final String other = dqn ? LEARNER : DQN;
        final boolean inPrimary = has(reference, primary, key);
        final boolean inRun = has(reference, RUN, key);
        if (inPrimary && inRun) {
            throw new ConfigError("config --set " + key + " is ambiguous: both " + primary + "." + key + " and " + RUN
                + "." + key + "; write the full path");
        }
        if (inPrimary) {
            return primary + "." + key;
        }
        if (inRun) {
            return RUN + "." + key;
        }
        if (has(reference, other, key)) {
            throw new ConfigError("config --set " + entry.text() + ": " + other + "." + key + " is a "
                + (dqn ? "TD3/DDPG" : "DQN") + " key, but " + ALGORITHM + " is " + (dqn ? "dqn" : "td3 or ddpg")
                + "; short keys are relative to " + primary + " and " + RUN);
        }
        final List<String> known = new ArrayList<>();
        for (final String leaf : reference.leaves()) {
            if (leaf.startsWith(primary + ".")) {
                known.add(leaf.substring(primary.length() + 1));
            } else if (leaf.startsWith(RUN + ".")) {
                known.add(leaf.substring(RUN.length() + 1));
            }
        }
        final String guess = Suggest.closest(key, known);
        throw new ConfigError("config " + key + ": unknown key (from --set " + entry.text() + ")"
            + (guess != null ? "; did you mean " + guess + "?" : "") + " Short keys are relative to " + primary
            + " or " + RUN + ": " + String.join(", ", known));
    }

    private static boolean has(final ReferenceTree reference, final String block, final String key) {
        try {
            return reference.has(block + "." + key);
        } catch (final ConfigException.BadPath e) {
            throw new ConfigError("config --set key '" + key + "' is not a path: " + e.getMessage(), e);
        }
    }

    private static ConfigValue value(final String path, final Entry entry, final ReferenceTree reference) {
        final String origin = "--set " + entry.text();
        final ConfigValue expected;
        try {
            expected = reference.has(path) ? reference.value(ConfigUtil.splitPath(path)) : null;
        } catch (final ConfigException.BadPath e) {
            throw new ConfigError("config --set key '" + path + "' is not a path: " + e.getMessage(), e);
        }
        final ValueKind kind = expected == null ? null : ValueKind.of(expected);
        if (kind == ValueKind.STRING) {
            return ConfigValueFactory.fromAnyRef(entry.value(), origin);
        }
        String text = entry.value();
        if (kind == ValueKind.INTEGER_LIST && !text.startsWith("[")) {
            text = "[" + text + "]";
        }
        try {
            return ConfigFactory.parseString("v = " + text, ConfigParseOptions.defaults().setOriginDescription(origin))
                .root().get("v");
        } catch (final ConfigException e) {
            throw new ConfigError("config " + path + ": --set value '" + entry.value() + "' is not a HOCON value ("
                + e.getMessage() + ")", e);
        }
    }
}
