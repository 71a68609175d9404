package org.strider.control;

import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/** What nodes tell the run's coordinator, which lives on the learner node. */
public final class CoordinatorProtocol {
    /** The receptionist key the coordinator registers under; nodes subscribe to it to find the run. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "strider-coordinator");

    private CoordinatorProtocol() {
    }

    /** Every message the coordinator accepts. */
    public sealed interface Command extends ControlMessage
        permits Join, ActorReport, ShardReport, NodeLeft, Finish {
    }

    /**
     * A node asks to take part. {@code nodeRef} is the node actor's serialized reference (replies go there and the
     * coordinator watches it); {@code endpoints} are the streams the node offers: a replay node its inserts and
     * requests streams, in that order; the others none.
     *
     * <p>A node that a previous coordinator welcomed (its learner died and a restarted one took over) joins again
     * with the {@code index} it was given (shard id or actor id; -1 for a new node), since its streams, frames and
     * seeds were built for that index, and an actor with the newest {@code weightsVersion} it holds (0: none), so the
     * new learner numbers its versions above it (actors ignore versions at or below the one they hold).
     */
    public record Join(String nodeId, NodeRole role, String nodeRef, Endpoint[] endpoints, int index,
        long weightsVersion) implements Command {
        /** A new node's join: no index yet, no weights. */
        public Join(final String nodeId, final NodeRole role, final String nodeRef, final Endpoint[] endpoints) {
            this(nodeId, role, nodeRef, endpoints, -1, 0);
        }

        /** Whether the node was welcomed by an earlier coordinator of the run and keeps its index. */
        public boolean rejoin() {
            return index >= 0;
        }
    }

    /** An actor node's progress since it started; sent every few seconds and when it stops. */
    public record ActorReport(int actorId, long envSteps, long episodes, double lastReturn, double meanReturn,
        double stepsPerSecond, long produced, long published, long dropped, long policyVersion,
        double[] recentReturns, int[] recentLengths) implements Command {
    }

    /** A replay shard's counters; sent every few seconds. */
    public record ShardReport(int shardId, long size, long inserted, long rejected, long samples,
        long insertBlocked, long sampleBlocked) implements Command {
    }

    /** Local only (never serialized): a watched node stopped or became unreachable and was removed. */
    public record NodeLeft(String nodeRef) implements Command {
    }

    /** Local only (never serialized): the run is over (its steps are done, or it was interrupted); stop every node. */
    public record Finish(String reason) implements Command {
    }
}
