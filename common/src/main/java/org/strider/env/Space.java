package org.strider.env;

/** An observation or action space, as Gymnasium's {@code spaces.Box} and {@code spaces.Discrete}. */
public sealed interface Space permits Box, Discrete {

    /** Number of floats one element of this space occupies in a flat buffer (1 for {@link Discrete}). */
    int flatSize();

    /** Short human-readable form, e.g. {@code Box(-1.0, 1.0, (4,), float32)} or {@code Discrete(4)}. */
    String describe();
}
