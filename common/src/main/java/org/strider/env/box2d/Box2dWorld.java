package org.strider.env.box2d;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.AABB;
import org.jbox2d.collision.TimeOfImpact;
import org.jbox2d.collision.broadphase.BroadPhase;
import org.jbox2d.collision.broadphase.DynamicTree;
import org.jbox2d.common.Rot;
import org.jbox2d.common.Settings;
import org.jbox2d.common.Sweep;
import org.jbox2d.common.Transform;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.Fixture;
import org.jbox2d.dynamics.FixtureProxy;
import org.jbox2d.dynamics.Island;
import org.jbox2d.dynamics.SolverData;
import org.jbox2d.dynamics.TimeStep;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.contacts.ContactEdge;
import org.jbox2d.dynamics.contacts.ContactSolver;
import org.jbox2d.dynamics.contacts.ContactVelocityConstraint;
import org.jbox2d.dynamics.contacts.Position;
import org.jbox2d.dynamics.contacts.Velocity;
import org.jbox2d.dynamics.joints.Joint;
import org.jbox2d.dynamics.joints.JointEdge;
import org.jbox2d.dynamics.joints.RevoluteJoint;

/**
 * A JBox2D 2.2.1.1 world that steps as Box2D 2.3 (pybox2d, which Gymnasium uses) does. {@link #step} follows
 * {@code b2World::Step}, {@code Solve}, {@code SolveTOI} and {@code b2Island::Solve}/{@code SolveTOI} line by line on
 * JBox2D's own contact solver, joints and collision code, and corrects these JBox2D deviations from Box2D:
 * <ul>
 * <li>{@code Contact.init} clears every flag, so a contact the broad phase creates at the end of a step is skipped
 * by that step's continuous-collision (TOI) pass, which ignores disabled contacts; Box2D creates contacts enabled
 * ({@link #popContact}). Without this the walker's lower legs sink into the ground on the very first step.</li>
 * <li>{@code Sweep.advance} neither rescales by nor records {@code alpha0}, so a body's second TOI event in a step
 * is measured on the wrong time base and its sub-step runs too long; sweeps here advance as
 * {@code b2Sweep::Advance} does.</li>
 * <li>A two-point contact keeps its block solver only below condition number 100 in JBox2D, 1000 in Box2D 2.3
 * (a compile-time constant in JBox2D, so the block matrix is restored after initialisation): with 100, a foot
 * flat on the ground is solved as a one-point contact.</li>
 * <li>Body transforms are recomputed as {@code c - R·localCenter} in Box2D's rounding order.</li>
 * <li>JBox2D's {@code DynamicTree.moveProxy} tests containment the wrong way round, so nearly every proxy is
 * re-inserted every step and contacts are created a few steps earlier than in Box2D, which changes the order the
 * solver visits them in; fixtures are synchronised here with Box2D's test ({@link #synchronizeFixtures}).</li>
 * </ul>
 * With these the step is Box2D 2.3's to the bit, up to the rounding of sine and cosine: Box2D calls glibc's
 * {@code sinf}/{@code cosf}, which are not correctly rounded (about 1 call in 40 differs in the last bit), while
 * JBox2D's are (see {@link Box2dCompat}). Measured with glibc's {@code sinf}/{@code cosf} swapped into JBox2D (a
 * diagnostic build only, not shipped), the lander's heuristic episodes on seeds 0..99 have the same return as
 * Gymnasium's to the last bit in all 400 (both ids, wind on and off; 330 of 400 with JBox2D's own {@code World.step}), and the
 * walker's in 82 of 100 (BipedalWalker-v3) and 92 of 100 (hardcore) against Gymnasium run with a new env per seed.
 * With exact trigonometry, as shipped, one last-bit difference is enough for trajectories to drift apart as any
 * chaotic simulation does; episode statistics still agree (see the package tests). The step allocates nothing once
 * the solver arrays have grown to the scene's size: every temporary lives in a field.
 *
 * <p>For speed, without changing a bit of any result: an island whose joints are all revolute (the walker's and
 * the lander's) runs its velocity iterations on flat copies of the solver state ({@link RevoluteJointSolver},
 * {@link ContactVelocitySolver}, {@link IslandVelocities}) and its joints' position iterations on
 * {@link RevoluteJointSolver}, with JBox2D's arithmetic; a time-of-impact sub-step stops its velocity iterations
 * once they reach an exact fixed point ({@link ContactFixedPoint}); and the passes over every body skip the static
 * ones ({@link #gatherMovableBodies}). {@code TrajectoryHashTest} and {@code FlatSolversTest} hold these to the bit.
 */
public final class Box2dWorld extends World {
    /** Box2D 2.3's {@code k_maxConditionNumber} for two-point contact blocks (JBox2D 2.2.1.1 uses 100). */
    private static final float MAX_CONDITION_NUMBER = 1000.0f;
    private static final VarHandle PROXY_ID = fixtureProxyField("proxyId");
    private static final VarHandle PROXY_CHILD_INDEX = fixtureProxyField("childIndex");
    private static final VarHandle PROXY_AABB = fixtureProxyField("aabb");

