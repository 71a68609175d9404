package org.strider.env;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Environments by Gymnasium id, gathered from every {@link EnvProvider} on the class path.
 *
 * <pre>{@code
 * Env env = EnvRegistry.make("LunarLander-v3", Map.of("enable_wind", true));
 * }</pre>
 */
public final class EnvRegistry {
    private static volatile Map<String, EnvRegistration> registered;

    private EnvRegistry() {
    }

    /** Builds {@code id} with its default options. */
    public static Env make(final String id) {
        return make(id, Map.of());
    }

    /** Builds {@code id}; unknown ids and unknown or ill-typed options are rejected with a message naming them. */
    public static Env make(final String id, final Map<String, ?> options) {
        final EnvRegistration reg = registration(id);
        return reg.factory().create(reg.spec(), EnvOptions.resolve(reg.spec(), options));
    }

    /** The heuristic controller registered for {@code id}, built for the same options as the env. */
    public static HeuristicPolicy heuristic(final String id, final Map<String, ?> options) {
        final EnvRegistration reg = registration(id);
        return reg.heuristicFactory()
            .orElseThrow(() -> new IllegalArgumentException(id + ": has no heuristic controller; envs with one: "
                + String.join(", ", idsWithHeuristic())))
            .apply(EnvOptions.resolve(reg.spec(), options));
    }

    public static EnvSpec spec(final String id) {
        return registration(id).spec();
    }

    public static EnvRegistration registration(final String id) {
        final EnvRegistration reg = all().get(id);
        if (reg == null) {
            throw new IllegalArgumentException("unknown env id '" + id + "'; known ids: " + String.join(", ", ids()));
        }
        return reg;
    }

    /** Every registered id, sorted. */
    public static List<String> ids() {
        return List.copyOf(all().keySet());
    }

    public static List<String> idsWithHeuristic() {
        final List<String> out = new ArrayList<>();
        all().forEach((id, reg) -> {
            if (reg.heuristicFactory().isPresent()) {
                out.add(id);
            }
        });
        return out;
    }

    private static Map<String, EnvRegistration> all() {
        Map<String, EnvRegistration> m = registered;
        if (m == null) {
            synchronized (EnvRegistry.class) {
                m = registered;
                if (m == null) {
                    m = load();
                    registered = m;
                }
            }
        }
        return m;
    }

    private static Map<String, EnvRegistration> load() {
        final Map<String, EnvRegistration> m = new TreeMap<>();
        for (final EnvProvider provider : ServiceLoader.load(EnvProvider.class, EnvRegistry.class.getClassLoader())) {
            for (final EnvRegistration reg : provider.registrations()) {
                final EnvRegistration previous = m.putIfAbsent(reg.spec().id(), reg);
                if (previous != null) {
                    throw new IllegalStateException("env id '" + reg.spec().id() + "' is registered twice (by "
                        + provider.getClass().getName() + " and an earlier provider)");
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
