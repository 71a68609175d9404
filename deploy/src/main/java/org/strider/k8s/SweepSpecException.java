package org.strider.k8s;

/** A sweep spec that cannot run: names the offending key (dotted path in the spec) and what is wrong. */
public final class SweepSpecException extends IllegalArgumentException {
    private final String key;

    public SweepSpecException(final String key, final String message) {
        super(key + ": " + message);
        this.key = key;
    }

    /** The spec key at fault, e.g. {@code grid.strider.learner.td3.tau} or {@code quota.cpu}. */
    public String key() {
        return key;
    }
}
