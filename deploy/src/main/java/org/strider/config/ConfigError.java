package org.strider.config;

import com.typesafe.config.ConfigOrigin;

/**
 * A run config that cannot be used: an unknown key, a wrong type, a value out of range, a missing file. The message
 * names the key's full path ({@code strider.learner.td3.tau}), what is allowed, and where the value came from.
 * Commands turn it into a usage error (exit 2).
 */
public final class ConfigError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigError(final String message) {
        super(message);
    }

    public ConfigError(final String message, final Throwable cause) {
        super(message, cause);
    }

    /** " (from ORIGIN)" for a value a user gave; "" for reference.conf's own values. */
    static String from(final ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        final String d = origin.description();
        if (d.contains("reference.conf")) {
            return "";
        }
        return " (from " + d + ")";
    }
}
