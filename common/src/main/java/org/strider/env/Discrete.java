package org.strider.env;

/** A finite set of actions {@code {0, 1, ..., n-1}}. */
public record Discrete(int n) implements Space {

    public Discrete {
        if (n <= 0) {
            throw new IllegalArgumentException("Discrete needs n > 0, got " + n);
        }
    }

    public boolean contains(final int action) {
        return action >= 0 && action < n;
    }

    @Override
    public int flatSize() {
        return 1;
    }

    @Override
    public String describe() {
        return "Discrete(" + n + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
