package org.strider.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One trial of a sweep: its id ({@code t0}, {@code t1}, ...), the searched keys' values and the run seed.
 * {@link #hocon()} is what the trial's ConfigMap appends to the template's run settings (later keys win).
 */
public record SweepTrial(String id, Map<String, Object> params, long seed) {

    /** The trial's keys as HOCON lines: the fixed {@code set} keys, then the searched ones, then the seed. */
    public String hocon(final Map<String, Object> fixed) {
        final List<String> lines = new ArrayList<>();
        fixed.forEach((k, v) -> lines.add(k + " = " + value(v)));
        params.forEach((k, v) -> lines.add(k + " = " + value(v)));
        lines.add(SweepKeys.RUN_PREFIX + "seed = " + seed);
        return String.join("\n", lines) + "\n";
    }

    /** The searched values and the seed as {@code key=value} lines (the {@link StriderLabels#TRIAL_PARAMS} annotation). */
    public String describe() {
        final List<String> lines = new ArrayList<>();
        params.forEach((k, v) -> lines.add(k + "=" + v));
        lines.add(SweepKeys.RUN_PREFIX + "seed=" + seed);
        return String.join("\n", lines);
    }

    private static String value(final Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
