package org.strider.env.box2d;

import java.util.Arrays;
import org.jbox2d.dynamics.contacts.ContactSolver;
import org.jbox2d.dynamics.contacts.ContactVelocityConstraint;
import org.jbox2d.dynamics.contacts.ContactVelocityConstraint.VelocityConstraintPoint;

/**
 * The velocity constraints of one island's contacts during one step's velocity iterations: JBox2D 2.2.1.1's
 * {@code ContactSolver.solveVelocityConstraints} ({@code b2ContactSolver::SolveVelocityConstraints}: friction,
 * then the normal impulse of one point, or of two points with the block solver) on plain fields and
 * {@link IslandVelocities}, without its chains of object references.
 *
 * <p>{@link #load} copies the constraints that JBox2D's {@code initializeVelocityConstraints} (and warm start)
 * prepared; {@link #solve} runs one iteration over them with the same float operations on the same operands in the
 * same order as JBox2D, so every result is the same to the bit; {@link #store} writes the accumulated impulses back
 * into JBox2D's constraints, where {@code storeImpulses} and the contact listener read them.
 *
 * <p>The one liberty taken: where JBox2D negates a factor and then adds the product ({@code -wB * rB.y + vB.x},
 * {@code tangentImpulse + tangentMass * -vt}), the product is subtracted instead. IEEE 754 defines {@code x - y} as
 * {@code x + (-y)} and rounds {@code (-a) * b} to exactly {@code -(a * b)}, so the results are the same bits, and the
 * negation drops off the chain of dependent operations that bounds this loop's speed (about 5 % of a walker step).
 */
final class ContactVelocitySolver {
    private Constraint[] constraints = new Constraint[0];
    private int count;

    /** One contact's constraint: JBox2D's {@code ContactVelocityConstraint} with its points unrolled. */
    private static final class Constraint {
        int indexA;
        int indexB;
        float mA;
        float mB;
        float iA;
        float iB;
        int pointCount;
        float normalX;
        float normalY;
        float tangentX;
        float tangentY;
        float friction;
        float tangentSpeed;
        /** {@code K} and {@code normalMass} of the block solver, by column. */
        float kExX;
        float kExY;
        float kEyX;
        float kEyY;
        float nmExX;
        float nmExY;
        float nmEyX;
        float nmEyY;
        final Point p1 = new Point();
        final Point p2 = new Point();
    }

    /** One contact point: JBox2D's {@code VelocityConstraintPoint}. */
    private static final class Point {
        float rAx;
        float rAy;
        float rBx;
        float rBy;
        float normalImpulse;
        float tangentImpulse;
        float normalMass;
        float tangentMass;
        float velocityBias;

        void load(final VelocityConstraintPoint point) {
            rAx = point.rA.x;
            rAy = point.rA.y;
            rBx = point.rB.x;
            rBy = point.rB.y;
            normalImpulse = point.normalImpulse;
            tangentImpulse = point.tangentImpulse;
            normalMass = point.normalMass;
            tangentMass = point.tangentMass;
            velocityBias = point.velocityBias;
        }

        void store(final VelocityConstraintPoint point) {
            point.normalImpulse = normalImpulse;
            point.tangentImpulse = tangentImpulse;
        }
    }

    /** Copies the solver's {@code m_count} velocity constraints, as initialised (and warm-started) by JBox2D. */
    void load(final ContactSolver solver) {
        count = solver.m_count;
        if (constraints.length < count) {
            final int old = constraints.length;
            constraints = Arrays.copyOf(constraints, count);
            for (int i = old; i < count; i++) {
                constraints[i] = new Constraint();
            }
        }
        for (int i = 0; i < count; i++) {
            final ContactVelocityConstraint vc = solver.m_velocityConstraints[i];
            final Constraint c = constraints[i];
            c.indexA = vc.indexA;
            c.indexB = vc.indexB;
            c.mA = vc.invMassA;
            c.mB = vc.invMassB;
            c.iA = vc.invIA;
            c.iB = vc.invIB;
            c.pointCount = vc.pointCount;
            c.normalX = vc.normal.x;
            c.normalY = vc.normal.y;
            c.tangentX = 1.0f * vc.normal.y;
            c.tangentY = -1.0f * vc.normal.x;
            c.friction = vc.friction;
            c.tangentSpeed = vc.tangentSpeed;
            c.kExX = vc.K.ex.x;
            c.kExY = vc.K.ex.y;
            c.kEyX = vc.K.ey.x;
            c.kEyY = vc.K.ey.y;
            c.nmExX = vc.normalMass.ex.x;
            c.nmExY = vc.normalMass.ex.y;
            c.nmEyX = vc.normalMass.ey.x;
            c.nmEyY = vc.normalMass.ey.y;
            c.p1.load(vc.points[0]);
            if (vc.pointCount == 2) {
                c.p2.load(vc.points[1]);
            }
        }
    }

