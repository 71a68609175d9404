package org.strider.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * The type a key must have, read off reference.conf's default: an integer ({@code steps = 20000}), a number
 * ({@code td3.tau = 0.005}), a boolean, a string, a list of integers ({@code actor_hidden = [256, 256]}), a block, or
 * a number that may be {@code null} (the only {@code null} default, {@code stop-at-average.return}, is a number).
 * Like typesafe config's getters, a quoted number or boolean is accepted where one is expected.
 */
enum ValueKind {
    INTEGER("an integer"),
    NUMBER("a number"),
    BOOLEAN("true or false"),
    STRING("a string"),
    INTEGER_LIST("a list of integers, e.g. [256, 256]"),
    NULLABLE_NUMBER("a number or null"),
    OBJECT("a block { ... }");

    private final String description;

    ValueKind(final String description) {
        this.description = description;
    }

    /** What the key must be, for messages ("an integer"). */
    String description() {
        return description;
    }

    /** The kind reference.conf's value has. */
    static ValueKind of(final ConfigValue reference) {
        return switch (reference.valueType()) {
            case OBJECT -> OBJECT;
            case LIST -> INTEGER_LIST;
            case BOOLEAN -> BOOLEAN;
            case STRING -> STRING;
            case NULL -> NULLABLE_NUMBER;
            case NUMBER -> reference.unwrapped() instanceof Double ? NUMBER : INTEGER;
        };
    }

    /** Whether {@code value} (resolved) is of this kind. */
    boolean accepts(final ConfigValue value) {
        return switch (this) {
            case OBJECT -> value.valueType() == ConfigValueType.OBJECT;
            case STRING -> value.valueType() == ConfigValueType.STRING || value.valueType() == ConfigValueType.NUMBER
                || value.valueType() == ConfigValueType.BOOLEAN;
            case BOOLEAN -> value.valueType() == ConfigValueType.BOOLEAN || value.valueType() == ConfigValueType.STRING
                && (value.unwrapped().equals("true") || value.unwrapped().equals("false"));
            case NUMBER -> number(value) != null;
            case INTEGER -> integral(number(value));
            case NULLABLE_NUMBER -> value.valueType() == ConfigValueType.NULL || number(value) != null;
            case INTEGER_LIST -> value instanceof ConfigList list && list.stream().allMatch(INTEGER::accepts);
        };
    }

    /** The value as a finite number, or null if it is not one. */
    static Double number(final ConfigValue value) {
        final double d;
        if (value.valueType() == ConfigValueType.NUMBER) {
            d = ((Number) value.unwrapped()).doubleValue();
        } else if (value.valueType() == ConfigValueType.STRING) {
            try {
                d = Double.parseDouble(((String) value.unwrapped()).trim());
            } catch (final NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(d) ? d : null;
    }

    private static boolean integral(final Double d) {
        return d != null && d == Math.rint(d) && Math.abs(d) <= 9.0e15;
    }
}
