package org.strider.env.box2d.bipedal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strider.env.EnvRegistry;
import org.strider.env.HeuristicPolicy;

class BipedalWalkerHeuristicTest {

    @Test
    void shouldMatchGymnasiumActionBitsWhenFedItsObservations() {
        final GymnasiumFixtures.WalkerEpisode gym = GymnasiumFixtures.walkerSeed0();
        final BipedalWalkerHeuristic gait = new BipedalWalkerHeuristic();
        final float[] action = new float[4];
        gait.act(gym.resetObs(), action);
        assertArrayEquals(new float[4], action, "the demo's first action is zero");
        final List<GymnasiumFixtures.WalkerStep> steps = gym.steps();
        for (int t = 0; t < steps.size(); t++) {
            gait.act(steps.get(t).obs(), action);
            assertArrayEquals(steps.get(t).nextAction(), action, "action after step " + (t + 1));
        }
    }

    @Test
    void shouldRestartGaitWhenReset() {
        final GymnasiumFixtures.WalkerEpisode gym = GymnasiumFixtures.walkerSeed0();
        final BipedalWalkerHeuristic gait = new BipedalWalkerHeuristic();
        final float[] action = new float[4];
        for (int round = 0; round < 2; round++) {
            gait.reset();
            gait.act(gym.resetObs(), action);
            for (final GymnasiumFixtures.WalkerStep step : gym.steps()) {
                gait.act(step.obs(), action);
                assertArrayEquals(step.nextAction(), action, "round " + round);
            }
        }
    }

    @Test
    void shouldBeRegisteredForBothIdsWhenRequested() {
        for (final String id : new String[] {"BipedalWalker-v3", "BipedalWalkerHardcore-v3"}) {
            final HeuristicPolicy policy = EnvRegistry.heuristic(id, java.util.Map.of());
            assertNotNull(policy);
            assertArrayEquals(new float[4], firstAction(policy));
        }
    }

    private static float[] firstAction(final HeuristicPolicy policy) {
        final float[] action = {9, 9, 9, 9};
        policy.reset();
        policy.act(new float[24], action);
        return action;
    }
}
