package org.strider.env.box2d.bipedal;

import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.contacts.Contact;

/**
 * What the walker touches, as Gymnasium's {@code ContactDetector} records it: any contact that begins on the hull
 * ends the game, and each lower leg's ground flag is raised when one of its contacts begins and cleared when one
 * ends (so, as in Gymnasium, the flag follows the latest begin or end event, not a count of contacts).
 */
final class WalkerContacts implements ContactListener {
    private Body hull;
    private Body lowerLeft;
    private Body lowerRight;
    boolean gameOver;
    boolean leftGroundContact;
    boolean rightGroundContact;

    /** Watches a new walker; clears every flag. */
    void watch(final Body hull, final Body lowerLeft, final Body lowerRight) {
        this.hull = hull;
        this.lowerLeft = lowerLeft;
        this.lowerRight = lowerRight;
        gameOver = false;
        leftGroundContact = false;
        rightGroundContact = false;
    }

    @Override
    public void beginContact(final Contact contact) {
        final Body a = contact.getFixtureA().getBody();
        final Body b = contact.getFixtureB().getBody();
        if (a == hull || b == hull) {
            gameOver = true;
        }
        if (a == lowerLeft || b == lowerLeft) {
            leftGroundContact = true;
        }
        if (a == lowerRight || b == lowerRight) {
            rightGroundContact = true;
        }
    }

    @Override
    public void endContact(final Contact contact) {
        final Body a = contact.getFixtureA().getBody();
        final Body b = contact.getFixtureB().getBody();
        if (a == lowerLeft || b == lowerLeft) {
            leftGroundContact = false;
        }
        if (a == lowerRight || b == lowerRight) {
            rightGroundContact = false;
        }
    }

    @Override
    public void preSolve(final Contact contact, final Manifold oldManifold) {
    }

    @Override
    public void postSolve(final Contact contact, final ContactImpulse impulse) {
    }
}
