package org.strider.learner.cluster;

import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.strider.control.CoordinatorLink;
import org.strider.control.CoordinatorProtocol;
import org.strider.control.Endpoint;
import org.strider.control.NodeProtocol;
import org.strider.control.NodeRole;

/**
 * The replay role's control side: finds the coordinator, joins offering its insert and request streams, and on
 * {@link NodeProtocol.Welcome} starts its shard service (the replay buffer and rate limiter behind those streams)
 * with the run's settings; reports the shard's counters every {@code reportEvery}; stops the service on
 * {@link NodeProtocol.StopRun} or when the node stops. When the learner dies the shard keeps its data and goes on
 * (its limiter holds inserts back once nobody samples); it joins a restarted learner's coordinator as the same shard.
 */
public final class ReplayNode extends AbstractBehavior<NodeProtocol.Command> {
    /** A running shard as its node sees it. */
    public interface Service extends AutoCloseable {
        CoordinatorProtocol.ShardReport report();

        @Override
        void close();
    }

    private final String nodeId;
    private final Endpoint inserts;
    private final Endpoint requests;
    private final Function<NodeProtocol.Welcome, Service> services;
    private final Duration reportEvery;
    private final TimerScheduler<NodeProtocol.Command> timers;
    private final CoordinatorLink link;
    private Service service;
    /** What the service was started with: its shard id and the stream its replies go to. */
    private NodeProtocol.Welcome served;

    private ReplayNode(final ActorContext<NodeProtocol.Command> context,
        final TimerScheduler<NodeProtocol.Command> timers, final String nodeId, final Endpoint inserts,
        final Endpoint requests, final Function<NodeProtocol.Welcome, Service> services, final Duration reportEvery) {
        super(context);
        this.timers = timers;
        this.nodeId = nodeId;
        this.inserts = inserts;
        this.requests = requests;
        this.services = services;
        this.reportEvery = reportEvery;
        this.link = new CoordinatorLink(context, nodeId, NodeRole.REPLAY, new Endpoint[] {inserts, requests});
    }

    /**
     * @param inserts  the stream this node reads transitions on (it binds it)
     * @param requests the stream this node reads sample requests on
     * @param services starts the shard service for a welcome (its index is the shard id)
     */
    public static Behavior<NodeProtocol.Command> create(final String nodeId, final Endpoint inserts,
        final Endpoint requests, final Function<NodeProtocol.Welcome, Service> services, final Duration reportEvery) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ReplayNode(ctx, timers, nodeId, inserts,
            requests, services, reportEvery)));
    }

    @Override
    public Receive<NodeProtocol.Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(NodeProtocol.CoordinatorListing.class, this::onListing)
            .onMessage(NodeProtocol.Welcome.class, this::onWelcome)
            .onMessage(NodeProtocol.ShardsChanged.class, m -> this)
            .onMessageEquals(NodeProtocol.ReportTick.INSTANCE, () -> {
                report();
                return this;
            })
            .onMessage(NodeProtocol.StopRun.class, m -> {
                getContext().getLog().info("replay node {} stopping: {}", nodeId, m.reason());
                return Behaviors.stopped();
            })
            .onMessage(NodeProtocol.RunOver.class, m -> {
                getContext().getLog().info("replay node {}: run over ({})", nodeId, m.reason());
                return Behaviors.stopped();
            })
            .onSignal(PostStop.class, s -> {
                if (service != null) {
                    report();
                    service.close();
                }
                return this;
            })
            .build();
    }

    private Behavior<NodeProtocol.Command> onListing(final NodeProtocol.CoordinatorListing m) {
        link.onListing(m, served == null ? -1 : served.index(), 0);
        return this;
    }

    private Behavior<NodeProtocol.Command> onWelcome(final NodeProtocol.Welcome w) {
        if (service == null) {
            service = services.apply(w);
            served = w;
            timers.startTimerWithFixedDelay(NodeProtocol.ReportTick.INSTANCE, reportEvery);
            getContext().getLog().info("replay node {} serves shard {}", nodeId, w.index());
            return this;
        }
        // Welcomed again: the learner died and a restarted one took over. The shard goes on with what it holds and
        // its limiter's counts, as long as its id and the learner's reply stream are the ones it serves.
        if (w.run().runId() != served.run().runId() || w.index() != served.index()
            || !w.sampleReplies().equals(served.sampleReplies())) {
            getContext().getLog().warn("replay node {} stopping: the run's new coordinator welcomed it to run {} as "
                + "shard {} replying on {}, but it serves run {} as shard {} replying on {}", nodeId, w.run().runId(),
                w.index(), w.sampleReplies(), served.run().runId(), served.index(), served.sampleReplies());
            return Behaviors.stopped();
        }
        getContext().getLog().info("replay node {} serves shard {} for the run's new coordinator ({} inserted so far)",
            nodeId, w.index(), service.report().inserted());
        return this;
    }

    private void report() {
        if (service != null) {
            link.tell(service.report());
        }
    }
}
