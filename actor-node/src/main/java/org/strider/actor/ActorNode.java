package org.strider.actor;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
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
import org.strider.control.ShardInfo;
import org.strider.random.Seeds;

/**
 * The actor role's control side: finds the run's coordinator through the receptionist, joins, and on
 * {@link NodeProtocol.Welcome} starts a {@link RolloutLoop} on its own thread with the run's settings; re-routes
 * it when shards change, reports its progress every {@code reportEvery}, and stops the loop (flushing its last
 * frame and sending a final report) on {@link NodeProtocol.StopRun} or when the node stops. When the learner dies
 * the loop goes on with the weights it holds (blocked by its shard's back-pressure once nobody samples), and the
 * node joins a restarted learner's coordinator under the same id.
 */
public final class ActorNode extends AbstractBehavior<NodeProtocol.Command> {
    /** How long a stopping node waits for its last frame to be taken before it drops it. */
    private static final long STOP_GRACE_MS = 10_000;

    private final String nodeId;
    private final BiFunction<NodeProtocol.Welcome, BooleanSupplier, ActorDataPlane> planes;
    private final Duration reportEvery;
    private final TimerScheduler<NodeProtocol.Command> timers;
    private final RolloutStats stats;
    private final CoordinatorLink link;
    private volatile RolloutLoop loop;
    /** The shard the loop was last routed to (null before the first). */
    private ShardInfo routedTo;
    private Thread thread;
    private int actorId = -1;
    /** The first welcome, which the loop was built from. */
    private NodeProtocol.Welcome welcome;
    private volatile boolean abandoned;
    private long reportedEpisodes;
    private long lastReportSteps;
    private long lastReportNanos = System.nanoTime();

    private ActorNode(final ActorContext<NodeProtocol.Command> context,
        final TimerScheduler<NodeProtocol.Command> timers, final String nodeId,
        final BiFunction<NodeProtocol.Welcome, BooleanSupplier, ActorDataPlane> planes, final Duration reportEvery,
        final RolloutStats stats) {
        super(context);
        this.stats = stats;
        this.timers = timers;
        this.nodeId = nodeId;
        this.planes = planes;
        this.reportEvery = reportEvery;
        this.link = new CoordinatorLink(context, nodeId, NodeRole.ACTOR, new Endpoint[0]);
    }

