package org.strider.env.box2d;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jbox2d.common.Mat33;
import org.jbox2d.common.MathUtils;
import org.jbox2d.common.Settings;
import org.jbox2d.common.Vec2;
import org.jbox2d.common.Vec3;
import org.jbox2d.dynamics.contacts.Position;
import org.jbox2d.dynamics.joints.LimitState;
import org.jbox2d.dynamics.joints.RevoluteJoint;

/**
 * One revolute joint's constraint solver for one step: JBox2D 2.2.1.1's {@code RevoluteJoint.solveVelocityConstraints}
 * and {@code solvePositionConstraints} ({@code b2RevoluteJoint::SolveVelocityConstraints} and
 * {@code SolvePositionConstraints}) on plain fields, without the pool's temporaries and the chains of object
 * references.
 *
 * <p>{@link #load} copies what JBox2D's {@code initVelocityConstraints} computed (anchors, masses, limit state,
 * warm-started impulses) out of the joint's private fields; {@link #solveVelocity} and {@link #solvePosition} run one
 * iteration each with the same float operations on the same operands in the same order as JBox2D, so every result is
 * the same to the bit (Java rounds each float operation, left to right as written); {@link #store} writes the
 * accumulated impulses back, where the next step's warm start reads them. Values that JBox2D recomputes identically
 * in every iteration (the determinants of the effective-mass solves, the motor's impulse bound, the anchors relative
 * to the centres of mass) are computed once in {@link #load}, by the same operations, and the rotations that JBox2D's
 * position solver computes and then overwrites unused are not computed at all. As in {@link ContactVelocitySolver},
 * {@code -wB * rB.y + vB.x} is computed as {@code vB.x - wB * rB.y}, the same bits by IEEE 754's definition of
 * subtraction.
 */
final class RevoluteJointSolver {
    private static final VarHandle INDEX_A = field("m_indexA");
    private static final VarHandle INDEX_B = field("m_indexB");
    private static final VarHandle R_A = field("m_rA");
    private static final VarHandle R_B = field("m_rB");
    private static final VarHandle INV_MASS_A = field("m_invMassA");
    private static final VarHandle INV_MASS_B = field("m_invMassB");
    private static final VarHandle INV_I_A = field("m_invIA");
    private static final VarHandle INV_I_B = field("m_invIB");
    private static final VarHandle MASS = field("m_mass");
    private static final VarHandle MOTOR_MASS = field("m_motorMass");
    private static final VarHandle LIMIT_STATE = field("m_limitState");
    private static final VarHandle IMPULSE = field("m_impulse");
    private static final VarHandle MOTOR_IMPULSE = field("m_motorImpulse");
    private static final VarHandle LOCAL_CENTER_A = field("m_localCenterA");
    private static final VarHandle LOCAL_CENTER_B = field("m_localCenterB");

    private int indexA;
    private int indexB;
    private float mA;
    private float mB;
    private float iA;
    private float iB;
    private float rAx;
    private float rAy;
    private float rBx;
    private float rBy;
    /** The 3x3 effective mass {@code m_mass}, by column ({@code ex}, {@code ey}, {@code ez}). */
    private float exx;
    private float exy;
    private float exz;
    private float eyx;
    private float eyy;
    private float eyz;
    private float ezx;
    private float ezy;
    private float ezz;
    /** {@code 1/det} of {@code m_mass} as {@code Mat33.solve33ToOut} computes it, and {@code ey × ez}. */
    private float invDet33;
    private float eyCrossEzX;
    private float eyCrossEzY;
    private float eyCrossEzZ;
    /** {@code 1/det} of the upper-left 2x2 block as {@code Mat33.solve22ToOut} computes it. */
    private float invDet22;
    private float motorMass;
    private float motorSpeed;
    private float maxImpulse;
    private boolean solveMotor;
    private boolean solveLimit;
    private LimitState limitState;
    /** The anchors relative to the centres of mass, in body coordinates. */
    private float localAx;
    private float localAy;
    private float localBx;
    private float localBy;
    private float referenceAngle;
    private float lowerAngle;
    private float upperAngle;
    private float impulseX;
    private float impulseY;
    private float impulseZ;
    private float motorImpulse;

