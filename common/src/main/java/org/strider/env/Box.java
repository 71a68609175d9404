package org.strider.env;

import java.util.Arrays;

/**
 * A float32 box {@code [low, high]} of the given shape. Bounds may be infinite. Arrays are copied in and
 * out, so a Box is immutable.
 */
public final class Box implements Space {
    private final float[] low;
    private final float[] high;
    private final int[] shape;

    public Box(final float[] low, final float[] high, final int... shape) {
        final int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (low.length != size || high.length != size) {
            throw new IllegalArgumentException("Box bounds have " + low.length + "/" + high.length
                + " elements but shape " + Arrays.toString(shape) + " needs " + size);
        }
        for (int i = 0; i < size; i++) {
            if (Float.isNaN(low[i]) || Float.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box bound " + i + " is invalid: low=" + low[i] + " high=" + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
        this.shape = shape.clone();
    }

    /** A box with the same scalar bounds on every element. */
    public static Box uniform(final float low, final float high, final int... shape) {
        final int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        final float[] lo = new float[size];
        final float[] hi = new float[size];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(lo, hi, shape);
    }

    public float low(final int i) {
        return low[i];
    }

    public float high(final int i) {
        return high[i];
    }

    public float[] low() {
        return low.clone();
    }

    public float[] high() {
        return high.clone();
    }

    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int flatSize() {
        return low.length;
    }

    /** True if every bound is finite (actions must have finite bounds so they can be scaled and clipped). */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Float.isInfinite(low[i]) || Float.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    /** Clips {@code values} in place to the bounds, as {@code np.clip(values, low, high)}. */
    public void clip(final float[] values) {
        for (int i = 0; i < low.length; i++) {
            values[i] = Math.min(Math.max(values[i], low[i]), high[i]);
        }
    }

    public boolean contains(final float[] values) {
        if (values.length != low.length) {
            return false;
        }
        for (int i = 0; i < low.length; i++) {
            if (!(values[i] >= low[i] && values[i] <= high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        final String lo = allEqual(low) ? Float.toString(low[0]) : Arrays.toString(low);
        final String hi = allEqual(high) ? Float.toString(high[0]) : Arrays.toString(high);
        final StringBuilder s = new StringBuilder("Box(").append(lo).append(", ").append(hi).append(", (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 || i < shape.length - 1 ? "," : "");
        }
        return s.append("), float32)").toString();
    }

    private static boolean allEqual(final float[] values) {
        for (final float v : values) {
            if (Float.compare(v, values[0]) != 0) {
                return false;
            }
        }
        return values.length > 0;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high)
            && Arrays.equals(shape, b.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(low) + Arrays.hashCode(high)) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return describe();
    }
}