    /** Writes every point's normal and tangent impulse back into the solver's constraints. */
    void store(final ContactSolver solver) {
        for (int i = 0; i < count; i++) {
            final ContactVelocityConstraint vc = solver.m_velocityConstraints[i];
            final Constraint c = constraints[i];
            c.p1.store(vc.points[0]);
            if (c.pointCount == 2) {
                c.p2.store(vc.points[1]);
            }
        }
    }

    /** How many values {@link #copyImpulseBits} writes: two per point. */
    int impulseCount() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += 2 * constraints[i].pointCount;
        }
        return n;
    }

    /** Writes the bit patterns of every point's accumulated impulses from {@code offset}; returns the next offset. */
    int copyImpulseBits(final int[] out, final int offset) {
        int k = offset;
        for (int i = 0; i < count; i++) {
            final Constraint c = constraints[i];
            out[k++] = Float.floatToRawIntBits(c.p1.normalImpulse);
            out[k++] = Float.floatToRawIntBits(c.p1.tangentImpulse);
            if (c.pointCount == 2) {
                out[k++] = Float.floatToRawIntBits(c.p2.normalImpulse);
                out[k++] = Float.floatToRawIntBits(c.p2.tangentImpulse);
            }
        }
        return k;
    }

    /** One velocity iteration over every contact, in order: {@code ContactSolver.solveVelocityConstraints}. */
    void solve(final IslandVelocities velocities) {
        final float[] vx = velocities.vx;
        final float[] vy = velocities.vy;
        final float[] w = velocities.w;
        for (int i = 0; i < count; i++) {
            final Constraint c = constraints[i];
            final int indexA = c.indexA;
            final int indexB = c.indexB;
            final float mA = c.mA;
            final float mB = c.mB;
            final float iA = c.iA;
            final float iB = c.iB;
            float vAx = vx[indexA];
            float vAy = vy[indexA];
            float wA = w[indexA];
            float vBx = vx[indexB];
            float vBy = vy[indexB];
            float wB = w[indexB];
            final float tangentX = c.tangentX;
            final float tangentY = c.tangentY;
            final float normalX = c.normalX;
            final float normalY = c.normalY;

            // Friction, point by point.
            for (int j = 0; j < c.pointCount; ++j) {
                final Point p = j == 0 ? c.p1 : c.p2;
                final float dvx = vBx - wB * p.rBy - vAx + wA * p.rAy;
                final float dvy = wB * p.rBx + vBy - vAy - wA * p.rAx;
                final float vt = dvx * tangentX + dvy * tangentY - c.tangentSpeed;
                // lambda = tangentMass * -vt; tangentImpulse + lambda is tangentImpulse - tangentMass * vt.
                final float maxFriction = c.friction * p.normalImpulse;
                final float newImpulse = clamp(p.tangentImpulse - p.tangentMass * vt, -maxFriction, maxFriction);
                final float lambda = newImpulse - p.tangentImpulse;
                p.tangentImpulse = newImpulse;
                final float px = tangentX * lambda;
                final float py = tangentY * lambda;
                vAx -= px * mA;
                vAy -= py * mA;
                wA -= iA * (p.rAx * py - p.rAy * px);
                vBx += px * mB;
                vBy += py * mB;
                wB += iB * (p.rBx * py - p.rBy * px);
            }

            if (c.pointCount == 1) {
                final Point p = c.p1;
                final float dvx = vBx - wB * p.rBy - vAx + wA * p.rAy;
                final float dvy = wB * p.rBx + vBy - vAy - wA * p.rAx;
                final float vn = dvx * normalX + dvy * normalY;
                float lambda = -p.normalMass * (vn - p.velocityBias);
                final float a = p.normalImpulse + lambda;
                final float newImpulse = a > 0.0f ? a : 0.0f;
                lambda = newImpulse - p.normalImpulse;
                p.normalImpulse = newImpulse;
                final float px = normalX * lambda;
                final float py = normalY * lambda;
                vAx -= px * mA;
                vAy -= py * mA;
                wA -= iA * (p.rAx * py - p.rAy * px);
                vBx += px * mB;
                vBy += py * mB;
                wB += iB * (p.rBx * py - p.rBy * px);
            } else {
                // Block solver: the first of the four cases (both points pushing, only the first, only the
                // second, neither) whose solution is feasible; none is applied when none is.
                final Point cp1 = c.p1;
                final Point cp2 = c.p2;
                final float ax = cp1.normalImpulse;
                final float ay = cp2.normalImpulse;
                final float dv1x = vBx - wB * cp1.rBy - vAx + wA * cp1.rAy;
                final float dv1y = wB * cp1.rBx + vBy - vAy - wA * cp1.rAx;
                final float dv2x = vBx - wB * cp2.rBy - vAx + wA * cp2.rAy;
                final float dv2y = wB * cp2.rBx + vBy - vAy - wA * cp2.rAx;
                final float vn1 = dv1x * normalX + dv1y * normalY;
                final float vn2 = dv2x * normalX + dv2y * normalY;
                float bx = vn1 - cp1.velocityBias;
                float by = vn2 - cp2.velocityBias;
                bx -= c.kExX * ax + c.kEyX * ay;
                by -= c.kExY * ax + c.kEyY * ay;

                float xx = -(c.nmExX * bx + c.nmEyX * by);
                float xy = -(c.nmExY * bx + c.nmEyY * by);
                boolean solved = xx >= 0.0f && xy >= 0.0f;
                if (!solved) {
                    xx = -cp1.normalMass * bx;
                    xy = 0.0f;
                    solved = xx >= 0.0f && c.kExY * xx + by >= 0.0f;
                }
                if (!solved) {
                    xx = 0.0f;
                    xy = -cp2.normalMass * by;
                    solved = xy >= 0.0f && c.kEyX * xy + bx >= 0.0f;
                }
                if (!solved) {
                    xx = 0.0f;
                    xy = 0.0f;
                    solved = bx >= 0.0f && by >= 0.0f;
                }
                if (solved) {
                    final float dx = xx - ax;
                    final float dy = xy - ay;
                    final float p1x = normalX * dx;
                    final float p1y = normalY * dx;
                    final float p2x = normalX * dy;
                    final float p2y = normalY * dy;
                    final float sumX = p1x + p2x;
                    final float sumY = p1y + p2y;
                    vAx -= sumX * mA;
                    vAy -= sumY * mA;
                    vBx += sumX * mB;
                    vBy += sumY * mB;
                    wA -= iA * (cp1.rAx * p1y - cp1.rAy * p1x + (cp2.rAx * p2y - cp2.rAy * p2x));
                    wB += iB * (cp1.rBx * p1y - cp1.rBy * p1x + (cp2.rBx * p2y - cp2.rBy * p2x));
                    cp1.normalImpulse = xx;
                    cp2.normalImpulse = xy;
                }
            }

            vx[indexA] = vAx;
            vy[indexA] = vAy;
            w[indexA] = wA;
            vx[indexB] = vBx;
            vy[indexB] = vBy;
            w[indexB] = wB;
        }
    }

    /** JBox2D's {@code MathUtils.clamp}: {@code max(low, min(a, high))} with its comparisons. */
    private static float clamp(final float a, final float low, final float high) {
        final float min = a < high ? a : high;
        return low > min ? low : min;
    }
}
