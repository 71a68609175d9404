package org.strider.learner.cluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.strider.control.CoordinatorProtocol;
import org.strider.control.NodeProtocol;
import org.strider.control.NodeRefs;
import org.strider.control.RunSpec;
import org.strider.control.ShardInfo;

/**
 * The run's coordinator, on the learner node: registers with the receptionist, admits nodes (a shard gets the
 * lowest free shard id, an actor the next actor id), tells every node the run's settings and endpoints, watches
 * them, tells actors when the set of shards changes, and ends the run by stopping every node. A node that leaves
 * or is downed is removed and the run goes on; a node that joins mid-run gets the same {@link RunSpec} and,
 * through {@link RunHooks#actorJoined}, the current weights.
 *
 * <p>A coordinator started by a restarted learner (the old one died with its learner) admits the nodes that
 * survived under their old indices ({@link CoordinatorProtocol.Join#rejoin()}); a rejoin whose index another node
 * took meanwhile is refused with {@link NodeProtocol.StopRun}.
 */
public final class Coordinator extends AbstractBehavior<CoordinatorProtocol.Command> {
    private final RunSpec run;
    private final RunHooks hooks;
    private final Map<String, ShardInfo> shards = new LinkedHashMap<>();
    private final Map<String, Integer> actors = new LinkedHashMap<>();
    private final Map<String, ActorRef<NodeProtocol.Command>> refs = new LinkedHashMap<>();
    private final BitSet shardIds = new BitSet();
    /** Each admitted actor's latest report, kept so that an actor that dies is accounted for when removed. */
    private final Map<Integer, CoordinatorProtocol.ActorReport> lastReports = new LinkedHashMap<>();
    private int nextActorId;

    private Coordinator(final ActorContext<CoordinatorProtocol.Command> context, final RunSpec run,
        final RunHooks hooks, final int firstActorId) {
        super(context);
        this.run = run;
        this.hooks = hooks;
        this.nextActorId = firstActorId;
        context.getSystem().receptionist().tell(Receptionist.register(CoordinatorProtocol.KEY, context.getSelf()));
    }

    public static Behavior<CoordinatorProtocol.Command> create(final RunSpec run, final RunHooks hooks) {
        return create(run, hooks, 0);
    }

    /** A coordinator numbering new actors from {@code firstActorId} (a resumed run's: above every id used before). */
    public static Behavior<CoordinatorProtocol.Command> create(final RunSpec run, final RunHooks hooks,
        final int firstActorId) {
        if (firstActorId < 0) {
            throw new IllegalArgumentException("first actor id must be >= 0, got " + firstActorId);
        }
        return Behaviors.setup(ctx -> new Coordinator(ctx, run, hooks, firstActorId));
    }