    private final TimeStep step = new TimeStep();
    private final TimeStep subStep = new TimeStep();
    private final Island island = new Island();
    private final Island toiIsland = new Island();
    private final TimeOfImpact.TOIInput toiInput = new TimeOfImpact.TOIInput();
    private final TimeOfImpact.TOIOutput toiOutput = new TimeOfImpact.TOIOutput();
    private final Sweep backup1 = new Sweep();
    private final Sweep backup2 = new Sweep();
    private final Vec2 rotated = new Vec2();
    private final Body[] pair = new Body[2];
    private final ContactSolver solver = new ContactSolver();
    private final ContactSolver.ContactSolverDef solverDef = new ContactSolver.ContactSolverDef();
    private final SolverData solverData = new SolverData();
    private final ContactSolver toiSolver = new ContactSolver();
    private final ContactSolver.ContactSolverDef toiSolverDef = new ContactSolver.ContactSolverDef();
    private final ContactImpulse impulse = new ContactImpulse();
    private final Transform startTransform = new Transform();
    private final AABB startBox = new AABB();
    private final AABB endBox = new AABB();
    private final AABB cornerBox = new AABB();
    private final Vec2 displacement = new Vec2();
    private final Vec2 noDisplacement = new Vec2();
    private final IslandVelocities islandVelocities = new IslandVelocities();
    private final ContactVelocitySolver contactVelocities = new ContactVelocitySolver();
    private final ContactFixedPoint toiFixedPoint = new ContactFixedPoint();
    private RevoluteJointSolver[] revolutes = new RevoluteJointSolver[0];
    private Body[] stack = new Body[16];
    /** The non-static bodies in body-list order, gathered at the start of each step. */
    private Body[] movable = new Body[16];
    private int movableCount;
    private final boolean flatSolvers;
    private float invDt0;
    private boolean stepComplete = true;

    public Box2dWorld(final Vec2 gravity) {
        this(gravity, true);
    }

    /**
     * With {@code flatSolvers} false, every constraint is solved by JBox2D's own solver methods, as before the flat
     * solvers ({@link RevoluteJointSolver}, {@link ContactVelocitySolver}) were written: the reference the tests
     * compare them with, bit for bit.
     */
    Box2dWorld(final Vec2 gravity, final boolean flatSolvers) {
        super(gravity);
        this.flatSolvers = flatSolvers;
    }

    /** A package-private field of JBox2D's {@code FixtureProxy} (the proxy id, child index and swept box). */
    private static VarHandle fixtureProxyField(final String name) {
        try {
            return MethodHandles.privateLookupIn(FixtureProxy.class, MethodHandles.lookup())
                .findVarHandle(FixtureProxy.class, name, FixtureProxy.class.getDeclaredField(name).getType());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JBox2D's FixtureProxy." + name + " is not reachable", e);
        }
    }

    /**
     * Removes every body and joint and starts a new broad phase, so that the next scene steps exactly as it would in a
     * new world: proxy ids, and with them the order in which contacts are created and solved, depend only on the
     * order in which the new bodies are added. Cheaper than a new world, which allocates its pools and solvers anew.
     * Contact listeners hear nothing of the bodies removed. (Gymnasium's lander builds a new world at each reset, as
     * this reproduces; its walker keeps one world and destroys the bodies, so there a seed's trajectory depends on
     * the episodes run before it through the proxy ids the old broad phase hands out.)
     */
    public void clear() {
        final ContactListener listener = m_contactManager.m_contactListener;
        m_contactManager.m_contactListener = null;
        Body body = getBodyList();
        while (body != null) {
            final Body next = body.m_next;
            destroyBody(body);
            body = next;
        }
        m_contactManager.m_broadPhase = new BroadPhase(new DynamicTree());
        m_contactManager.m_contactListener = listener;
        invDt0 = 0.0f;
        stepComplete = true;
        Arrays.fill(movable, 0, movableCount, null);
        movableCount = 0;
    }

    @Override
    public Contact popContact(final Fixture fixtureA, final int indexA, final Fixture fixtureB, final int indexB) {
        final Contact contact = super.popContact(fixtureA, indexA, fixtureB, indexB);
        if (contact != null) {
            contact.m_flags |= Contact.ENABLED_FLAG;
        }
        return contact;
    }

    @Override
    public void step(final float dt, final int velocityIterations, final int positionIterations) {
        if ((m_flags & NEW_FIXTURE) == NEW_FIXTURE) {
            m_contactManager.findNewContacts();
            m_flags &= ~NEW_FIXTURE;
        }
        m_flags |= LOCKED;

        step.dt = dt;
        step.velocityIterations = velocityIterations;
        step.positionIterations = positionIterations;
        step.inv_dt = dt > 0.0f ? 1.0f / dt : 0.0f;
        step.dtRatio = invDt0 * dt;
        step.warmStarting = isWarmStarting();

        m_contactManager.collide();
        gatherMovableBodies(isContinuousPhysics() && step.dt > 0.0f && stepComplete);
        if (stepComplete && step.dt > 0.0f) {
            solve(step);
        }
        if (isContinuousPhysics() && step.dt > 0.0f) {
            solveTimeOfImpact(step);
        }
        if (step.dt > 0.0f) {
            invDt0 = step.inv_dt;
        }
        if ((m_flags & CLEAR_FORCES) == CLEAR_FORCES) {
            // World.clearForces on the bodies that can have a force: applyForce and applyTorque ignore static ones.
            for (int i = 0; i < movableCount; i++) {
                movable[i].m_force.setZero();
                movable[i].m_torque = 0.0f;
            }
        }
        m_flags &= ~LOCKED;
    }