    private static VarHandle field(final String name) {
        try {
            return MethodHandles.privateLookupIn(RevoluteJoint.class, MethodHandles.lookup())
                .findVarHandle(RevoluteJoint.class, name, RevoluteJoint.class.getDeclaredField(name).getType());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JBox2D's RevoluteJoint." + name + " is not reachable", e);
        }
    }

    /** Copies the joint's solver state after its {@code initVelocityConstraints}; {@code dt} is the step's. */
    void load(final RevoluteJoint joint, final float dt) {
        indexA = (int) INDEX_A.get(joint);
        indexB = (int) INDEX_B.get(joint);
        final Vec2 rA = (Vec2) R_A.get(joint);
        final Vec2 rB = (Vec2) R_B.get(joint);
        rAx = rA.x;
        rAy = rA.y;
        rBx = rB.x;
        rBy = rB.y;
        mA = (float) INV_MASS_A.get(joint);
        mB = (float) INV_MASS_B.get(joint);
        iA = (float) INV_I_A.get(joint);
        iB = (float) INV_I_B.get(joint);
        final Mat33 mass = (Mat33) MASS.get(joint);
        exx = mass.ex.x;
        exy = mass.ex.y;
        exz = mass.ex.z;
        eyx = mass.ey.x;
        eyy = mass.ey.y;
        eyz = mass.ey.z;
        ezx = mass.ez.x;
        ezy = mass.ez.y;
        ezz = mass.ez.z;
        motorMass = (float) MOTOR_MASS.get(joint);
        limitState = (LimitState) LIMIT_STATE.get(joint);
        final Vec3 impulse = (Vec3) IMPULSE.get(joint);
        impulseX = impulse.x;
        impulseY = impulse.y;
        impulseZ = impulse.z;
        motorImpulse = (float) MOTOR_IMPULSE.get(joint);
        motorSpeed = joint.getMotorSpeed();
        maxImpulse = dt * joint.getMaxMotorTorque();

        final Vec2 localCenterA = (Vec2) LOCAL_CENTER_A.get(joint);
        final Vec2 localCenterB = (Vec2) LOCAL_CENTER_B.get(joint);
        localAx = joint.getLocalAnchorA().x - localCenterA.x;
        localAy = joint.getLocalAnchorA().y - localCenterA.y;
        localBx = joint.getLocalAnchorB().x - localCenterB.x;
        localBy = joint.getLocalAnchorB().y - localCenterB.y;
        referenceAngle = joint.getReferenceAngle();
        lowerAngle = joint.getLowerLimit();
        upperAngle = joint.getUpperLimit();

        final boolean fixedRotation = iA + iB == 0.0f;
        solveMotor = joint.isMotorEnabled() && limitState != LimitState.EQUAL && !fixedRotation;
        solveLimit = joint.isLimitEnabled() && limitState != LimitState.INACTIVE && !fixedRotation;

        // Mat33.solve33ToOut: det = ex · (ey × ez).
        eyCrossEzX = eyy * ezz - eyz * ezy;
        eyCrossEzY = eyz * ezx - eyx * ezz;
        eyCrossEzZ = eyx * ezy - eyy * ezx;
        float det33 = exx * eyCrossEzX + exy * eyCrossEzY + exz * eyCrossEzZ;
        if (det33 != 0.0f) {
            det33 = 1.0f / det33;
        }
        invDet33 = det33;
        // Mat33.solve22ToOut: a11 = ex.x, a12 = ey.x, a21 = ex.y, a22 = ey.y.
        float det22 = exx * eyy - eyx * exy;
        if (det22 != 0.0f) {
            det22 = 1.0f / det22;
        }
        invDet22 = det22;
    }