    /**
     * @param planes builds the node's data plane (Aeron publications and the weight subscription) for the run;
     *               its waits end once the supplier turns false
     * @param stats  the node's counters, filled by its rollout loop (for metrics and tests)
     */
    public static Behavior<NodeProtocol.Command> create(final String nodeId,
        final BiFunction<NodeProtocol.Welcome, BooleanSupplier, ActorDataPlane> planes, final Duration reportEvery,
        final RolloutStats stats) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ActorNode(ctx, timers, nodeId, planes,
            reportEvery, stats)));
    }

    @Override
    public Receive<NodeProtocol.Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(NodeProtocol.CoordinatorListing.class, this::onListing)
            .onMessage(NodeProtocol.Welcome.class, this::onWelcome)
            .onMessage(NodeProtocol.ShardsChanged.class, m -> {
                route(m.shards());
                return this;
            })
            .onMessageEquals(NodeProtocol.ReportTick.INSTANCE, () -> {
                report();
                return this;
            })
            .onMessage(NodeProtocol.StopRun.class, m -> {
                getContext().getLog().info("actor {} stopping: {}", nodeId, m.reason());
                return Behaviors.stopped();
            })
            .onMessage(NodeProtocol.RunOver.class, m -> {
                getContext().getLog().info("actor {}: run over ({})", nodeId, m.reason());
                // Stop stepping first: a loop still running once its waits are abandoned would make (and drop, counted)
                // frames as fast as the env steps until PostStop stops it; thousands of transitions after the run.
                if (loop != null) {
                    loop.stop();
                }
                abandoned = true; // no shard will take the last frame now: drop it (counted) instead of waiting
                return Behaviors.stopped();
            })
            .onSignal(PostStop.class, s -> {
                stopLoop();
                return this;
            })
            .build();
    }

    private Behavior<NodeProtocol.Command> onListing(final NodeProtocol.CoordinatorListing m) {
        link.onListing(m, actorId, stats.policyVersion());
        return this;
    }

    private Behavior<NodeProtocol.Command> onWelcome(final NodeProtocol.Welcome w) {
        if (loop != null) {
            return onWelcomeAgain(w);
        }
        welcome = w;
        actorId = w.index();
        // The publisher waits out back-pressure until the node gives up on a graceful stop (see stopLoop), so the
        // last frame of a stopping actor still reaches its shard.
        // ...and gives up on it when the node is re-routed: the loop then offers the frame to the new shard.
        final ActorDataPlane plane = planes.apply(w, () -> !abandoned && (loop == null || !loop.reroutePending()));
        // Lockstep: the trainer's streams from the run seed itself; the warm-up is what the shard's min size leaves.
        loop = w.run().lockstep()
            ? RolloutLoop.lockstep(actorId, w.run().rollout(), w.run().seed(), w.run().minSizeToSample() - 1, plane,
                stats, Long.MAX_VALUE)
            : new RolloutLoop(actorId, w.run().rollout(), Seeds.derive(Seeds.derive(w.run().seed(), 100), actorId),
                plane, stats, Long.MAX_VALUE);
        route(w.shards());
        thread = new Thread(() -> {
            try {
                loop.run();
            } finally {
                plane.close();
            }
        }, "strider-rollout-" + actorId);
        thread.setDaemon(true);
        thread.start();
        timers.startTimerWithFixedDelay(NodeProtocol.ReportTick.INSTANCE, reportEvery);
        getContext().getLog().info("actor {} joined as actor {} on {} ×{}", nodeId, actorId,
            w.run().rollout().envId(), w.run().rollout().envsPerActor());
        return this;
    }

    /**
     * Welcomed by the coordinator of a restarted learner: the loop goes on under the same id, re-routed to the shards
     * that coordinator knows; the new learner's weights arrive on the same stream with higher versions (see
     * {@link CoordinatorProtocol.Join}). A welcome to another run, or under another id or weight stream, cannot be
     * followed without a new loop: the node leaves instead.
     */
    private Behavior<NodeProtocol.Command> onWelcomeAgain(final NodeProtocol.Welcome w) {
        if (w.run().runId() != welcome.run().runId() || w.index() != actorId
            || !w.weights().equals(welcome.weights())) {
            getContext().getLog().warn("actor {} stopping: the run's new coordinator welcomed it to run {} as actor {} "
                + "with weights on {}, but it acts for run {} as actor {} with weights on {}", nodeId,
                w.run().runId(), w.index(), w.weights(), welcome.run().runId(), actorId, welcome.weights());
            return Behaviors.stopped();
        }
        route(w.shards());
        getContext().getLog().info("actor {} acts as actor {} for the run's new coordinator (holding weights version "
            + "{})", nodeId, actorId, stats.policyVersion());
        return this;
    }

    private void route(final ShardInfo[] shards) {
        if (loop != null && shards.length > 0) {
            final ShardInfo shard = shards[Math.floorMod(actorId, shards.length)];
            // Same shard as before (another shard joined or left): keep the stream. A new publication would close
            // the old one with frames still in its windows, and those would be lost (sequence gaps at the shard).
            if (!shard.equals(routedTo)) {
                routedTo = shard;
                loop.route(shard);
            }
        }
    }

    private void report() {
        if (!link.connected() || actorId < 0) {
            return;
        }
        final long now = System.nanoTime();
        final long steps = stats.produced();
        final double rate = (steps - lastReportSteps) / Math.max(1e-9, (now - lastReportNanos) / 1e9);
        lastReportSteps = steps;
        lastReportNanos = now;
        final RolloutStats.Recent recent = stats.drainRecent(reportedEpisodes);
        reportedEpisodes = recent.next();
        double mean = Double.NaN;
        if (recent.returns().length > 0) {
            double sum = 0;
            for (final double r : recent.returns()) {
                sum += r;
            }
            mean = sum / recent.returns().length;
        }
        link.tell(new CoordinatorProtocol.ActorReport(actorId, steps, stats.episodes(), stats.lastReturn(),
            mean, rate, steps, stats.published(), stats.dropped(), stats.policyVersion(), recent.returns(),
            recent.lengths()));
    }

    private void stopLoop() {
        if (loop == null) {
            return;
        }
        loop.stop();
        try {
            thread.join(STOP_GRACE_MS);
            if (thread.isAlive()) {
                getContext().getLog().warn("actor {}: its last frame found no room in {} ms; dropping it", actorId,
                    STOP_GRACE_MS);
                abandoned = true;
                thread.join(STOP_GRACE_MS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        report();
    }
}