    /**
     * One pass over the body list at the start of a step, in place of the passes {@code b2World::Solve},
     * {@code SolveTOI} and {@code ClearForces} make over every body (the walker's terrain alone is some 200 static
     * bodies): clears every body's island flag, as {@code Solve} does first; puts the static bodies' sweeps back at
     * the start of the step when {@code SolveTOI} will ({@code resetStaticSweeps}; a sweep of a static body moves
     * only in time, when a time of impact advances it), which nothing in between reads; and lists the non-static
     * bodies in order, the only ones the later passes change. Static bodies never keep the island flag out of an
     * island and never have a force, so those passes skip them without changing anything.
     */
    private void gatherMovableBodies(final boolean resetStaticSweeps) {
        if (movable.length < getBodyCount()) {
            movable = new Body[getBodyCount()];
        }
        int count = 0;
        for (Body b = getBodyList(); b != null; b = b.m_next) {
            b.m_flags &= ~Body.e_islandFlag;
            if (b.m_type != BodyType.STATIC) {
                movable[count++] = b;
            } else if (resetStaticSweeps) {
                b.m_sweep.alpha0 = 0.0f;
            }
        }
        movableCount = count;
    }

    /** {@code b2World::Solve}: builds each awake island by depth-first search and solves it. */
    private void solve(final TimeStep timeStep) {
        island.init(getBodyCount(), m_contactManager.m_contactCount, getJointCount(),
            m_contactManager.m_contactListener);
        // Every body's island flag was cleared by gatherMovableBodies.
        for (Contact c = m_contactManager.m_contactList; c != null; c = c.m_next) {
            c.m_flags &= ~Contact.ISLAND_FLAG;
        }
        for (Joint j = getJointList(); j != null; j = j.m_next) {
            j.m_islandFlag = false;
        }

        final int stackSize = getBodyCount();
        if (stack.length < stackSize) {
            stack = new Body[stackSize];
        }
        for (int k = 0; k < movableCount; k++) {
            final Body seed = movable[k];
            if ((seed.m_flags & Body.e_islandFlag) != 0 || !seed.isAwake() || !seed.isActive()) {
                continue;
            }
            island.clear();
            int stackCount = 0;
            stack[stackCount++] = seed;
            seed.m_flags |= Body.e_islandFlag;

            while (stackCount > 0) {
                final Body b = stack[--stackCount];
                island.add(b);
                b.setAwake(true);
                if (b.getType() == BodyType.STATIC) {
                    continue;
                }
                for (ContactEdge ce = b.m_contactList; ce != null; ce = ce.next) {
                    final Contact contact = ce.contact;
                    if ((contact.m_flags & Contact.ISLAND_FLAG) != 0) {
                        continue;
                    }
                    if (!contact.isEnabled() || !contact.isTouching()) {
                        continue;
                    }
                    if (contact.m_fixtureA.m_isSensor || contact.m_fixtureB.m_isSensor) {
                        continue;
                    }
                    island.add(contact);
                    contact.m_flags |= Contact.ISLAND_FLAG;
                    final Body other = ce.other;
                    if ((other.m_flags & Body.e_islandFlag) != 0) {
                        continue;
                    }
                    stack[stackCount++] = other;
                    other.m_flags |= Body.e_islandFlag;
                }
                for (JointEdge je = b.m_jointList; je != null; je = je.next) {
                    if (je.joint.m_islandFlag) {
                        continue;
                    }
                    final Body other = je.other;
                    if (!other.isActive()) {
                        continue;
                    }
                    island.add(je.joint);
                    je.joint.m_islandFlag = true;
                    if ((other.m_flags & Body.e_islandFlag) != 0) {
                        continue;
                    }
                    stack[stackCount++] = other;
                    other.m_flags |= Body.e_islandFlag;
                }
            }
            solveIsland(island, timeStep);
            for (int i = 0; i < island.m_bodyCount; ++i) {
                synchronizeTransform(island.m_bodies[i]);
            }

            // Static bodies may join other islands.
            for (int i = 0; i < island.m_bodyCount; ++i) {
                final Body b = island.m_bodies[i];
                if (b.getType() == BodyType.STATIC) {
                    b.m_flags &= ~Body.e_islandFlag;
                }
            }
        }

        for (int i = 0; i < movableCount; i++) {
            final Body b = movable[i];
            if ((b.m_flags & Body.e_islandFlag) == 0) {
                continue;
            }
            synchronizeFixtures(b);
        }
        m_contactManager.findNewContacts();
    }

