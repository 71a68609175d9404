package org.strider.actor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * An actor node's {@code strider_actor_*} meters, read from its {@link RolloutStats} when scraped (the rollout thread
 * records nothing more). Tags: {@code role="actor"}, {@code actor} = the node's name.
 */
public final class RolloutMetrics {
    private RolloutMetrics() {
    }

    /** Binds {@code stats} of the node named {@code actor} to {@code registry}. */
    public static void bind(final MeterRegistry registry, final RolloutStats stats, final String actor) {
        final Tags tags = Tags.of("role", "actor", "actor", actor);
        FunctionCounter.builder("strider.actor.env.steps", stats, RolloutStats::produced).tags(tags)
            .description("env steps taken (= transitions produced)").register(registry);
        FunctionCounter.builder("strider.actor.transitions.published", stats, RolloutStats::published).tags(tags)
            .description("transitions published to the replay shard").register(registry);
        FunctionCounter.builder("strider.actor.transitions.dropped", stats, RolloutStats::dropped).tags(tags)
            .description("transitions dropped because the shard's stream was not connected or closed")
            .register(registry);
        FunctionCounter.builder("strider.actor.weight.frames.rejected", stats, RolloutStats::weightRejects).tags(tags)
            .description("weight frames the actor's codec dropped (bad run id, version, length, ...)")
            .register(registry);
        FunctionCounter.builder("strider.actor.episodes", stats, RolloutStats::episodes).tags(tags)
            .description("episodes finished").register(registry);
        Gauge.builder("strider.actor.policy.version", stats, RolloutStats::policyVersion).tags(tags)
            .description("weight version the actor acts with (0: random warm-up)").register(registry);
        Gauge.builder("strider.actor.episode.return.last", stats, RolloutStats::lastReturn).tags(tags)
            .description("return of the last finished episode (NaN before the first)").register(registry);
        Gauge.builder("strider.actor.episode.return.mean", stats, RolloutMetrics::recentMean).tags(tags)
            .description("mean return of the last (up to 32) finished episodes").register(registry);
    }

    private static double recentMean(final RolloutStats stats) {
        final double[] returns = stats.drainRecent(0).returns();
        if (returns.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (final double r : returns) {
            sum += r;
        }
        return sum / returns.length;
    }
}
