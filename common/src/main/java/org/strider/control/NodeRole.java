package org.strider.control;

/** The three roles of a run's nodes; also the Pekko cluster role names (lower case). */
public enum NodeRole {
    LEARNER,
    REPLAY,
    ACTOR;

    /** The cluster role name: {@code learner}, {@code replay} or {@code actor}. */
    public String roleName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