    /** {@code b2World::SolveTOI}: finds the earliest time of impact, sub-steps the two bodies there, repeats. */
    private void solveTimeOfImpact(final TimeStep timeStep) {
        final Island toi = toiIsland;
        toi.init(2 * Settings.maxTOIContacts, Settings.maxTOIContacts, 0, m_contactManager.m_contactListener);
        if (stepComplete) {
            // Static bodies were reset by gatherMovableBodies, and leave every island without the island flag.
            for (int i = 0; i < movableCount; i++) {
                final Body b = movable[i];
                b.m_flags &= ~Body.e_islandFlag;
                b.m_sweep.alpha0 = 0.0f;
            }
            for (Contact c = m_contactManager.m_contactList; c != null; c = c.m_next) {
                c.m_flags &= ~(Contact.TOI_FLAG | Contact.ISLAND_FLAG);
                c.m_toiCount = 0;
                c.m_toi = 1.0f;
            }
        }

        for (;;) {
            Contact minContact = null;
            float minAlpha = 1.0f;

            for (Contact c = m_contactManager.m_contactList; c != null; c = c.m_next) {
                if (!c.isEnabled()) {
                    continue;
                }
                if (c.m_toiCount > Settings.maxSubSteps) {
                    continue;
                }
                float alpha = 1.0f;
                if ((c.m_flags & Contact.TOI_FLAG) != 0) {
                    alpha = c.m_toi;
                } else {
                    final Fixture fA = c.getFixtureA();
                    final Fixture fB = c.getFixtureB();
                    if (fA.isSensor() || fB.isSensor()) {
                        continue;
                    }
                    final Body bA = fA.getBody();
                    final Body bB = fB.getBody();
                    final BodyType typeA = bA.m_type;
                    final BodyType typeB = bB.m_type;
                    final boolean activeA = bA.isAwake() && typeA != BodyType.STATIC;
                    final boolean activeB = bB.isAwake() && typeB != BodyType.STATIC;
                    if (!activeA && !activeB) {
                        continue;
                    }
                    final boolean collideA = bA.isBullet() || typeA != BodyType.DYNAMIC;
                    final boolean collideB = bB.isBullet() || typeB != BodyType.DYNAMIC;
                    if (!collideA && !collideB) {
                        continue;
                    }

                    // Put the sweeps onto the same time interval.
                    float alpha0 = bA.m_sweep.alpha0;
                    if (bA.m_sweep.alpha0 < bB.m_sweep.alpha0) {
                        alpha0 = bB.m_sweep.alpha0;
                        advanceSweep(bA.m_sweep, alpha0);
                    } else if (bB.m_sweep.alpha0 < bA.m_sweep.alpha0) {
                        alpha0 = bA.m_sweep.alpha0;
                        advanceSweep(bB.m_sweep, alpha0);
                    }

                    final TimeOfImpact.TOIInput input = toiInput;
                    input.proxyA.set(fA.getShape(), c.getChildIndexA());
                    input.proxyB.set(fB.getShape(), c.getChildIndexB());
                    input.sweepA.set(bA.m_sweep);
                    input.sweepB.set(bB.m_sweep);
                    input.tMax = 1.0f;
                    getPool().getTimeOfImpact().timeOfImpact(toiOutput, input);

                    final float beta = toiOutput.t;
                    if (toiOutput.state == TimeOfImpact.TOIOutputState.TOUCHING) {
                        alpha = Math.min(alpha0 + (1.0f - alpha0) * beta, 1.0f);
                    } else {
                        alpha = 1.0f;
                    }
                    c.m_toi = alpha;
                    c.m_flags |= Contact.TOI_FLAG;
                }
                if (alpha < minAlpha) {
                    minContact = c;
                    minAlpha = alpha;
                }
            }

            if (minContact == null || 1.0f - 10.0f * Settings.EPSILON < minAlpha) {
                stepComplete = true;
                break;
            }

            // Advance the bodies to the time of impact.
            final Body bA = minContact.getFixtureA().getBody();
            final Body bB = minContact.getFixtureB().getBody();
            backup1.set(bA.m_sweep);
            backup2.set(bB.m_sweep);
            advanceBody(bA, minAlpha);
            advanceBody(bB, minAlpha);

            minContact.update(m_contactManager.m_contactListener);
            minContact.m_flags &= ~Contact.TOI_FLAG;
            ++minContact.m_toiCount;

            if (!minContact.isEnabled() || !minContact.isTouching()) {
                // Restore the sweeps.
                minContact.setEnabled(false);
                bA.m_sweep.set(backup1);
                bB.m_sweep.set(backup2);
                synchronizeTransform(bA);
                synchronizeTransform(bB);
                continue;
            }

            bA.setAwake(true);
            bB.setAwake(true);

            toi.clear();
            toi.add(bA);
            toi.add(bB);
            toi.add(minContact);
            bA.m_flags |= Body.e_islandFlag;
            bB.m_flags |= Body.e_islandFlag;
            minContact.m_flags |= Contact.ISLAND_FLAG;

            // Gather the static or bullet contacts of both bodies, advanced to the same time.
            pair[0] = bA;
            pair[1] = bB;
            for (int i = 0; i < 2; ++i) {
                final Body body = pair[i];
                if (body.m_type != BodyType.DYNAMIC) {
                    continue;
                }
                for (ContactEdge ce = body.m_contactList; ce != null; ce = ce.next) {
                    if (toi.m_bodyCount == toi.m_bodyCapacity || toi.m_contactCount == toi.m_contactCapacity) {
                        break;
                    }
                    final Contact contact = ce.contact;
                    if ((contact.m_flags & Contact.ISLAND_FLAG) != 0) {
                        continue;
                    }
                    final Body other = ce.other;
                    if (other.m_type == BodyType.DYNAMIC && !body.isBullet() && !other.isBullet()) {
                        continue;
                    }
                    if (contact.m_fixtureA.m_isSensor || contact.m_fixtureB.m_isSensor) {
                        continue;
                    }
                    backup1.set(other.m_sweep);
                    if ((other.m_flags & Body.e_islandFlag) == 0) {
                        advanceBody(other, minAlpha);
                    }
                    contact.update(m_contactManager.m_contactListener);
                    if (!contact.isEnabled() || !contact.isTouching()) {
                        other.m_sweep.set(backup1);
                        synchronizeTransform(other);
                        continue;
                    }
                    contact.m_flags |= Contact.ISLAND_FLAG;
                    toi.add(contact);
                    if ((other.m_flags & Body.e_islandFlag) != 0) {
                        continue;
                    }
                    other.m_flags |= Body.e_islandFlag;
                    if (other.m_type != BodyType.STATIC) {
                        other.setAwake(true);
                    }
                    toi.add(other);
                }
            }

            subStep.dt = (1.0f - minAlpha) * timeStep.dt;
            subStep.inv_dt = 1.0f / subStep.dt;
            subStep.dtRatio = 1.0f;
            subStep.positionIterations = 20;
            subStep.velocityIterations = timeStep.velocityIterations;
            subStep.warmStarting = false;
            solveIslandTimeOfImpact(toi, subStep, bA.m_islandIndex, bB.m_islandIndex);
            for (int i = 0; i < toi.m_bodyCount; ++i) {
                synchronizeTransform(toi.m_bodies[i]);
            }

            // Reset island flags and synchronize broad-phase proxies.
            for (int i = 0; i < toi.m_bodyCount; ++i) {
                final Body body = toi.m_bodies[i];
                body.m_flags &= ~Body.e_islandFlag;
                if (body.m_type != BodyType.DYNAMIC) {
                    continue;
                }
                synchronizeFixtures(body);
                for (ContactEdge ce = body.m_contactList; ce != null; ce = ce.next) {
                    ce.contact.m_flags &= ~(Contact.TOI_FLAG | Contact.ISLAND_FLAG);
                }
            }

            // Commit fixture proxy movements to the broad-phase so that new contacts are created.
            // Also, some contacts can be destroyed.
            m_contactManager.findNewContacts();

            if (isSubStepping()) {
                stepComplete = false;
                break;
            }
        }
    }

