package org.strider.learner.cluster;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.strider.control.CoordinatorProtocol;
import org.strider.learner.td3.Td3Metrics;
import org.strider.learner.train.Evaluation;
import org.strider.wire.RejectCounters;
import org.strider.wire.RejectReason;

/**
 * The learner's {@code strider_learner_*} meters. It is the run's {@link RunMonitor} in front of another one (every
 * call is passed on): it keeps the last update's losses, the newest weight version and each actor's reported policy
 * version, which gauges read when scraped; {@link #bind} adds the node's counters (update time, skipped weights,
 * dropped sample replies). Tags: {@code role="learner"}, plus {@code actor} (the coordinator's actor id) on per-actor
 * series and {@code reason} on drops.
 */
public final class LearnerMetrics extends ForwardingRunMonitor {
    /** Episodes the return gauges summarise. */
    public static final int RETURNS_WINDOW = 100;

    private final MeterRegistry registry;
    private final Tags tags = Tags.of("role", "learner");
    private final Map<Integer, ActorSeen> actors = new ConcurrentHashMap<>();
    /** The last {@link #RETURNS_WINDOW} episode returns the actors reported (a ring; guarded by itself). */
    private final double[] returns = new double[RETURNS_WINDOW];
    private long episodes;
    private volatile long weightsVersion;
    private volatile long envSteps;
    private volatile double q1Loss = Double.NaN;
    private volatile double q2Loss = Double.NaN;
    private volatile double actorLoss = Double.NaN;
    private volatile double meanQ = Double.NaN;
    private volatile double tdError = Double.NaN;
    private volatile double evalReturn = Double.NaN;

    /** What the latest report of one actor said. */
    private static final class ActorSeen {
        final AtomicLong policyVersion = new AtomicLong();
        final AtomicLong envSteps = new AtomicLong();
    }

    public LearnerMetrics(final MeterRegistry registry, final RunMonitor next) {
        super(next);
        this.registry = registry;
        Gauge.builder("strider.learner.env.steps", this, m -> m.envSteps).tags(tags)
            .description("transitions the shards have inserted, as the learner last saw (the run's step count)")
            .register(registry);
        Gauge.builder("strider.learner.weights.version", this, m -> m.weightsVersion).tags(tags)
            .description("newest weight version published").register(registry);
        Gauge.builder("strider.learner.q1.loss", this, m -> m.q1Loss).tags(tags)
            .description("critic 1 MSE of the last update (DQN: the Q network's loss)").register(registry);
        Gauge.builder("strider.learner.q2.loss", this, m -> m.q2Loss).tags(tags)
            .description("critic 2 MSE of the last update (0 for DDPG)").register(registry);
        Gauge.builder("strider.learner.actor.loss", this, m -> m.actorLoss).tags(tags)
            .description("-mean Q1(s, pi(s)) of the last actor step").register(registry);
        Gauge.builder("strider.learner.mean.q", this, m -> m.meanQ).tags(tags)
            .description("mean Q1(s, a) over the last batch").register(registry);
        Gauge.builder("strider.learner.td.error", this, m -> m.tdError).tags(tags)
            .description("mean |Q1(s, a) - y| over the last batch").register(registry);
        Gauge.builder("strider.learner.eval.return.mean", this, m -> m.evalReturn).tags(tags)
            .description("mean return of the last evaluation (NaN before the first)").register(registry);
        // Gauges, not a DistributionSummary: Micrometer's summaries drop negative amounts, and returns often are.
        FunctionCounter.builder("strider.learner.episodes", this, LearnerMetrics::episodes).tags(tags)
            .description("episodes the actors reported finished").register(registry);
        Gauge.builder("strider.learner.episode.return.mean", this, m -> m.returns(Stat.MEAN)).tags(tags)
            .description("mean return of the last " + RETURNS_WINDOW + " episodes reported").register(registry);
        Gauge.builder("strider.learner.episode.return.min", this, m -> m.returns(Stat.MIN)).tags(tags)
            .description("lowest return of the last " + RETURNS_WINDOW + " episodes reported").register(registry);
        Gauge.builder("strider.learner.episode.return.max", this, m -> m.returns(Stat.MAX)).tags(tags)
            .description("highest return of the last " + RETURNS_WINDOW + " episodes reported").register(registry);
    }

