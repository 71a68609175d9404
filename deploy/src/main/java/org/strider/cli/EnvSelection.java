package org.strider.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strider.env.Env;
import org.strider.env.EnvOptions;
import org.strider.env.EnvRegistration;
import org.strider.env.EnvRegistry;
import org.strider.env.EnvSpec;
import org.strider.env.HeuristicPolicy;
import org.strider.render.Renderable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The {@code --env ID} and {@code --option KEY=VALUE} flags, shared by commands; turns a bad id or option into a
 * usage error (exit 2) that names it and lists what is allowed.
 */
final class EnvSelection {
    @Option(names = "--env", required = true, paramLabel = "ID",
        description = "Environment id, e.g. LunarLander-v3 (see 'strider envs').")
    String id;

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE",
        description = "Env option, repeatable, e.g. --option enable_wind=true (see 'strider envs' for keys).")
    Map<String, String> options = new LinkedHashMap<>();

    /** Checks the id and options; returns the registration. */
    EnvRegistration check(final CommandLine cmd) {
        return check(cmd, id, options);
    }

    static EnvRegistration check(final CommandLine cmd, final String id, final Map<String, String> options) {
        final List<String> ids = EnvRegistry.ids();
        if (!ids.contains(id)) {
            throw new ParameterException(cmd, "unknown env id '" + id + "'; known ids: "
                + (ids.isEmpty() ? "(none registered)" : String.join(", ", ids)));
        }
        final EnvRegistration reg = EnvRegistry.registration(id);
        try {
            EnvOptions.resolve(reg.spec(), options);
        } catch (IllegalArgumentException ex) {
            throw new ParameterException(cmd, ex.getMessage());
        }
        return reg;
    }

    Env make() {
        return EnvRegistry.make(id, options);
    }

    /**
     * The registered heuristic for these options; a usage error naming the envs that have one if there is none
     * ({@code hint}, e.g. " (use --policy random)", follows the reason).
     */
    HeuristicPolicy heuristic(final CommandLine cmd, final String hint) {
        final EnvRegistration reg = check(cmd);
        if (reg.heuristicFactory().isEmpty()) {
            final List<String> with = EnvRegistry.idsWithHeuristic();
            throw new ParameterException(cmd, id + " has no heuristic controller" + hint + "; envs with one: "
                + (with.isEmpty() ? "(none)" : String.join(", ", with)));
        }
        return EnvRegistry.heuristic(id, options);
    }

    /** Every option of the env with the value in use (defaults overridden by --option), in the spec's order. */
    Map<String, Object> resolvedOptions() {
        return orderedOptions(EnvRegistry.spec(id), EnvOptions.resolve(EnvRegistry.spec(id), options));
    }

    static Map<String, Object> orderedOptions(final EnvSpec spec, final EnvOptions resolved) {
        final Map<String, Object> values = resolved.asMap();
        final Map<String, Object> out = new LinkedHashMap<>();
        for (final String key : spec.defaultOptions().keySet()) {
            out.put(key, values.get(key));
        }
        return out;
    }

    /** Ids whose env (built with default options) implements {@link Renderable}. */
    static List<String> renderableIds() {
        final List<String> out = new ArrayList<>();
        for (final String id : EnvRegistry.ids()) {
            try (Env env = EnvRegistry.make(id)) {
                if (env instanceof Renderable) {
                    out.add(id);
                }
            } catch (RuntimeException ignored) {
                // an env that fails to build is reported by 'strider envs'
            }
        }
        return out;
    }

    /** "" when no option was given, else " (k=v, ...)" for messages. */
    String describeGiven() {
        return options.isEmpty() ? "" : " " + options.toString().replace('{', '(').replace('}', ')');
    }
}
