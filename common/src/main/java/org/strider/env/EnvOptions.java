package org.strider.env;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options an env was made with: the spec's defaults overridden by what the caller gave, checked for unknown
 * keys and types. Envs read them once, at construction.
 */
public final class EnvOptions {
    private final String envId;
    private final Map<String, Object> values;

    private EnvOptions(final String envId, final Map<String, Object> values) {
        this.envId = envId;
        this.values = values;
    }

    /** Validates {@code given} against the spec's defaults: every key must be known and of the default's type. */
    public static EnvOptions resolve(final EnvSpec spec, final Map<String, ?> given) {
        final Map<String, Object> merged = new LinkedHashMap<>(spec.defaultOptions());
        for (final Map.Entry<String, ?> e : given.entrySet()) {
            final String key = e.getKey();
            final Object def = spec.defaultOptions().get(key);
            if (def == null) {
                throw new IllegalArgumentException(spec.id() + ": unknown option '" + key + "'; known options: "
                    + (spec.defaultOptions().isEmpty() ? "(none)" : String.join(", ", spec.defaultOptions().keySet())));
            }
            merged.put(key, coerce(spec.id(), key, def, e.getValue()));
        }
        return new EnvOptions(spec.id(), merged);
    }

    private static Object coerce(final String id, final String key, final Object def, final Object value) {
        if (value instanceof String s && !(def instanceof String)) {
            return coerce(id, key, def, parse(id, key, def, s.trim()));
        }
        if (def instanceof Double && value instanceof Number n) {
            final double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(id + ": option '" + key + "' must be finite, got " + value);
            }
            return d;
        }
        if (def instanceof Integer && (value instanceof Integer || value instanceof Long)) {
            return ((Number) value).intValue();
        }
        if (def.getClass().isInstance(value)) {
            return value;
        }
        throw new IllegalArgumentException(id + ": option '" + key + "' must be a " + typeName(def) + ", got "
            + value + " (" + (value == null ? "null" : value.getClass().getSimpleName()) + ")");
    }

    private static Object parse(final String id, final String key, final Object def, final String s) {
        try {
            if (def instanceof Boolean) {
                if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new NumberFormatException();
            }
            if (def instanceof Integer) {
                return Integer.parseInt(s);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(id + ": option '" + key + "' must be a " + typeName(def)
                + ", got '" + s + "'", ex);
        }
    }

    private static String typeName(final Object def) {
        return def instanceof Boolean ? "boolean" : def instanceof Integer ? "integer"
            : def instanceof Double ? "number" : "string";
    }

    public boolean getBoolean(final String key) {
        return (Boolean) get(key);
    }

    public double getDouble(final String key) {
        return (Double) get(key);
    }

    public int getInt(final String key) {
        return (Integer) get(key);
    }

    public String getString(final String key) {
        return (String) get(key);
    }

    private Object get(final String key) {
        final Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(envId + ": no option '" + key + "'");
        }
        return v;
    }

    public Map<String, Object> asMap() {
        return Map.copyOf(values);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
