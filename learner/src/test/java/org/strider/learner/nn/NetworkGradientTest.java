package org.strider.learner.nn;

import static org.strider.learner.nn.GradientCheck.assertMatches;
import static org.strider.learner.nn.GradientCheck.copy;
import static org.strider.learner.nn.GradientCheck.random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.nn.Activation;
import org.strider.nn.MlpSpec;
import org.strider.random.SplitMix64;

/**
 * Whole networks and losses against central differences in float64: an MLP under MSE, the actor (tanh ×
 * scale + shift head), each critic w.r.t. its parameters, observation and action, and the actor's loss
 * {@code -mean(Q(s, π(s)))} back through a fixed critic into the actor's parameters.
 */
class NetworkGradientTest {
    private static final DataType F64 = DataType.DOUBLE;
    private static final int BATCH = 4;
    private static final int OBS = 5;
    private static final int ACT = 2;

    @Test
    void shouldMatchFiniteDifferencesForMlpUnderMse() {
        final SplitMix64 rng = new SplitMix64(21);
        final Mlp mlp = new Mlp(MlpSpec.builder(OBS).linear(8).relu().linear(6).tanh().linear(3).build(), F64);
        mlp.initialize(rng);
        final INDArray x = random(rng, BATCH, OBS);
        final INDArray target = random(rng, BATCH, 3);
        final INDArray grad = Nd4j.create(F64, BATCH, 3);

        final INDArray out = mlp.forward(x);
        MseLoss.gradient(out, target, grad);
        final double[] gradInput = copy(mlp.backward(grad, true, true));
        final double[] gradParams = copy(mlp.grads());

        assertMatches("mlp params", mlp.params(), gradParams, () -> MseLoss.value(mlp.forward(x), target));
        assertMatches("mlp input", x, gradInput, () -> MseLoss.value(mlp.forward(x), target));
    }

    @Test
    void shouldMatchFiniteDifferencesForActorWithLayerNormUnderMse() {
        final SplitMix64 rng = new SplitMix64(22);
        final MlpSpec spec = MlpSpec.builder(OBS).linear(7).layerNorm().relu().linear(6).relu().linear(ACT).tanh()
            .add(org.strider.nn.LayerSpec.ScaleShift.fromBounds(new float[] {-2f, 0f}, new float[] {2f, 1f})).build();
        final Mlp actor = new Mlp(spec, F64, LinearInit.uniform(0.5));
        actor.initialize(rng);
        final INDArray x = random(rng, BATCH, OBS);
        final INDArray target = random(rng, BATCH, ACT);
        final INDArray grad = Nd4j.create(F64, BATCH, ACT);

        MseLoss.gradient(actor.forward(x), target, grad);
        final double[] gradInput = copy(actor.backward(grad, true, true));
        final double[] gradParams = copy(actor.grads());

        assertMatches("actor params", actor.params(), gradParams, () -> MseLoss.value(actor.forward(x), target));
        assertMatches("actor input", x, gradInput, () -> MseLoss.value(actor.forward(x), target));
    }

    @Test
    void shouldMatchFiniteDifferencesForConcatCritic() {
        checkCritic(MlpCritic.concat(OBS, ACT, new int[] {8, 6}, Activation.RELU, F64), 23);
    }

    @Test
    void shouldMatchFiniteDifferencesForTanhConcatCritic() {
        checkCritic(MlpCritic.concat(OBS, ACT, new int[] {7}, Activation.TANH, F64), 24);
    }

    @Test
    void shouldMatchFiniteDifferencesForCriticJoiningTheActionAtTheFirstTwoLayers() {
        checkCritic(MlpCritic.actionAtFirstTwoLayers(OBS, ACT, 8, 6, F64), 25);
    }

    @Test
    void shouldMatchFiniteDifferencesForCriticJoiningTheActionOnlyAtTheOutputLayer() {
        checkCritic(new MlpCritic(OBS, ACT, new int[] {8, 6}, Activation.RELU, new int[] {2}, F64,
            LinearInit.uniform(3e-3)), 26);
    }

    @Test
    void shouldMatchFiniteDifferencesForLayerNormBranchCritic() {
        checkCritic(new BranchCritic(OBS, ACT, new int[] {8, 6}, F64), 27);
    }

    @Test
    void shouldMatchFiniteDifferencesForActorLossThroughTheCritic() {
        final SplitMix64 rng = new SplitMix64(28);
        final Mlp actor = new Mlp(MlpSpec.actor(OBS, new int[] {8, 6}, Activation.RELU,
            new float[] {-1f, -2f}, new float[] {1f, 2f}), F64);
        final MlpCritic critic = MlpCritic.actionAtFirstTwoLayers(OBS, ACT, 8, 6, F64);
        actor.initialize(rng);
        critic.initialize(rng);
        final INDArray obs = random(rng, BATCH, OBS);
        final INDArray gradQ = Nd4j.valueArrayOf(new long[] {BATCH, 1}, -1.0 / BATCH, F64);

        // loss = -mean(Q(s, π(s))): dL/dQ = -1/B; dL/dθ = (dQ/da)(da/dθ), the critic's own gradients unused.
        critic.forward(obs, actor.forward(obs));
        critic.backward(gradQ, false, true);
        actor.backward(critic.gradAction(), true, false);
        final double[] gradActor = copy(actor.grads());

        assertMatches("actor loss params", actor.params(), gradActor,
            () -> -critic.forward(obs, actor.forward(obs)).meanNumber().doubleValue());
    }

    /** MSE of Q against a random target, w.r.t. parameters, observation and action. */
    private static void checkCritic(final Network network, final long seed) {
        final QFunction critic = (QFunction) network;
        final SplitMix64 rng = new SplitMix64(seed);
        network.initialize(rng);
        final INDArray obs = random(rng, BATCH, OBS);
        final INDArray action = random(rng, BATCH, ACT);
        final INDArray target = random(rng, BATCH, 1);
        final INDArray grad = Nd4j.create(F64, BATCH, 1);

        MseLoss.gradient(critic.forward(obs, action), target, grad);
        critic.backward(grad, true, true);
        final double[] gradParams = copy(network.grads());
        final double[] gradObs = copy(critic.gradObservation());
        final double[] gradAction = copy(critic.gradAction());
        final String name = network.getClass().getSimpleName();

        assertMatches(name + " params", network.params(), gradParams, () -> MseLoss.value(critic.forward(obs, action), target));
        assertMatches(name + " obs", obs, gradObs, () -> MseLoss.value(critic.forward(obs, action), target));
        assertMatches(name + " action", action, gradAction, () -> MseLoss.value(critic.forward(obs, action), target));
    }
}