    /**
     * {@code b2Island::Solve}: integrates velocities (gravity, forces, damping), solves joints and contacts
     * (velocities, then positions), integrates positions and puts bodies to sleep, as Box2D 2.3 does.
     */
    private void solveIsland(final Island isl, final TimeStep timeStep) {
        final float h = timeStep.dt;
        final Vec2 gravity = getGravity();
        final Position[] positions = isl.m_positions;
        final Velocity[] velocities = isl.m_velocities;
        for (int i = 0; i < isl.m_bodyCount; ++i) {
            final Body b = isl.m_bodies[i];
            final Sweep sweep = b.m_sweep;
            float vx = b.m_linearVelocity.x;
            float vy = b.m_linearVelocity.y;
            float w = b.m_angularVelocity;
            sweep.c0.set(sweep.c);
            sweep.a0 = sweep.a;
            if (b.m_type == BodyType.DYNAMIC) {
                vx += h * (b.m_gravityScale * gravity.x + b.m_invMass * b.m_force.x);
                vy += h * (b.m_gravityScale * gravity.y + b.m_invMass * b.m_force.y);
                w += h * b.m_invI * b.m_torque;
                final float linearDamping = clamp(1.0f - h * b.m_linearDamping, 0.0f, 1.0f);
                vx *= linearDamping;
                vy *= linearDamping;
                w *= clamp(1.0f - h * b.m_angularDamping, 0.0f, 1.0f);
            }
            positions[i].c.set(sweep.c);
            positions[i].a = sweep.a;
            velocities[i].v.set(vx, vy);
            velocities[i].w = w;
        }

        solverData.step = timeStep;
        solverData.positions = positions;
        solverData.velocities = velocities;
        solverDef.step = timeStep;
        solverDef.contacts = isl.m_contacts;
        solverDef.count = isl.m_contactCount;
        solverDef.positions = positions;
        solverDef.velocities = velocities;
        solver.init(solverDef);
        solver.initializeVelocityConstraints();
        restoreBlockConstraints(solver, isl.m_contacts, isl.m_contactCount);
        if (timeStep.warmStarting) {
            solver.warmStart();
        }
        for (int i = 0; i < isl.m_jointCount; ++i) {
            isl.m_joints[i].initVelocityConstraints(solverData);
        }
        final boolean flat = flatSolvers && onlyRevoluteJoints(isl);
        if (flat) {
            solveFlatVelocities(isl, timeStep);
        } else {
            for (int i = 0; i < timeStep.velocityIterations; ++i) {
                for (int j = 0; j < isl.m_jointCount; ++j) {
                    isl.m_joints[j].solveVelocityConstraints(solverData);
                }
                solver.solveVelocityConstraints();
            }
        }
        solver.storeImpulses();

        for (int i = 0; i < isl.m_bodyCount; ++i) {
            integrate(positions[i], velocities[i], h);
        }

        boolean positionSolved = false;
        for (int i = 0; i < timeStep.positionIterations; ++i) {
            final boolean contactsOkay = solver.solvePositionConstraints();
            boolean jointsOkay = true;
            for (int j = 0; j < isl.m_jointCount; ++j) {
                final boolean jointOkay = flat ? revolutes[j].solvePosition(positions)
                    : isl.m_joints[j].solvePositionConstraints(solverData);
                jointsOkay = jointsOkay && jointOkay;
            }
            if (contactsOkay && jointsOkay) {
                positionSolved = true;
                break;
            }
        }

        for (int i = 0; i < isl.m_bodyCount; ++i) {
            final Body body = isl.m_bodies[i];
            body.m_sweep.c.set(positions[i].c);
            body.m_sweep.a = positions[i].a;
            body.m_linearVelocity.set(velocities[i].v);
            body.m_angularVelocity = velocities[i].w;
            synchronizeTransform(body);
        }
        report(isl, solver.m_velocityConstraints);

        if (isAllowSleep()) {
            float minSleepTime = Float.MAX_VALUE;
            final float linTolSqr = Settings.linearSleepTolerance * Settings.linearSleepTolerance;
            final float angTolSqr = Settings.angularSleepTolerance * Settings.angularSleepTolerance;
            for (int i = 0; i < isl.m_bodyCount; ++i) {
                final Body b = isl.m_bodies[i];
                if (b.getType() == BodyType.STATIC) {
                    continue;
                }
                if ((b.m_flags & Body.e_autoSleepFlag) == 0 || b.m_angularVelocity * b.m_angularVelocity > angTolSqr
                    || Vec2.dot(b.m_linearVelocity, b.m_linearVelocity) > linTolSqr) {
                    b.m_sleepTime = 0.0f;
                    minSleepTime = 0.0f;
                } else {
                    b.m_sleepTime += h;
                    minSleepTime = Math.min(minSleepTime, b.m_sleepTime);
                }
            }
            if (minSleepTime >= Settings.timeToSleep && positionSolved) {
                for (int i = 0; i < isl.m_bodyCount; ++i) {
                    isl.m_bodies[i].setAwake(false);
                }
            }
        }
    }

