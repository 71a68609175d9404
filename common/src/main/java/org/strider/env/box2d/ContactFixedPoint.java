package org.strider.env.box2d;

import java.util.Arrays;

/**
 * Recognises when the contact velocity iterations of a time-of-impact sub-step have reached a fixed point: one
 * iteration of {@link ContactVelocitySolver#solve} is a function of the island's velocities and the contacts'
 * accumulated impulses alone, so once an iteration leaves all of them unchanged to the bit, every further iteration
 * would too, and the remaining ones can be skipped without changing any result. Box2D runs all of them
 * ({@code b2Island::SolveTOI}); most sub-steps get there within 20 of their 180.
 */
final class ContactFixedPoint {
    private int[] previous = new int[0];
    private int[] current = new int[0];
    private int size;

    /** Records the state before the first iteration. */
    void start(final IslandVelocities velocities, final int bodyCount, final ContactVelocitySolver contacts) {
        size = 3 * bodyCount + contacts.impulseCount();
        if (previous.length < size) {
            previous = new int[size];
            current = new int[size];
        }
        contacts.copyImpulseBits(previous, velocities.copyBits(previous, 0, bodyCount));
    }

    /** Records the state after an iteration: true when it is the state recorded last, bit for bit. */
    boolean unchanged(final IslandVelocities velocities, final int bodyCount, final ContactVelocitySolver contacts) {
        contacts.copyImpulseBits(current, velocities.copyBits(current, 0, bodyCount));
        final boolean same = Arrays.equals(previous, 0, size, current, 0, size);
        final int[] swap = previous;
        previous = current;
        current = swap;
        return same;
    }
}