    /**
     * Binds {@code node}'s counters: update count and time ({@code strider_learner_update_seconds_count/_sum}),
     * weight versions skipped, and sample replies dropped per reason by {@code source}'s codec (null: none).
     */
    public void bind(final LearnerNode node, final AeronBatchSource source) {
        FunctionTimer.builder("strider.learner.update", node, LearnerNode::updates, LearnerNode::updateNanos,
            TimeUnit.NANOSECONDS).tags(tags).description("TD3 updates and their wall time (the step, not the wait "
                + "for a batch)").register(registry);
        FunctionCounter.builder("strider.learner.weights.skipped", node, LearnerNode::weightsSkipped).tags(tags)
            .description("weight versions not sent: no actor subscribed yet, or one too slow to take them")
            .register(registry);
        if (source != null) {
            final RejectCounters rejects = source.rejects();
            for (final RejectReason reason : RejectReason.values()) {
                FunctionCounter.builder("strider.learner.sample.replies.rejected", rejects, r -> r.count(reason))
                    .tags(tags.and("reason", reason.name())).description("sample replies the learner's codec dropped")
                    .register(registry);
            }
        }
    }

    /** Any algorithm's update: DQN's Q loss goes to the q1 loss gauge (TD3's {@link #onUpdate} follows and sets it). */
    @Override
    public void onLearnerUpdate(final UpdateFigures figures, final long steps) {
        q1Loss = figures.loss;
        meanQ = figures.meanQ;
        tdError = figures.tdError;
        envSteps = steps;
        super.onLearnerUpdate(figures, steps);
    }

    @Override
    public void onUpdate(final Td3Metrics metrics, final long steps) {
        q1Loss = metrics.q1Loss;
        q2Loss = metrics.q2Loss;
        actorLoss = metrics.actorLoss;
        meanQ = metrics.meanQ;
        tdError = metrics.tdError;
        envSteps = steps;
        super.onUpdate(metrics, steps);
    }

    @Override
    public void onEvaluation(final Evaluation evaluation) {
        evalReturn = evaluation.mean();
        super.onEvaluation(evaluation);
    }

    @Override
    public void onWeightsPublished(final long version, final long updates) {
        weightsVersion = version;
        super.onWeightsPublished(version, updates);
    }

    @Override
    public void onActorReport(final CoordinatorProtocol.ActorReport report) {
        final ActorSeen seen = actors.computeIfAbsent(report.actorId(), this::registerActor);
        seen.policyVersion.set(report.policyVersion());
        seen.envSteps.set(report.envSteps());
        synchronized (returns) {
            for (final double r : report.recentReturns()) {
                returns[(int) (episodes++ % RETURNS_WINDOW)] = r;
            }
        }
        super.onActorReport(report);
    }

    private enum Stat { MEAN, MIN, MAX }

    private double episodes() {
        synchronized (returns) {
            return episodes;
        }
    }

    private double returns(final Stat stat) {
        synchronized (returns) {
            final int n = (int) Math.min(episodes, RETURNS_WINDOW);
            if (n == 0) {
                return Double.NaN;
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                sum += returns[i];
                min = Math.min(min, returns[i]);
                max = Math.max(max, returns[i]);
            }
            return stat == Stat.MEAN ? sum / n : stat == Stat.MIN ? min : max;
        }
    }

    private ActorSeen registerActor(final int actorId) {
        final ActorSeen seen = new ActorSeen();
        final Tags actor = tags.and("actor", Integer.toString(actorId));
        Gauge.builder("strider.learner.actor.weight.version.lag", seen, s -> weightsVersion - s.policyVersion.get())
            .tags(actor).description("newest weight version minus the one the actor last reported acting with")
            .register(registry);
        Gauge.builder("strider.learner.actor.policy.version", seen, s -> s.policyVersion.get()).tags(actor)
            .description("weight version the actor last reported acting with").register(registry);
        Gauge.builder("strider.learner.actor.env.steps", seen, s -> s.envSteps.get()).tags(actor)
            .description("env steps the actor last reported").register(registry);
        return seen;
    }
}
