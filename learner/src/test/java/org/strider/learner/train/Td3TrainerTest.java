package org.strider.learner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strider.env.Box;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.EnvSpec;
import org.strider.env.Space;
import org.strider.env.Step;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3State;

class Td3TrainerTest {
    static final String PENDULUM = "Pendulum-v1";

    /** Small and quick: 32-32 networks, batch 32, learning from step 100. */
    static Td3Config small() {
        return Td3Config.builder().hidden(32, 32).batchSize(32).capacity(2_000).warmupSteps(100).learningRate(1e-3)
            .build();
    }

    static TrainSettings quiet() {
        return new TrainSettings(0, 0, 0);
    }

    /** Every learnt number of the state, to compare runs bit for bit. */
    static List<float[]> weights(final Td3State s) {
        final List<float[]> all = new ArrayList<>();
        all.add(s.actor().paramsToFloats());
        all.add(s.actorTarget().paramsToFloats());
        all.add(s.critic1().paramsToFloats());
        all.add(s.critic1Target().paramsToFloats());
        all.add(s.critic2().paramsToFloats());
        all.add(s.critic2Target().paramsToFloats());
        all.add(s.actorOptimiser().firstMoment().toFloatVector());
        all.add(s.actorOptimiser().secondMoment().toFloatVector());
        all.add(s.critic1Optimiser().secondMoment().toFloatVector());
        all.add(s.critic2Optimiser().firstMoment().toFloatVector());
        return all;
    }

