package org.strider.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A sweep as written in {@code sweep.yaml}:
 *
 * <pre>
 * name: lr                      # [a-z0-9-], starts with a letter, at most 20 characters
 * namespace: strider            # optional (else --namespace, else the kubeconfig's)
 * template: sweep-template.yaml # optional: rendered trial template, or a Kustomize folder (needs kubectl)
 * search: grid                  # grid | random
 * seeds: [0, 1]                 # every configuration runs once per run seed
 * trials: 8                     # random only: configurations drawn
 * sampler-seed: 0               # random only: seed of the draw
 * max-parallel: 4               # trials at once (default: all; --max-parallel overrides)
 * actors: 2                     # actor replicas per trial (default: the template's)
 * set:    {strider.run.env: Pendulum-v1, strider.run.steps: 20000}
 * grid:   {strider.learner.optimiser.actor_lr: [1e-4, 3e-4]}
 * random: {strider.learner.td3.tau: {min: 0.001, max: 0.02, log: true}, strider.learner.td3.policy_delay: [1, 2, 3]}
 * quota:  {cpu: 32, memory: 64Gi, nvidia.com/gpu: 4}   # what the trials running at once may request in all
 * </pre>
 */
public record SweepSpec(String name, String namespace, String template, String search, List<Long> seeds,
    int trials, long samplerSeed, int maxParallel, Integer actors, Map<String, Object> set,
    Map<String, List<Object>> grid, Map<String, RandomParam> random, Map<String, String> quota) {

    public static final String GRID = "grid";
    public static final String RANDOM = "random";
    static final int MAX_NAME = 20;
    static final List<String> KEYS = List.of("name", "namespace", "template", "search", "seeds", "trials",
        "sampler-seed", "max-parallel", "actors", "set", "grid", "random", "quota");
    static final Set<String> QUOTA_KEYS = Set.of("cpu", "memory", "nvidia.com/gpu");

    /** One random-search dimension: a uniform (or log-uniform) range, or a choice among values. */
    public record RandomParam(Double min, Double max, boolean log, boolean integer, List<Object> choices) {
    }

    /** Parses and checks a spec; every problem is a {@link SweepSpecException} naming its key. */
    @SuppressWarnings("unchecked")
    public static SweepSpec parse(final String yaml) {
        final Object root;
        try {
            root = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (final YamlEngineException e) {
            throw new SweepSpecException("(file)", "not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map)) {
            throw new SweepSpecException("(file)", "must be a YAML mapping of " + String.join(", ", KEYS));
        }
        final Map<String, Object> m = (Map<String, Object>) root;
        for (final String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new SweepSpecException(k, "unknown key; keys: " + String.join(", ", KEYS));
            }
        }
        final String name = string(m, "name", null);
        if (name == null || !name.matches("[a-z][a-z0-9-]*") || name.length() > MAX_NAME || name.endsWith("-")) {
            throw new SweepSpecException("name", "must be lowercase letters, digits and '-', start with a letter and "
                + "have at most " + MAX_NAME + " characters (it names Kubernetes objects), got " + name);
        }
        final String search = string(m, "search", GRID).toLowerCase(Locale.ROOT);
        if (!search.equals(GRID) && !search.equals(RANDOM)) {
            throw new SweepSpecException("search", "must be grid or random, got " + search);
        }
        final List<Long> seeds = new ArrayList<>();
        final Object seedList = m.getOrDefault("seeds", List.of(0));
        if (!(seedList instanceof List<?> l) || l.isEmpty()) {
            throw new SweepSpecException("seeds", "must be a non-empty list of run seeds, got " + seedList);
        }
        for (final Object s : l) {
            if (!(s instanceof Number n) || n.doubleValue() != n.longValue()) {
                throw new SweepSpecException("seeds", "must be whole numbers, got " + s);
            }
            seeds.add(n.longValue());
        }
        final Map<String, Object> set = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> e : map(m, "set").entrySet()) {
            SweepKeys.check("set." + e.getKey(), e.getKey());
            set.put(e.getKey(), e.getValue());
        }
        final Map<String, List<Object>> grid = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> e : map(m, "grid").entrySet()) {
            final String where = "grid." + e.getKey();
            SweepKeys.check(where, e.getKey());
            if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
                throw new SweepSpecException(where, "must be a non-empty list of values, got " + e.getValue());
            }
            grid.put(e.getKey(), List.copyOf((List<Object>) values));
        }
        final Map<String, RandomParam> random = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> e : map(m, "random").entrySet()) {
            final String where = "random." + e.getKey();
            SweepKeys.check(where, e.getKey());
            random.put(e.getKey(), randomParam(where, e.getValue()));
        }
        for (final String k : set.keySet()) {
            if (grid.containsKey(k) || random.containsKey(k)) {
                throw new SweepSpecException("set." + k, "is also searched; give it in one place");
            }
        }
        final int trials;
        if (search.equals(GRID)) {
            if (grid.isEmpty()) {
                throw new SweepSpecException("grid", "is empty: a grid search needs at least one key with values");
            }
            if (!random.isEmpty()) {
                throw new SweepSpecException("random", "is given but search is grid");
            }
            if (m.containsKey("trials")) {
                throw new SweepSpecException("trials", "is for search: random (a grid runs every combination)");
            }
            trials = 0;
        } else {
            if (random.isEmpty()) {
                throw new SweepSpecException("random", "is empty: a random search needs at least one key");
            }
            if (!grid.isEmpty()) {
                throw new SweepSpecException("grid", "is given but search is random");
            }
            trials = positive(m, "trials", null);
        }
        final Map<String, String> quota = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> e : map(m, "quota").entrySet()) {
            if (!QUOTA_KEYS.contains(e.getKey())) {
                throw new SweepSpecException("quota." + e.getKey(), "unknown resource; one of " + QUOTA_KEYS);
            }
            quota.put(e.getKey(), String.valueOf(e.getValue()));
            TrialResources.amount("quota." + e.getKey(), quota.get(e.getKey()));
        }
        final Integer actors = m.containsKey("actors") ? positive(m, "actors", null) : null;
        final int maxParallel = m.containsKey("max-parallel") ? positive(m, "max-parallel", null) : 0;
        final long samplerSeed = ((Number) m.getOrDefault("sampler-seed", 0)).longValue();
        return new SweepSpec(name, string(m, "namespace", null), string(m, "template", null), search,
            List.copyOf(seeds), trials, samplerSeed, maxParallel, actors, set, grid, random, quota);
    }

    @SuppressWarnings("unchecked")
    private static RandomParam randomParam(final String where, final Object value) {
        if (value instanceof List<?> choices) {
            if (choices.isEmpty()) {
                throw new SweepSpecException(where, "is an empty list of choices");
            }
            return new RandomParam(null, null, false, false, List.copyOf((List<Object>) choices));
        }
        if (!(value instanceof Map<?, ?> range)) {
            throw new SweepSpecException(where, "must be a list of choices or {min, max, log}, got " + value);
        }
        for (final Object k : range.keySet()) {
            if (!Set.of("min", "max", "log").contains(k)) {
                throw new SweepSpecException(where + "." + k, "unknown key; keys: min, max, log");
            }
        }
        if (!(range.get("min") instanceof Number min) || !(range.get("max") instanceof Number max)) {
            throw new SweepSpecException(where, "needs numbers min and max, got " + value);
        }
        final boolean log = Boolean.TRUE.equals(range.get("log"));
        if (!(min.doubleValue() < max.doubleValue()) || (log && min.doubleValue() <= 0)) {
            throw new SweepSpecException(where, "needs min < max" + (log ? " and min > 0 (log scale)" : "")
                + ", got " + min + ".." + max);
        }
        final boolean integer = !(min instanceof Double) && !(max instanceof Double);
        return new RandomParam(min.doubleValue(), max.doubleValue(), log, integer, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Map<String, Object> m, final String key) {
        final Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw new SweepSpecException(key, "must be a mapping, got " + v);
        }
        return (Map<String, Object>) v;
    }

    private static String string(final Map<String, Object> m, final String key, final String fallback) {
        final Object v = m.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    private static int positive(final Map<String, Object> m, final String key, final Integer fallback) {
        final Object v = m.get(key);
        if (v == null && fallback != null) {
            return fallback;
        }
        if (!(v instanceof Integer i) || i < 1) {
            throw new SweepSpecException(key, "must be a whole number >= 1, got " + v);
        }
        return i;
    }
}
