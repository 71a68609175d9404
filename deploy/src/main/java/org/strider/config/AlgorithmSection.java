package org.strider.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.preset.PresetFile;
import org.strider.learner.td3.Td3Config;

/**
 * The algorithm's block turned into its config: {@code strider.learner} into a {@link Td3Config},
 * {@code strider.dqn} into a {@link DqnConfig}, through their {@code Builder.set} and {@code build()} checks. Their
 * messages name a key relative to the block ({@code config td3.tau must be in (0.0, 1.0], got 2.0}); here every
 * such key gets its full path and the message says where the value came from.
 */
final class AlgorithmSection {
    /** The algorithms and the action space each needs. */
    static final List<String> ALGORITHMS = List.of("td3", "ddpg", "dqn");

    private AlgorithmSection() {
    }

    /** strider.learner.algorithm, checked against the values and the env's action space. */
    static String algorithm(final Config config, final String env, final EnvActions actions) {
        final String algorithm = config.getString(SetOverrides.ALGORITHM).trim().toLowerCase(Locale.ROOT);
        final String from = ConfigError.from(config.getValue(SetOverrides.ALGORITHM).origin());
        if (!ALGORITHMS.contains(algorithm)) {
            throw new ConfigError("config " + SetOverrides.ALGORITHM + " has no value '" + algorithm + "'" + from
                + "; values: td3, ddpg (continuous actions), dqn (discrete actions)");
        }
        if (algorithm.equals("dqn") && !actions.discrete()) {
            throw new ConfigError("config " + SetOverrides.ALGORITHM + " = dqn needs discrete actions, but " + env
                + " has " + actions.description() + from + "; use td3 or ddpg (or a discrete env such as "
                + "CartPole-v1)");
        }
        if (!algorithm.equals("dqn") && actions.discrete()) {
            throw new ConfigError("config " + SetOverrides.ALGORITHM + " = " + algorithm + " needs continuous actions, "
                + "but " + env + " has " + actions.description() + from + "; use dqn (or a continuous env such as "
                + "Pendulum-v1)");
        }
        return algorithm;
    }

    static Td3Config td3(final Config config) {
        final Td3Config.Builder b = Td3Config.builder();
        return build(config, SetOverrides.LEARNER, Td3Config.KEYS, b::set, b::build);
    }

    static DqnConfig dqn(final Config config) {
        final DqnConfig.Builder b = DqnConfig.builder();
        final List<String> keys = new ArrayList<>(DqnConfig.KEYS);
        keys.remove("algorithm");
        return build(config, SetOverrides.DQN, keys, b::set, b::build);
    }

    private interface Build<T> {
        T build();
    }

    private static <T> T build(final Config config, final String block, final List<String> keys,
        final BiConsumer<String, String> set, final Build<T> build) {
        for (final String key : keys) {
            final String path = block + "." + key;
            final ConfigValue value = config.getValue(path);
            try {
                set.accept(key, PresetFile.text(value));
            } catch (final IllegalArgumentException e) {
                throw new ConfigError(qualify(e.getMessage(), block, keys) + ConfigError.from(value.origin()), e);
            }
        }
        try {
            return build.build();
        } catch (final IllegalArgumentException e) {
            final String message = qualify(e.getMessage(), block, keys);
            return fail(message, config, block, keys, e);
        }
    }

    private static <T> T fail(final String message, final Config config, final String block, final List<String> keys,
        final IllegalArgumentException cause) {
        // The first key the message names is the one out of range: say where its value came from.
        final List<Map.Entry<Integer, String>> hits = positions(message, block, keys);
        final String from = hits.isEmpty() ? "" : ConfigError.from(config.getValue(hits.get(0).getValue()).origin());
        throw new ConfigError(message + from, cause);
    }

    /** {@code td3.tau} → {@code strider.learner.td3.tau} wherever a key of the block stands alone in the message. */
    static String qualify(final String message, final String block, final List<String> keys) {
        String out = message;
        final List<String> longestFirst = new ArrayList<>(keys);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        for (final String key : longestFirst) {
            if (!key.contains(".")) {
                continue; // "algorithm" is also a word in the messages
            }
            out = out.replaceAll("(?<![\\w.])" + Pattern.quote(key) + "(?![\\w.])",
                Matcher.quoteReplacement(block + "." + key));
        }
        return out;
    }

    private static List<Map.Entry<Integer, String>> positions(final String message, final String block,
        final List<String> keys) {
        final List<Map.Entry<Integer, String>> out = new ArrayList<>();
        for (final String key : keys) {
            final int at = message.indexOf(block + "." + key);
            if (at >= 0 && !message.startsWith(block + "." + key + "_", at)) {
                out.add(Map.entry(at, block + "." + key));
            }
        }
        out.sort(Map.Entry.comparingByKey());
        return out;
    }
}
