package org.strider.env.box2d;

import org.jbox2d.dynamics.contacts.Velocity;

/**
 * The linear and angular velocities of one island's bodies, by island index, as three flat arrays: what the
 * velocity iterations of {@code b2Island::Solve} read and write ({@code m_velocities} in Box2D, an array of
 * {@link Velocity} objects in JBox2D). Loaded once before the iterations and stored back once after; the values are
 * copied, never converted, so every bit is kept.
 */
final class IslandVelocities {
    float[] vx = new float[0];
    float[] vy = new float[0];
    float[] w = new float[0];

    /** Copies the first {@code count} velocities in, growing the arrays when the island is larger than before. */
    void load(final Velocity[] velocities, final int count) {
        if (vx.length < count) {
            vx = new float[count];
            vy = new float[count];
            w = new float[count];
        }
        for (int i = 0; i < count; i++) {
            final Velocity velocity = velocities[i];
            vx[i] = velocity.v.x;
            vy[i] = velocity.v.y;
            w[i] = velocity.w;
        }
    }

    /** Copies the first {@code count} velocities back into JBox2D's objects. */
    void store(final Velocity[] velocities, final int count) {
        for (int i = 0; i < count; i++) {
            final Velocity velocity = velocities[i];
            velocity.v.x = vx[i];
            velocity.v.y = vy[i];
            velocity.w = w[i];
        }
    }

    /** Writes the bit patterns of the first {@code count} velocities from {@code offset}; returns the next offset. */
    int copyBits(final int[] out, final int offset, final int count) {
        int k = offset;
        for (int i = 0; i < count; i++) {
            out[k++] = Float.floatToRawIntBits(vx[i]);
            out[k++] = Float.floatToRawIntBits(vy[i]);
            out[k++] = Float.floatToRawIntBits(w[i]);
        }
        return k;
    }
}