    /**
     * The velocity iterations of {@code b2Island::Solve} on the flat solvers: every joint, then every contact, in
     * island order, {@code velocityIterations} times; then the results go back into JBox2D's objects. (In a method
     * of its own, so that the JIT compiles this loop early and apart from the rest of the island solve.)
     */
    private void solveFlatVelocities(final Island isl, final TimeStep timeStep) {
        final int jointCount = isl.m_jointCount;
        if (revolutes.length < jointCount) {
            revolutes = grow(revolutes, jointCount);
        }
        for (int j = 0; j < jointCount; ++j) {
            revolutes[j].load((RevoluteJoint) isl.m_joints[j], timeStep.dt);
        }
        islandVelocities.load(isl.m_velocities, isl.m_bodyCount);
        contactVelocities.load(solver);
        for (int i = 0; i < timeStep.velocityIterations; ++i) {
            for (int j = 0; j < jointCount; ++j) {
                revolutes[j].solveVelocity(islandVelocities);
            }
            contactVelocities.solve(islandVelocities);
        }
        islandVelocities.store(isl.m_velocities, isl.m_bodyCount);
        contactVelocities.store(solver);
        for (int j = 0; j < jointCount; ++j) {
            revolutes[j].store((RevoluteJoint) isl.m_joints[j]);
        }
    }

    /**
     * The velocity iterations of {@code b2Island::SolveTOI} on the flat contact solver, stopped early at an exact
     * fixed point ({@link ContactFixedPoint}).
     */
    private void solveFlatTimeOfImpactVelocities(final Island toi, final int velocityIterations) {
        islandVelocities.load(toi.m_velocities, toi.m_bodyCount);
        contactVelocities.load(toiSolver);
        toiFixedPoint.start(islandVelocities, toi.m_bodyCount, contactVelocities);
        for (int i = 0; i < velocityIterations; ++i) {
            contactVelocities.solve(islandVelocities);
            if (toiFixedPoint.unchanged(islandVelocities, toi.m_bodyCount, contactVelocities)) {
                break;
            }
        }
        islandVelocities.store(toi.m_velocities, toi.m_bodyCount);
        contactVelocities.store(toiSolver);
    }

    private static boolean onlyRevoluteJoints(final Island isl) {
        for (int j = 0; j < isl.m_jointCount; ++j) {
            if (!(isl.m_joints[j] instanceof RevoluteJoint)) {
                return false;
            }
        }
        return true;
    }

    private static RevoluteJointSolver[] grow(final RevoluteJointSolver[] old, final int size) {
        final RevoluteJointSolver[] grown = Arrays.copyOf(old, size);
        for (int i = old.length; i < size; i++) {
            grown[i] = new RevoluteJointSolver();
        }
        return grown;
    }

    /**
     * JBox2D keeps a two-point contact's block solver only when its effective-mass matrix has a condition number
     * under 100 ({@code ContactSolver.k_maxConditionNumber}, a compile-time constant); Box2D 2.3 allows 1000. A
     * two-point constraint that JBox2D reduced to one point but Box2D would keep (which is every nearly flat foot
     * on the ground) gets its block matrix back here, as {@code b2ContactSolver::InitializeVelocityConstraints}
     * computes it.
     */
    private static void restoreBlockConstraints(final ContactSolver contactSolver, final Contact[] contacts,
                                                final int count) {
        for (int i = 0; i < count; ++i) {
            final ContactVelocityConstraint vc = contactSolver.m_velocityConstraints[i];
            if (vc.pointCount != 1 || contacts[vc.contactIndex].getManifold().pointCount != 2) {
                continue;
            }
            final ContactVelocityConstraint.VelocityConstraintPoint vcp1 = vc.points[0];
            final ContactVelocityConstraint.VelocityConstraintPoint vcp2 = vc.points[1];
            final float mA = vc.invMassA;
            final float mB = vc.invMassB;
            final float iA = vc.invIA;
            final float iB = vc.invIB;
            final float rn1A = Vec2.cross(vcp1.rA, vc.normal);
            final float rn1B = Vec2.cross(vcp1.rB, vc.normal);
            final float rn2A = Vec2.cross(vcp2.rA, vc.normal);
            final float rn2B = Vec2.cross(vcp2.rB, vc.normal);
            final float k11 = mA + mB + iA * rn1A * rn1A + iB * rn1B * rn1B;
            final float k22 = mA + mB + iA * rn2A * rn2A + iB * rn2B * rn2B;
            final float k12 = mA + mB + iA * rn1A * rn2A + iB * rn1B * rn2B;
            if (k11 * k11 < MAX_CONDITION_NUMBER * (k11 * k22 - k12 * k12)) {
                vc.K.ex.set(k11, k12);
                vc.K.ey.set(k12, k22);
                vc.K.invertToOut(vc.normalMass);
                vc.pointCount = 2;
            }
        }
    }