    /** Writes the accumulated impulses back into the joint. */
    void store(final RevoluteJoint joint) {
        final Vec3 impulse = (Vec3) IMPULSE.get(joint);
        impulse.x = impulseX;
        impulse.y = impulseY;
        impulse.z = impulseZ;
        MOTOR_IMPULSE.set(joint, motorImpulse);
    }

    /** One velocity iteration of the joint: {@code RevoluteJoint.solveVelocityConstraints}. */
    void solveVelocity(final IslandVelocities velocities) {
        final float[] vx = velocities.vx;
        final float[] vy = velocities.vy;
        final float[] w = velocities.w;
        float vAx = vx[indexA];
        float vAy = vy[indexA];
        float wA = w[indexA];
        float vBx = vx[indexB];
        float vBy = vy[indexB];
        float wB = w[indexB];

        if (solveMotor) {
            final float cdot = wB - wA - motorSpeed;
            float impulse = -motorMass * cdot;
            final float oldImpulse = motorImpulse;
            motorImpulse = MathUtils.clamp(motorImpulse + impulse, -maxImpulse, maxImpulse);
            impulse = motorImpulse - oldImpulse;
            wA -= iA * impulse;
            wB += iB * impulse;
        }

        // Cdot1 = Cross(wB, rB) + vB - vA - Cross(wA, rA), as JBox2D adds it up (-wB * rBy + vBx is vBx - wB * rBy).
        final float cdot1x = vBx - wB * rBy - vAx + wA * rAy;
        final float cdot1y = wB * rBx + vBy - vAy - wA * rAx;
        if (solveLimit) {
            final float cdot2 = wB - wA;
            // Mat33.solve33ToOut(Cdot), then negated.
            float px = -(invDet33 * (cdot1x * eyCrossEzX + cdot1y * eyCrossEzY + cdot2 * eyCrossEzZ));
            float py = -(invDet33 * (exx * (cdot1y * ezz - cdot2 * ezy) + exy * (cdot2 * ezx - cdot1x * ezz)
                + exz * (cdot1x * ezy - cdot1y * ezx)));
            float pz = -(invDet33 * (exx * (eyy * cdot2 - eyz * cdot1y) + exy * (eyz * cdot1x - eyx * cdot2)
                + exz * (eyx * cdot1y - eyy * cdot1x)));

            if (limitState == LimitState.EQUAL) {
                impulseX += px;
                impulseY += py;
                impulseZ += pz;
            } else if (limitState == LimitState.AT_LOWER || limitState == LimitState.AT_UPPER) {
                final float newImpulse = impulseZ + pz;
                if (limitState == LimitState.AT_LOWER ? newImpulse < 0.0f : newImpulse > 0.0f) {
                    // rhs = ez.xy * impulse.z - Cdot1, solved with the 2x2 block.
                    final float rhsX = ezx * impulseZ - cdot1x;
                    final float rhsY = ezy * impulseZ - cdot1y;
                    px = invDet22 * (eyy * rhsX - eyx * rhsY);
                    py = invDet22 * (exx * rhsY - exy * rhsX);
                    pz = -impulseZ;
                    impulseX += px;
                    impulseY += py;
                    impulseZ = 0.0f;
                } else {
                    impulseX += px;
                    impulseY += py;
                    impulseZ += pz;
                }
            }

            vAx -= mA * px;
            vAy -= mA * py;
            wA -= iA * (rAx * py - rAy * px + pz);

            vBx += mB * px;
            vBy += mB * py;
            wB += iB * (rBx * py - rBy * px + pz);
        } else {
            // Mat33.solve22ToOut(-Cdot1).
            final float bx = -cdot1x;
            final float by = -cdot1y;
            final float px = invDet22 * (eyy * bx - eyx * by);
            final float py = invDet22 * (exx * by - exy * bx);

            impulseX += px;
            impulseY += py;

            vAx -= mA * px;
            vAy -= mA * py;
            wA -= iA * (rAx * py - rAy * px);

            vBx += mB * px;
            vBy += mB * py;
            wB += iB * (rBx * py - rBy * px);
        }

        vx[indexA] = vAx;
        vy[indexA] = vAy;
        w[indexA] = wA;
        vx[indexB] = vBx;
        vy[indexB] = vBy;
        w[indexB] = wB;
    }

