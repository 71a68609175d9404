package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.strider.learner.cluster.RunMonitor;
import org.strider.learner.replay.service.ShardRejectReason;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3Presets;
import org.strider.metrics.MetricsAddress;
import org.strider.metrics.MetricsEndpoint;
import org.strider.metrics.StriderMetrics;
import org.strider.wire.RejectReason;

/**
 * Every role in one JVM with its meters bound, scraped over HTTP on loopback as Prometheus would: the key series of
 * each role exist and say what the run did.
 */
class LocalRunMetricsTest {
    /** One sample line: {@code name{labels} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static List<Sample> parse(final String text) {
        final List<Sample> samples = new ArrayList<>();
        for (final String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            final int space = line.lastIndexOf(' ');
            final String series = line.substring(0, space);
            final int brace = series.indexOf('{');
            final Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                for (final String pair : series.substring(brace + 1, series.length() - 1).split(",")) {
                    if (!pair.isEmpty()) {
                        final int eq = pair.indexOf('=');
                        labels.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                    }
                }
            }
            samples.add(new Sample(brace >= 0 ? series.substring(0, brace) : series, labels,
                Double.parseDouble(line.substring(space + 1))));
        }
        return samples;
    }

    private static List<Sample> series(final List<Sample> samples, final String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The one sample of {@code name}; fails when there is none or more than one. */
    private static Sample one(final List<Sample> samples, final String name) {
        final List<Sample> found = series(samples, name);
        assertEquals(1, found.size(), name + ": " + found);
        return found.get(0);
    }

    private static void await(final String what, final Duration timeout, final BooleanSupplier condition)
        throws InterruptedException {
        final long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void shouldServeEveryRolesMetricsWhenLocalRunIsScraped() throws Exception {
        final Td3Config config = Td3Presets.forEnv("Pendulum-v1").toBuilder().hidden(32, 32).batchSize(32)
            .warmupSteps(300).capacity(20_000).build();
        final RunPlan plan = new RunPlan("Pendulum-v1", config, 5, 1, 2, 1, 1_000_000, 1.0, 16, 2, 0, 1);
        try (StriderMetrics metrics = new StriderMetrics();
             MetricsEndpoint endpoint = MetricsEndpoint.start(new MetricsAddress("127.0.0.1", 0), metrics);
             LocalRun run = LocalRun.start(plan, new RunMonitor() { }, null, metrics.registry())) {
            // Pendulum's episodes are 200 steps: two per env after 400 steps; reports reach the learner every second.
            await("updates, weights and finished episodes", Duration.ofSeconds(90), () -> run.learner().updates() > 50
                && run.actorStats(0).policyVersion() > 0 && run.actorStats(0).episodes() >= 2);
            Thread.sleep(2 * LocalRun.REPORT_EVERY.toMillis() + 200);

            final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.uri())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            Files.writeString(Path.of("target", "local-run-metrics.txt"), response.body()); // to read after a failure
            final List<Sample> s = parse(response.body());

            // actor
            final Sample steps = one(s, "strider_actor_env_steps_total");
            assertEquals(Map.of("role", "actor", "actor", "actor-0"), steps.labels());
            assertTrue(steps.value() >= 400, "env steps " + steps.value());
            assertTrue(one(s, "strider_actor_transitions_published_total").value() > 0, "published");
            assertEquals(0, one(s, "strider_actor_transitions_dropped_total").value(), "actor drops");
            assertEquals(0, one(s, "strider_actor_weight_frames_rejected_total").value(), "weight rejects");
            assertTrue(one(s, "strider_actor_episodes_total").value() >= 2, "episodes");
            assertTrue(one(s, "strider_actor_policy_version").value() >= 1, "policy version");
            final double meanReturn = one(s, "strider_actor_episode_return_mean").value();
            assertTrue(meanReturn < 0 && meanReturn > -2000, "Pendulum returns lie in (-2000, 0]: " + meanReturn);

            // replay
            final Sample inserted = one(s, "strider_replay_inserted_total");
            assertEquals(Map.of("role", "replay", "shard", "0"), inserted.labels());
            assertTrue(inserted.value() > 0, "inserts");
            assertTrue(one(s, "strider_replay_samples_total").value() > 0, "samples");
            assertTrue(one(s, "strider_replay_size").value() > 0, "size");
            assertTrue(one(s, "strider_replay_limiter_sample_blocked_total").value() >= 0, "limiter waits exist");
            assertTrue(one(s, "strider_replay_limiter_insert_blocked_total").value() >= 0, "limiter waits exist");
            final List<Sample> rejected = series(s, "strider_replay_frames_rejected_total");
            assertEquals(RejectReason.values().length + ShardRejectReason.values().length, rejected.size(),
                "one series per reason");
            assertTrue(rejected.stream().anyMatch(r -> "NON_FINITE".equals(r.labels().get("reason"))), "by reason");
            rejected.forEach(r -> assertEquals(0, r.value(), "no drops: " + r));
            assertEquals(0, one(s, "strider_replay_sequence_gaps_total").value(), "no gaps");

            // learner
            assertTrue(one(s, "strider_learner_update_seconds_count").value() > 50, "updates");
            final double updateSeconds = one(s, "strider_learner_update_seconds_sum").value();
            assertTrue(updateSeconds > 0 && updateSeconds < 600, "update time " + updateSeconds);
            assertTrue(one(s, "strider_learner_env_steps").value() > 0, "learner's env steps");
            final double version = one(s, "strider_learner_weights_version").value();
            assertTrue(version >= 1, "weights version " + version);
            final Sample lag = one(s, "strider_learner_actor_weight_version_lag");
            assertEquals("0", lag.labels().get("actor"), lag.toString());
            assertTrue(lag.value() >= 0 && lag.value() <= version, "lag " + lag.value() + " of " + version);
            assertTrue(Double.isFinite(one(s, "strider_learner_q1_loss").value()), "q1 loss");
            assertTrue(Double.isFinite(one(s, "strider_learner_mean_q").value()), "mean Q");
            assertTrue(one(s, "strider_learner_episodes_total").value() >= 1, "episodes reported");
            final double learnerMean = one(s, "strider_learner_episode_return_mean").value();
            assertTrue(learnerMean < 0 && learnerMean > -2000, "reported returns' mean " + learnerMean);
            assertTrue(one(s, "strider_learner_episode_return_min").value() <= learnerMean, "min <= mean");
            series(s, "strider_learner_sample_replies_rejected_total").forEach(r -> assertEquals(0, r.value(),
                r.toString()));
            assertEquals(RejectReason.values().length, series(s, "strider_learner_sample_replies_rejected_total")
                .size());

            // JVM
            assertTrue(series(s, "jvm_memory_used_bytes").stream().mapToDouble(Sample::value).sum() > 0, "heap");
            assertTrue(one(s, "jvm_threads_live_threads").value() > 0, "threads");
        }
    }
}
