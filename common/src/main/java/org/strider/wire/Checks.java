package org.strider.wire;

/** The cheap argument checks the records run in their compact constructors. */
final class Checks {
    private Checks() {
    }

    static void nonNegative(final String type, final String field, final long value) {
        if (value < 0) {
            throw new IllegalArgumentException(type + "." + field + " is negative: " + value);
        }
    }

    static void holds(final String type, final String field, final float[] array, final long needed) {
        if (array == null) {
            throw new IllegalArgumentException(type + "." + field + " is null");
        }
        if (array.length < needed) {
            throw new IllegalArgumentException(
                type + "." + field + " holds " + array.length + " floats, needs " + needed);
        }
    }

    /** Checks the five row arrays of a batch of {@code count} transitions. */
    static void rows(final String type, final int count, final int obsDim, final int actionDim, final float[] obs,
        final float[] actions, final float[] rewards, final float[] nextObs, final float[] terminated) {
        nonNegative(type, "count", count);
        nonNegative(type, "obsDim", obsDim);
        nonNegative(type, "actionDim", actionDim);
        holds(type, "obs", obs, (long) count * obsDim);
        holds(type, "actions", actions, (long) count * actionDim);
        holds(type, "rewards", rewards, count);
        holds(type, "nextObs", nextObs, (long) count * obsDim);
        holds(type, "terminated", terminated, count);
    }
}