    /** Advances one body's position by its velocity, clamping the per-step translation and rotation. */
    private static void integrate(final Position position, final Velocity velocity, final float h) {
        final Vec2 v = velocity.v;
        float w = velocity.w;
        final float tx = h * v.x;
        final float ty = h * v.y;
        if (tx * tx + ty * ty > Settings.maxTranslationSquared) {
            final float ratio = Settings.maxTranslation / (float) Math.sqrt(tx * tx + ty * ty);
            v.x *= ratio;
            v.y *= ratio;
        }
        final float rotation = h * w;
        if (rotation * rotation > Settings.maxRotationSquared) {
            final float ratio = Settings.maxRotation / Math.abs(rotation);
            w *= ratio;
        }
        position.c.x += h * v.x;
        position.c.y += h * v.y;
        position.a += h * w;
        velocity.w = w;
    }

    private static float clamp(final float a, final float low, final float high) {
        return Math.max(low, Math.min(a, high));
    }

    /**
     * {@code b2Island::SolveTOI}: pushes the two impacting bodies out of penetration, then solves the island's contact
     * velocities (without warm starting) and integrates every body over the rest of the step.
     */
    private void solveIslandTimeOfImpact(final Island toi, final TimeStep sub, final int toiIndexA, final int toiIndexB) {
        final Position[] positions = toi.m_positions;
        final Velocity[] velocities = toi.m_velocities;
        for (int i = 0; i < toi.m_bodyCount; ++i) {
            final Body b = toi.m_bodies[i];
            positions[i].c.set(b.m_sweep.c);
            positions[i].a = b.m_sweep.a;
            velocities[i].v.set(b.m_linearVelocity);
            velocities[i].w = b.m_angularVelocity;
        }
        toiSolverDef.contacts = toi.m_contacts;
        toiSolverDef.count = toi.m_contactCount;
        toiSolverDef.step = sub;
        toiSolverDef.positions = positions;
        toiSolverDef.velocities = velocities;
        toiSolver.init(toiSolverDef);
        for (int i = 0; i < sub.positionIterations; ++i) {
            if (toiSolver.solveTOIPositionConstraints(toiIndexA, toiIndexB)) {
                break;
            }
        }
        // Leap of faith to the new safe state.
        toi.m_bodies[toiIndexA].m_sweep.c0.set(positions[toiIndexA].c);
        toi.m_bodies[toiIndexA].m_sweep.a0 = positions[toiIndexA].a;
        toi.m_bodies[toiIndexB].m_sweep.c0.set(positions[toiIndexB].c);
        toi.m_bodies[toiIndexB].m_sweep.a0 = positions[toiIndexB].a;

        toiSolver.initializeVelocityConstraints();
        restoreBlockConstraints(toiSolver, toi.m_contacts, toi.m_contactCount);
        if (flatSolvers) {
            solveFlatTimeOfImpactVelocities(toi, sub.velocityIterations);
        } else {
            for (int i = 0; i < sub.velocityIterations; ++i) {
                toiSolver.solveVelocityConstraints();
            }
        }

        final float h = sub.dt;
        for (int i = 0; i < toi.m_bodyCount; ++i) {
            final Vec2 c = positions[i].c;
            float a = positions[i].a;
            final Vec2 v = velocities[i].v;
            float w = velocities[i].w;

            // Clamp to the maximum translation and rotation per step.
            final float tx = h * v.x;
            final float ty = h * v.y;
            if (tx * tx + ty * ty > Settings.maxTranslationSquared) {
                final float ratio = Settings.maxTranslation / (float) Math.sqrt(tx * tx + ty * ty);
                v.x *= ratio;
                v.y *= ratio;
            }
            final float rotation = h * w;
            if (rotation * rotation > Settings.maxRotationSquared) {
                final float ratio = Settings.maxRotation / Math.abs(rotation);
                w *= ratio;
            }
            c.x += h * v.x;
            c.y += h * v.y;
            a += h * w;
            positions[i].a = a;
            velocities[i].w = w;

            final Body body = toi.m_bodies[i];
            body.m_sweep.c.set(c);
            body.m_sweep.a = a;
            body.m_linearVelocity.set(v);
            body.m_angularVelocity = w;
            synchronizeTransform(body);
        }
        report(toi, toiSolver.m_velocityConstraints);
    }

