package org.strider.control;

import org.apache.pekko.actor.typed.receptionist.Receptionist;

/** What the coordinator tells a node (learner-side coordinator → replay and actor nodes). */
public final class NodeProtocol {
    private NodeProtocol() {
    }

    /** Every message a node actor accepts. */
    public sealed interface Command extends ControlMessage
        permits Welcome, ShardsChanged, StopRun, RunOver, CoordinatorListing, ReportTick {
    }

    /**
     * Admission: the run, the node's index (shard id or actor id), the shards, the weights stream to subscribe
     * to, the stream a shard sends its sample replies to, and the newest weight version already published.
     */
    public record Welcome(RunSpec run, int index, ShardInfo[] shards, Endpoint weights, Endpoint sampleReplies,
        long weightsVersion) implements Command {
    }

    /** The set of live shards changed (one joined or left): actors re-route their transitions. */
    public record ShardsChanged(ShardInfo[] shards) implements Command {
    }

    /** The node is being removed while the run goes on: flush what it holds (an actor its last frame) and leave. */
    public record StopRun(String reason) implements Command {
    }

    /** The run is over: stop and leave at once; nobody will take what is still unsent (it is counted as dropped). */
    public record RunOver(String reason) implements Command {
    }

    /** Local only (never serialized): the receptionist's answer about the coordinator. */
    public record CoordinatorListing(Receptionist.Listing listing) implements Command {
    }

    /** Local only (never serialized): time to send the coordinator a report. */
    public enum ReportTick implements Command {
        INSTANCE
    }
}