    @Override
    public Receive<CoordinatorProtocol.Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(CoordinatorProtocol.Join.class, this::onJoin)
            .onMessage(CoordinatorProtocol.NodeLeft.class, this::onLeft)
            .onMessage(CoordinatorProtocol.ActorReport.class, this::onActorReport)
            .onMessage(CoordinatorProtocol.ShardReport.class, r -> {
                hooks.shardReport(r);
                return this;
            })
            .onMessage(CoordinatorProtocol.Finish.class, this::onFinish)
            .build();
    }

    private Behavior<CoordinatorProtocol.Command> onJoin(final CoordinatorProtocol.Join join) {
        if (refs.containsKey(join.nodeRef())) {
            return this;
        }
        final ActorRef<NodeProtocol.Command> node;
        try {
            node = NodeRefs.resolve(getContext().getSystem(), join.nodeRef());
        } catch (final RuntimeException e) {
            getContext().getLog().warn("ignoring join of {} with an unresolvable reference {}: {}", join.nodeId(),
                join.nodeRef(), e.getMessage());
            return this;
        }
        switch (join.role()) {
            case REPLAY -> {
                if (join.endpoints().length != 2) {
                    getContext().getLog().warn("ignoring replay node {}: it offered {} endpoints, expected inserts and "
                        + "requests", join.nodeId(), join.endpoints().length);
                    return this;
                }
                if (join.rejoin() && shardIds.get(join.index())) {
                    refuse(join, node, "shard id " + join.index() + " is taken by another replay node");
                    return this;
                }
                // A shard that served this run under an earlier coordinator keeps its id: its reply stream and
                // the actors' routing are built on it.
                final int id = join.rejoin() ? join.index() : shardIds.nextClearBit(0);
                shardIds.set(id);
                final ShardInfo info = new ShardInfo(id, join.endpoints()[0], join.endpoints()[1]);
                shards.put(join.nodeRef(), info);
                admit(join, node);
                node.tell(new NodeProtocol.Welcome(run, id, shardArray(), hooks.weights(), hooks.sampleReplies(id),
                    hooks.weightsVersion()));
                hooks.shardJoined(info, join.nodeRef());
                getContext().getLog().info("replay node {} {} as shard {} ({} shards)", join.nodeId(),
                    join.rejoin() ? "rejoined" : "joined", id, shards.size());
                announceShards();
            }
            case ACTOR -> {
                if (join.rejoin() && actors.containsValue(join.index())) {
                    refuse(join, node, "actor id " + join.index() + " is taken by another actor node");
                    return this;
                }
                // An actor that acted for this run under an earlier coordinator keeps its id (its frames, sequence
                // numbers and seeds carry it); new actors are numbered above every id seen.
                final int id = join.rejoin() ? join.index() : nextActorId;
                nextActorId = Math.max(nextActorId, id + 1);
                actors.put(join.nodeRef(), id);
                admit(join, node);
                node.tell(new NodeProtocol.Welcome(run, id, shardArray(), hooks.weights(), null,
                    hooks.weightsVersion()));
                hooks.actorJoined(id, join.weightsVersion());
                if (join.rejoin()) {
                    getContext().getLog().info("actor node {} rejoined as actor {} ({} actors), holding weights "
                        + "version {}", join.nodeId(), id, actors.size(), join.weightsVersion());
                } else {
                    getContext().getLog().info("actor node {} joined as actor {} ({} actors)", join.nodeId(), id,
                        actors.size());
                }
            }
            case LEARNER -> getContext().getLog().warn("ignoring a second learner {}: a run has one", join.nodeId());
        }
        return this;
    }

    /** A rejoining node whose index another node holds now cannot take part: it is told to leave. */
    private void refuse(final CoordinatorProtocol.Join join, final ActorRef<NodeProtocol.Command> node,
        final String why) {
        getContext().getLog().warn("refusing {} node {}: {}", join.role().roleName(), join.nodeId(), why);
        node.tell(new NodeProtocol.StopRun("refused by the run's coordinator: " + why));
    }

    private void admit(final CoordinatorProtocol.Join join, final ActorRef<NodeProtocol.Command> node) {
        refs.put(join.nodeRef(), node);
        getContext().watchWith(node, new CoordinatorProtocol.NodeLeft(join.nodeRef()));
    }

    private Behavior<CoordinatorProtocol.Command> onActorReport(final CoordinatorProtocol.ActorReport report) {
        if (actors.containsValue(report.actorId())) {
            lastReports.put(report.actorId(), report);
        }
        hooks.actorReport(report);
        return this;
    }

    private Behavior<CoordinatorProtocol.Command> onLeft(final CoordinatorProtocol.NodeLeft left) {
        refs.remove(left.nodeRef());
        final ShardInfo shard = shards.remove(left.nodeRef());
        if (shard != null) {
            shardIds.clear(shard.shardId());
            hooks.shardLeft(shard.shardId());
            getContext().getLog().info("shard {} left ({} shards)", shard.shardId(), shards.size());
            announceShards();
        }
        final Integer actor = actors.remove(left.nodeRef());
        if (actor != null) {
            // A node that was killed sent no final report: what it produced after this one never reached replay,
            // and what it published after it (or that was still in flight) may not have either.
            final CoordinatorProtocol.ActorReport last = lastReports.remove(actor);
            getContext().getLog().info("actor {} left ({} actors); its last report: {} produced, {} published, {} "
                + "dropped", actor, actors.size(), last == null ? 0 : last.produced(),
                last == null ? 0 : last.published(), last == null ? 0 : last.dropped());
        }
        return this;
    }

    private Behavior<CoordinatorProtocol.Command> onFinish(final CoordinatorProtocol.Finish finish) {
        getContext().getLog().info("run finished: {}; stopping {} nodes", finish.reason(), refs.size());
        final NodeProtocol.RunOver stop = new NodeProtocol.RunOver(finish.reason());
        // Actors first, so nothing is left waiting on a shard that is already gone.
        for (final Map.Entry<String, ActorRef<NodeProtocol.Command>> e : refs.entrySet()) {
            if (actors.containsKey(e.getKey())) {
                e.getValue().tell(stop);
            }
        }
        for (final Map.Entry<String, ActorRef<NodeProtocol.Command>> e : refs.entrySet()) {
            if (shards.containsKey(e.getKey())) {
                e.getValue().tell(stop);
            }
        }
        return this;
    }

    private void announceShards() {
        final NodeProtocol.ShardsChanged changed = new NodeProtocol.ShardsChanged(shardArray());
        for (final Map.Entry<String, Integer> e : actors.entrySet()) {
            refs.get(e.getKey()).tell(changed);
        }
    }

    private ShardInfo[] shardArray() {
        final List<ShardInfo> list = new ArrayList<>(shards.values());
        list.sort((a, b) -> Integer.compare(a.shardId(), b.shardId()));
        return list.toArray(new ShardInfo[0]);
    }
}