    /** {@code b2Island::Report}: hands each contact's solved impulses to the listener's {@code postSolve}. */
    private void report(final Island toi, final ContactVelocityConstraint[] constraints) {
        final ContactListener listener = m_contactManager.m_contactListener;
        if (listener == null) {
            return;
        }
        for (int i = 0; i < toi.m_contactCount; ++i) {
            final ContactVelocityConstraint vc = constraints[i];
            impulse.count = vc.pointCount;
            for (int j = 0; j < vc.pointCount; ++j) {
                impulse.normalImpulses[j] = vc.points[j].normalImpulse;
                impulse.tangentImpulses[j] = vc.points[j].tangentImpulse;
            }
            listener.postSolve(toi.m_contacts[i], impulse);
        }
    }

    /** {@code b2Sweep::Advance}: moves the sweep's start to {@code alpha} of the step, on its own time base. */
    private static void advanceSweep(final Sweep sweep, final float alpha) {
        final float beta = (alpha - sweep.alpha0) / (1.0f - sweep.alpha0);
        sweep.c0.x = (1.0f - beta) * sweep.c0.x + beta * sweep.c.x;
        sweep.c0.y = (1.0f - beta) * sweep.c0.y + beta * sweep.c.y;
        sweep.a0 = (1.0f - beta) * sweep.a0 + beta * sweep.a;
        sweep.alpha0 = alpha;
    }

    /** {@code b2Body::Advance}: puts the body at {@code alpha} of the step, without touching the broad phase. */
    private void advanceBody(final Body body, final float alpha) {
        final Sweep sweep = body.m_sweep;
        advanceSweep(sweep, alpha);
        sweep.c.set(sweep.c0);
        sweep.a = sweep.a0;
        synchronizeTransform(body);
    }

    /**
     * {@code b2Body::SynchronizeTransform}: {@code p = c - R(a)·localCenter}, rounded in Box2D's order (JBox2D's
     * own version adds the two products to {@code c} one at a time, which rounds differently when the centre of
     * mass is off the body origin, as the hull's is).
     */
    private void synchronizeTransform(final Body body) {
        final Sweep sweep = body.m_sweep;
        body.m_xf.q.set(sweep.a);
        Rot.mulToOutUnsafe(body.m_xf.q, sweep.localCenter, rotated);
        body.m_xf.p.x = sweep.c.x - rotated.x;
        body.m_xf.p.y = sweep.c.y - rotated.y;
    }

    /**
     * {@code b2Body::SynchronizeFixtures} and {@code b2Fixture::Synchronize}: moves each of the body's broad-phase
     * proxies to the box swept from the step's start transform to its end transform. Box2D re-inserts a proxy only
     * when that box leaves the proxy's fattened box; JBox2D's {@code DynamicTree.moveProxy} tests containment the
     * wrong way round ({@code AABB.contains} is true only when the new box strictly encloses the old one), so it
     * re-inserts nearly every proxy every step, re-centring the fattened box on the body. That changes when contacts
     * are created (a leg approaching the ground gets its contact a few steps earlier than in Box2D) and with it the
     * order of each body's contact list, which is the order the solver visits contacts in. The containment test is
     * done here as Box2D does it, and JBox2D is asked to move only the proxies Box2D would move.
     */
    private void synchronizeFixtures(final Body body) {
        final Sweep sweep = body.m_sweep;
        final Transform start = startTransform;
        start.q.set(sweep.a0);
        Rot.mulToOutUnsafe(start.q, sweep.localCenter, rotated);
        start.p.x = sweep.c0.x - rotated.x;
        start.p.y = sweep.c0.y - rotated.y;
        final Transform end = body.m_xf;
        displacement.x = end.p.x - start.p.x;
        displacement.y = end.p.y - start.p.y;
        final BroadPhase broadPhase = m_contactManager.m_broadPhase;
        for (Fixture f = body.getFixtureList(); f != null; f = f.getNext()) {
            for (int i = 0; i < f.m_proxyCount; ++i) {
                final FixtureProxy proxy = f.m_proxies[i];
                final int childIndex = (int) PROXY_CHILD_INDEX.get(proxy);
                f.m_shape.computeAABB(startBox, start, childIndex);
                f.m_shape.computeAABB(endBox, end, childIndex);
                final AABB swept = (AABB) PROXY_AABB.get(proxy);
                swept.combine(startBox, endBox);
                moveProxy(broadPhase, (int) PROXY_ID.get(proxy), swept);
            }
        }
    }

    /** {@code b2BroadPhase::MoveProxy} with Box2D's containment test (see {@link #synchronizeFixtures}). */
    private void moveProxy(final BroadPhase broadPhase, final int proxyId, final AABB box) {
        final AABB fat = broadPhase.getFatAABB(proxyId);
        if (fat.lowerBound.x <= box.lowerBound.x && fat.lowerBound.y <= box.lowerBound.y
            && box.upperBound.x <= fat.upperBound.x && box.upperBound.y <= fat.upperBound.y) {
            return;
        }
        if (fat.lowerBound.x > box.lowerBound.x && fat.lowerBound.y > box.lowerBound.y
            && box.upperBound.x > fat.upperBound.x && box.upperBound.y > fat.upperBound.y) {
            // JBox2D would keep the stale box here, Box2D re-inserts: shrink the fat box to a corner first (the
            // extra re-insertion and queued pair query change neither the proxy ids nor the pairs found).
            cornerBox.lowerBound.set(box.lowerBound);
            cornerBox.upperBound.set(box.lowerBound);
            broadPhase.moveProxy(proxyId, cornerBox, noDisplacement);
        }
        broadPhase.moveProxy(proxyId, box, displacement);
    }
}
