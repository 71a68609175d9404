package org.strider.env.box2d.bipedal;

import org.jbox2d.callbacks.RayCastCallback;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.World;

/**
 * The walker's ten range finders: rays from the hull's origin fanning from straight down (ray 0) forward by 0.15
 * rad per ray, {@link #RANGE} long. Each ray reports the fraction of its length at the closest ground fixture
 * (category bit 1); the walker's own fixtures are ignored; 1 when nothing is hit. One callback object serves all
 * rays and no vector is allocated per cast.
 */
final class Lidar implements RayCastCallback {
    static final int RAYS = 10;
    static final double RANGE = 160 / BipedalWalker.SCALE;
    private static final double[] DX = new double[RAYS];
    private static final double[] DY = new double[RAYS];

    static {
        for (int i = 0; i < RAYS; i++) {
            DX[i] = StrictMath.sin(1.5 * i / 10.0) * RANGE;
            DY[i] = StrictMath.cos(1.5 * i / 10.0) * RANGE;
        }
    }

    /** Per ray: the closest hit as a fraction of the ray, and the ray's start and end (the hit point if any). */
    final float[] fraction = new float[RAYS];
    final float[] startX = new float[RAYS];
    final float[] startY = new float[RAYS];
    final float[] endX = new float[RAYS];
    final float[] endY = new float[RAYS];

    private final Vec2 p1 = new Vec2();
    private final Vec2 p2 = new Vec2();
    private int ray;

    /** Casts every ray from {@code origin} (the hull's position) in {@code world}. */
    void scan(final World world, final Vec2 origin) {
        final double ox = origin.x;
        final double oy = origin.y;
        for (int i = 0; i < RAYS; i++) {
            ray = i;
            fraction[i] = 1.0f;
            p1.set(origin);
            p2.set((float) (ox + DX[i]), (float) (oy - DY[i]));
            startX[i] = p1.x;
            startY[i] = p1.y;
            endX[i] = p2.x;
            endY[i] = p2.y;
            world.raycast(this, p1, p2);
        }
    }

    void clear() {
        for (int i = 0; i < RAYS; i++) {
            fraction[i] = 1.0f;
            startX[i] = 0;
            startY[i] = 0;
            endX[i] = 0;
            endY[i] = 0;
        }
    }

    @Override
    public float reportFixture(final Fixture fixture, final Vec2 point, final Vec2 normal, final float hit) {
        if ((fixture.getFilterData().categoryBits & 1) == 0) {
            return -1;
        }
        endX[ray] = point.x;
        endY[ray] = point.y;
        fraction[ray] = hit;
        return hit;
    }
}
