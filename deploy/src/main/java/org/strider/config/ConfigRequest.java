package org.strider.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a command asks the {@link RunConfigLoader} for: the layers above the defaults and the preset.
 *
 * @param configFile a HOCON file ({@code --config}), or null
 * @param sets       {@code --set KEY=VALUE} entries, in order (later ones win)
 * @param flags      explicit flags, each a {@code strider.run} key (they win over everything)
 * @param planActors actor nodes of the plan instead of {@code strider.run.actors}, or null: {@code strider learner}
 *                   plans 0 (actors join it), whatever the config says
 */
public record ConfigRequest(Path configFile, List<String> sets, List<Flag> flags, Integer planActors) {
    /**
     * One explicit flag as a config key.
     *
     * @param path  the key's full path ({@code strider.run.steps})
     * @param value its value (String, Number or Boolean)
     * @param flag  the flag as typed, for messages ({@code --steps 0})
     */
    public record Flag(String path, Object value, String flag) {
    }

    public ConfigRequest {
        sets = List.copyOf(sets);
        flags = List.copyOf(flags);
    }

    /** Defaults and the env's preset only. */
    public static ConfigRequest defaults() {
        return new ConfigRequest(null, List.of(), List.of(), null);
    }

    /** This request plus one flag. */
    public ConfigRequest withFlag(final String path, final Object value, final String flag) {
        final List<Flag> more = new ArrayList<>(flags);
        more.add(new Flag(path, value, flag));
        return new ConfigRequest(configFile, sets, more, planActors);
    }

    /** This request with a plan of {@code actors} actor nodes, whatever {@code strider.run.actors} says. */
    public ConfigRequest withPlanActors(final int actors) {
        return new ConfigRequest(configFile, sets, flags, actors);
    }
}
