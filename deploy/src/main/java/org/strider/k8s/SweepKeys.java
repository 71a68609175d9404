package org.strider.k8s;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.strider.learner.td3.Td3Config;

/**
 * The config keys a sweep may set or search: the run's ({@code strider.run.*}) and the algorithm's
 * ({@code strider.learner.*}, {@link Td3Config#KEYS}). The run seed is not among them: a spec lists
 * {@code seeds}, and every configuration runs once per seed.
 */
public final class SweepKeys {
    public static final String RUN_PREFIX = "strider.run.";
    public static final String LEARNER_PREFIX = "strider.learner.";
    /** Run keys, as in the ConfigMap's {@code strider.run} block. */
    public static final List<String> RUN_KEYS = List.of("env", "steps", "shards", "envs-per-actor",
        "updates-per-step", "rows-per-frame", "weights-every", "eval-every", "eval-episodes", "preset");
    /** The run key that sets the replay StatefulSet's replicas too. */
    public static final String SHARDS = RUN_PREFIX + "shards";

    private SweepKeys() {
    }

    /** Every key a spec may name, run keys first. */
    public static List<String> all() {
        final List<String> keys = new ArrayList<>();
        RUN_KEYS.forEach(k -> keys.add(RUN_PREFIX + k));
        Td3Config.KEYS.forEach(k -> keys.add(LEARNER_PREFIX + k));
        return Collections.unmodifiableList(keys);
    }

    /** Throws naming {@code where} unless {@code key} is a sweepable key. */
    public static void check(final String where, final String key) {
        if ((RUN_PREFIX + "seed").equals(key)) {
            throw new SweepSpecException(where, "the run seed is not swept as a key; list the seeds under 'seeds'");
        }
        if (!all().contains(key)) {
            throw new SweepSpecException(where, "unknown config key '" + key + "'; keys: " + String.join(", ", all()));
        }
    }
}
