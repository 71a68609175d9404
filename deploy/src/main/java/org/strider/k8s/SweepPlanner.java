package org.strider.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Expands a spec into its trials: every grid combination (the first key varies slowest), or {@code trials}
 * random draws (seeded by {@code sampler-seed}, so the same spec gives the same trials); each configuration
 * once per run seed. Trial ids number them in that order.
 */
public final class SweepPlanner {
    private SweepPlanner() {
    }

    public static List<SweepTrial> trials(final SweepSpec spec) {
        final List<Map<String, Object>> configs = spec.search().equals(SweepSpec.GRID) ? grid(spec) : random(spec);
        final List<SweepTrial> trials = new ArrayList<>();
        for (final Map<String, Object> config : configs) {
            for (final long seed : spec.seeds()) {
                trials.add(new SweepTrial("t" + trials.size(), config, seed));
            }
        }
        return trials;
    }

    private static List<Map<String, Object>> grid(final SweepSpec spec) {
        List<Map<String, Object>> configs = List.of(Map.of());
        for (final Map.Entry<String, List<Object>> e : spec.grid().entrySet()) {
            final List<Map<String, Object>> next = new ArrayList<>();
            for (final Map<String, Object> c : configs) {
                for (final Object v : e.getValue()) {
                    final Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            configs = next;
        }
        return configs;
    }

    private static List<Map<String, Object>> random(final SweepSpec spec) {
        final SplittableRandom rng = new SplittableRandom(spec.samplerSeed());
        final List<Map<String, Object>> configs = new ArrayList<>();
        for (int t = 0; t < spec.trials(); t++) {
            final Map<String, Object> m = new LinkedHashMap<>();
            spec.random().forEach((k, p) -> m.put(k, draw(rng, p)));
            configs.add(m);
        }
        return configs;
    }

    private static Object draw(final SplittableRandom rng, final SweepSpec.RandomParam p) {
        if (p.choices() != null) {
            return p.choices().get(rng.nextInt(p.choices().size()));
        }
        if (p.integer()) {
            final long lo = p.min().longValue();
            final long hi = p.max().longValue();
            if (p.log()) {
                return Math.max(lo, Math.min(hi, Math.round(Math.exp(rng.nextDouble(Math.log(lo), Math.log(hi))))));
            }
            return rng.nextLong(lo, hi + 1);
        }
        if (p.log()) {
            return Math.exp(rng.nextDouble(Math.log(p.min()), Math.log(p.max())));
        }
        return rng.nextDouble(p.min(), p.max());
    }
}