    /**
     * One position iteration of the joint, {@code RevoluteJoint.solvePositionConstraints}: corrects the angle at an
     * active limit, then the anchors' separation, moving the two bodies' positions; true when both errors are within
     * the slop.
     */
    boolean solvePosition(final Position[] positions) {
        final Vec2 cA = positions[indexA].c;
        float aA = positions[indexA].a;
        final Vec2 cB = positions[indexB].c;
        float aB = positions[indexB].a;

        float angularError = 0.0f;
        if (solveLimit) {
            final float angle = aB - aA - referenceAngle;
            float limitImpulse = 0.0f;
            if (limitState == LimitState.EQUAL) {
                final float c = MathUtils.clamp(angle - lowerAngle, -Settings.maxAngularCorrection,
                    Settings.maxAngularCorrection);
                limitImpulse = -motorMass * c;
                angularError = MathUtils.abs(c);
            } else if (limitState == LimitState.AT_LOWER) {
                float c = angle - lowerAngle;
                angularError = -c;
                c = MathUtils.clamp(c + Settings.angularSlop, -Settings.maxAngularCorrection, 0.0f);
                limitImpulse = -motorMass * c;
            } else if (limitState == LimitState.AT_UPPER) {
                float c = angle - upperAngle;
                angularError = c;
                c = MathUtils.clamp(c - Settings.angularSlop, 0.0f, Settings.maxAngularCorrection);
                limitImpulse = -motorMass * c;
            }
            aA -= iA * limitImpulse;
            aB += iB * limitImpulse;
        }

        // Rot.set(angle), then Rot.mulToOutUnsafe on the anchor relative to the centre of mass.
        final float sA = MathUtils.sin(aA);
        final float cosA = MathUtils.cos(aA);
        final float sB = MathUtils.sin(aB);
        final float cosB = MathUtils.cos(aB);
        final float rAx = cosA * localAx - sA * localAy;
        final float rAy = sA * localAx + cosA * localAy;
        final float rBx = cosB * localBx - sB * localBy;
        final float rBy = sB * localBx + cosB * localBy;
        // C = cB + rB - cA - rA.
        final float cx = cB.x + rBx - cA.x - rAx;
        final float cy = cB.y + rBy - cA.y - rAy;
        final float positionError = MathUtils.sqrt(cx * cx + cy * cy);

        // K.solveToOut(C), negated.
        final float kExX = mA + mB + iA * rAy * rAy + iB * rBy * rBy;
        final float kExY = -iA * rAx * rAy - iB * rBx * rBy;
        final float kEyX = kExY;
        final float kEyY = mA + mB + iA * rAx * rAx + iB * rBx * rBx;
        float det = kExX * kEyY - kEyX * kExY;
        if (det != 0.0f) {
            det = 1.0f / det;
        }
        final float solvedY = det * (kExX * cy - kExY * cx);
        final float solvedX = det * (kEyY * cx - kEyX * cy);
        final float px = -solvedX;
        final float py = -solvedY;

        cA.x -= mA * px;
        cA.y -= mA * py;
        aA -= iA * (rAx * py - rAy * px);
        cB.x += mB * px;
        cB.y += mB * py;
        aB += iB * (rBx * py - rBy * px);

        positions[indexA].a = aA;
        positions[indexB].a = aB;
        return positionError <= Settings.linearSlop && angularError <= Settings.angularSlop;
    }
}