    static void assertSameWeights(final Td3State a, final Td3State b) {
        final List<float[]> wa = weights(a);
        final List<float[]> wb = weights(b);
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wa.get(i), wb.get(i), "array " + i);
        }
        assertEquals(a.envSteps(), b.envSteps());
        assertEquals(a.updates(), b.updates());
        assertEquals(a.actorOptimiser().stepCount(), b.actorOptimiser().stepCount());
        assertEquals(a.targetNoiseRng().state(), b.targetNoiseRng().state());
        assertEquals(a.explorationRng().state(), b.explorationRng().state());
        assertEquals(a.replay().rngState(), b.replay().rngState());
    }

    @Test
    void shouldGiveIdenticalWeightsForTheSameSeed() {
        final Td3Trainer a = Td3Trainer.create(PENDULUM, small(), 7, quiet());
        final Td3Trainer b = Td3Trainer.create(PENDULUM, small(), 7, quiet());
        final TrainResult ra = a.runUntil(500, TrainListener.NONE);
        final TrainResult rb = b.runUntil(500, TrainListener.NONE);
        assertSameWeights(a.state(), b.state());
        assertEquals(400, a.state().updates(), "one update per env step after the 100-step warm-up");
        assertEquals(ra.episodes(), rb.episodes());
        assertEquals(2, ra.episodes().size());
        assertEquals(new Episode(0, 200, ra.episodes().get(0).totalReward(), 200, false), ra.episodes().get(0));

        final Td3Trainer c = Td3Trainer.create(PENDULUM, small(), 8, quiet());
        c.runUntil(500, TrainListener.NONE);
        assertFalse(Arrays.equals(a.state().actor().paramsToFloats(), c.state().actor().paramsToFloats()));
    }

    @Test
    void shouldContinueAStateMidEpisodeExactlyAsAnUninterruptedRun() {
        final Td3Trainer first = Td3Trainer.create(PENDULUM, small(), 11, quiet());
        first.runUntil(330, TrainListener.NONE);
        assertTrue(first.state().inEpisode());
        assertEquals(130, first.state().episodeSteps());
        final Td3Trainer resumed = Td3Trainer.resume(PENDULUM, first.state(), quiet());
        resumed.runUntil(520, TrainListener.NONE);

        final Td3Trainer straight = Td3Trainer.create(PENDULUM, small(), 11, quiet());
        straight.runUntil(520, TrainListener.NONE);
        assertSameWeights(straight.state(), resumed.state());
        assertArrayEquals(straight.state().obs(), resumed.state().obs());
        assertEquals(straight.state().episodeReturn(), resumed.state().episodeReturn());
    }

    @Test
    void shouldContinueBox2dEpisodesExactlyByReplayingTheirActions() {
        for (final String id : new String[] {"LunarLanderContinuous-v3", "BipedalWalker-v3"}) {
            final Td3Config config = small().toBuilder().warmupSteps(60).build();
            final Td3Trainer first = Td3Trainer.create(id, config, 5, quiet());
            first.runUntil(90, TrainListener.NONE);
            assertTrue(first.state().inEpisode() && first.state().episodeSteps() > 10,
                id + " should stop mid-episode: " + first.state().episodeSteps() + " steps in");
            final Td3Trainer resumed = Td3Trainer.resume(id, first.state(), quiet());
            resumed.runUntil(150, TrainListener.NONE);
            final Td3Trainer straight = Td3Trainer.create(id, config, 5, quiet());
            straight.runUntil(150, TrainListener.NONE);
            assertSameWeights(straight.state(), resumed.state());
            assertArrayEquals(straight.state().obs(), resumed.state().obs(), id);
        }
    }

    @Test
    void shouldTrainEveryCriticArchitectureAndDdpgReproducibly() {
        for (final Td3Config config : new Td3Config[] {
            small().toBuilder().critic(Td3Config.CriticArchitecture.ACTION_AT_FIRST_TWO_LAYERS).build(),
            small().toBuilder().ddpg().critic(Td3Config.CriticArchitecture.STATE_BRANCH_LAYER_NORM).build(),
            small().toBuilder().ddpg().noiseType(Td3Config.NoiseType.ORNSTEIN_UHLENBECK).sigma(0.3).build()}) {
            final Td3Trainer a = Td3Trainer.create(PENDULUM, config, 2, quiet());
            final Td3Trainer b = Td3Trainer.create(PENDULUM, config, 2, quiet());
            a.runUntil(220, TrainListener.NONE);
            b.runUntil(220, TrainListener.NONE);
            assertArrayEquals(a.state().actor().paramsToFloats(), b.state().actor().paramsToFloats(),
                config.toString());
            assertArrayEquals(a.state().critic1().paramsToFloats(), b.state().critic1().paramsToFloats());
            assertEquals(120, a.state().actorOptimiser().stepCount() * config.td3().policyDelay());
        }
    }

    @Test
    void shouldEvaluateOnFixedOddSeedsEveryNSteps() {
        final Td3Trainer t = Td3Trainer.create(PENDULUM, small(), 3, new TrainSettings(150, 3, 0));
        final List<Evaluation> seen = new ArrayList<>();
        final TrainResult r = t.runUntil(450, new TrainListener() {
            @Override
            public void onEvaluation(final Evaluation evaluation) {
                seen.add(evaluation);
            }
        });
        assertEquals(seen, r.curve());
        assertEquals(List.of(150L, 300L, 450L), r.curve().stream().map(Evaluation::envStep).toList());
        assertEquals(3, r.curve().get(0).returns().length);
        assertEquals(350, r.curve().get(2).updates());
        // Evaluating again changes nothing and gives the same returns: fixed seeds, no noise.
        final long rng = t.state().explorationRng().state();
        assertEquals(r.curve().get(2).mean(), t.evaluate(3).mean());
        assertEquals(rng, t.state().explorationRng().state());
        for (int k = 0; k < 100; k++) {
            assertEquals(1, Td3State.evalSeed(k) & 1, "evaluation seeds are odd");
            assertEquals(0, t.state().trainingEpisodeSeed(k) & 1, "training seeds are even");
        }
    }

    @Test
    void shouldStopWhenAListenerAsks() {
        final Td3Trainer t = Td3Trainer.create(PENDULUM, small(), 3, new TrainSettings(0, 0, 50));
        final TrainResult r = t.runUntil(1_000, new TrainListener() {
            @Override
            public void onProgress(final long envStep, final org.strider.learner.td3.Td3Metrics m, final double sps) {
                if (envStep == 150) {
                    assertEquals(50, m.update);
                    assertTrue(sps > 0);
                    t.stop();
                }
            }
        });
        assertEquals(150, r.envSteps());
    }

    @Test
    void shouldNameTheStepWhenTheEnvGivesABadTransition() {
        final Td3State state = Td3State.create(small(), 3, Box.uniform(-2, 2, 1), 1);
        final Td3Trainer t = Td3Trainer.create(new Faulty(60, Float.NaN), EnvRegistry.make(PENDULUM), state, quiet());
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> t.runUntil(100, TrainListener.NONE));
        assertEquals("Pendulum-v1: training env step 60 (episode 0, step 60) gave a transition the replay buffer "
            + "refused: replay: transition rejected, nothing stored: reward is NaN", e.getMessage());
        assertEquals(59, state.replay().size());
    }

    @Test
    void shouldStopNamingTheStepAndUpdateWhenALossIsNotFinite() {
        final Td3Trainer t = Td3Trainer.create(PENDULUM, small(), 3, new TrainSettings(0, 0, 50));
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> t.runUntil(1_000, new TrainListener() {
                @Override
                public void onProgress(final long step, final org.strider.learner.td3.Td3Metrics m, final double sps) {
                    if (step == 150) {
                        t.state().critic1().params().putScalar(7, Float.NaN);
                    }
                }
            }));
        assertTrue(e.getMessage().startsWith("Pendulum-v1, env step 151: TD3 update 51: critic loss is not finite "
            + "(q1 NaN, q2 "), e.getMessage());
        assertEquals(151, t.state().envSteps());
    }

    @Test
    void shouldRefuseAnEnvThatDoesNotFitTheState() {
        final Td3State state = Td3State.create(small(), 3, Box.uniform(-1, 1, 1), 1);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Td3Trainer.resume(PENDULUM, state, quiet()));
        assertTrue(e.getMessage().startsWith("Pendulum-v1 has observations of 3 and actions "), e.getMessage());
        assertNotEquals(-1, e.getMessage().indexOf("[-1.0] .. [1.0]"), e.getMessage());
    }

    /** Pendulum whose {@code at}-th step (1-based, counted over the env's life) returns {@code reward}. */
    private static final class Faulty implements Env {
        private final Env inner = EnvRegistry.make(PENDULUM);
        private final int at;
        private final float reward;
        private int steps;

        Faulty(final int at, final float reward) {
            this.at = at;
            this.reward = reward;
        }

        @Override
        public EnvSpec spec() {
            return inner.spec();
        }

        @Override
        public Box observationSpace() {
            return inner.observationSpace();
        }

        @Override
        public Space actionSpace() {
            return inner.actionSpace();
        }

        @Override
        public void reset(final long seed, final float[] obsOut) {
            inner.reset(seed, obsOut);
        }

        @Override
        public void step(final float[] action, final Step out) {
            inner.step(action, out);
            if (++steps >= at) {
                out.reward = reward;
            }
        }

        @Override
        public void step(final int action, final Step out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int elapsedSteps() {
            return inner.elapsedSteps();
        }
    }
}
