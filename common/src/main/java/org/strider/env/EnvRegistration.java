package org.strider.env;

import java.util.Optional;
import java.util.function.Function;

/**
 * One registered id: its spec, how to build it, and optionally a heuristic controller for it (built from the
 * options the env was made with, since e.g. the lander's heuristic differs between discrete and continuous).
 */
public record EnvRegistration(EnvSpec spec, EnvFactory factory, Function<EnvOptions, HeuristicPolicy> heuristic) {

    public static EnvRegistration of(final EnvSpec spec, final EnvFactory factory) {
        return new EnvRegistration(spec, factory, null);
    }

    public static EnvRegistration of(final EnvSpec spec, final EnvFactory factory,
                                     final Function<EnvOptions, HeuristicPolicy> heuristic) {
        return new EnvRegistration(spec, factory, heuristic);
    }

    public Optional<Function<EnvOptions, HeuristicPolicy>> heuristicFactory() {
        return Optional.ofNullable(heuristic);
    }
}
