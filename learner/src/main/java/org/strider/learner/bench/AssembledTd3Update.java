package org.strider.learner.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.transforms.same.Min;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.learner.nn.Mlp;
import org.strider.learner.nn.MlpCritic;
import org.strider.learner.nn.MseLoss;
import org.strider.learner.optim.Adam;
import org.strider.learner.random.SplitMix64;
import org.strider.learner.replay.ReplayBatch;
import org.strider.nn.Activation;
import org.strider.nn.MlpSpec;

/**
 * A TD3 update (Fujimoto et al. 2018) assembled from the learner's pieces, for the benchmark until the real
 * {@code Td3Update} replaces it: the same work, in the same shapes, as tools/bench/td3_update_torch.py.
 * Actions are bounded in [-1, 1] (BipedalWalker's Box), so the smoothed target action is clipped with scalars.
 * The critics' loss is mse(Q1, y) + mse(Q2, y), as CleanRL's; the actor's is -mean(Q1(s, actor(s))), whose
 * gradient reaches the actor through Q1's input gradient (Q1's own weight gradients are not computed).
 */
public final class AssembledTd3Update implements BenchUpdate {
    private static final double GAMMA = 0.99;
    private static final double TAU = 0.005;
    private static final double POLICY_NOISE = 0.2;
    private static final double NOISE_CLIP = 0.5;
    private static final int POLICY_DELAY = 2;
    private static final double LEARNING_RATE = 3e-4;

    private final Mlp actor;
    private final Mlp actorTarget;
    private final MlpCritic critic1;
    private final MlpCritic critic2;
    private final MlpCritic critic1Target;
    private final MlpCritic critic2Target;
    private final Adam actorAdam;
    private final Adam critic1Adam;
    private final Adam critic2Adam;
    private final SplitMix64 rng;

    private final INDArray obs;
    private final INDArray action;
    private final INDArray reward;
    private final INDArray nextObs;
    /** gamma * (1 - terminated) per row: bootstrap through truncation, never through termination. */
    private final INDArray discount;
    private final INDArray noise;
    private final INDArray target;
    private final INDArray gradQ1;
    private final INDArray gradQ2;
    /** dLoss/dQ of the actor loss -mean(Q): -1/batch everywhere. */
    private final INDArray actorGradQ;
    private final float[] discountHost;
    private final float[] noiseHost;
    private long updates;

    public AssembledTd3Update(final Setting s) {
        final int[] hidden = {s.hidden1(), s.hidden2()};
        final float[] low = {-1f, -1f, -1f, -1f};
        final float[] high = {1f, 1f, 1f, 1f};
        if (s.actionSize() != low.length) {
            throw new IllegalArgumentException("the benchmark update is written for 4 actions, got " + s.actionSize());
        }
        final MlpSpec actorSpec = MlpSpec.actor(s.obsSize(), hidden, Activation.RELU, low, high);
        actor = new Mlp(actorSpec, DataType.FLOAT);
        actorTarget = new Mlp(actorSpec, DataType.FLOAT);
        critic1 = MlpCritic.concat(s.obsSize(), s.actionSize(), hidden, Activation.RELU, DataType.FLOAT);
        critic2 = MlpCritic.concat(s.obsSize(), s.actionSize(), hidden, Activation.RELU, DataType.FLOAT);
        critic1Target = MlpCritic.concat(s.obsSize(), s.actionSize(), hidden, Activation.RELU, DataType.FLOAT);
        critic2Target = MlpCritic.concat(s.obsSize(), s.actionSize(), hidden, Activation.RELU, DataType.FLOAT);
        actor.initialize(s.seed());
        critic1.initialize(s.seed() + 1);
        critic2.initialize(s.seed() + 2);
        actorTarget.copyParamsFrom(actor);
        critic1Target.copyParamsFrom(critic1);
        critic2Target.copyParamsFrom(critic2);
        actorAdam = Adam.of(actor, LEARNING_RATE);
        critic1Adam = Adam.of(critic1, LEARNING_RATE);
        critic2Adam = Adam.of(critic2, LEARNING_RATE);
        rng = new SplitMix64(s.seed() + 3);

        final int b = s.batch();
        obs = Nd4j.create(DataType.FLOAT, b, s.obsSize());
        action = Nd4j.create(DataType.FLOAT, b, s.actionSize());
        reward = Nd4j.create(DataType.FLOAT, b, 1);
        nextObs = Nd4j.create(DataType.FLOAT, b, s.obsSize());
        discount = Nd4j.create(DataType.FLOAT, b, 1);
        noise = Nd4j.create(DataType.FLOAT, b, s.actionSize());
        target = Nd4j.create(DataType.FLOAT, b, 1);
        gradQ1 = Nd4j.create(DataType.FLOAT, b, 1);
        gradQ2 = Nd4j.create(DataType.FLOAT, b, 1);
        actorGradQ = Nd4j.valueArrayOf(new long[] {b, 1}, -1.0f / b);
        discountHost = new float[b];
        noiseHost = new float[b * s.actionSize()];
    }

    @Override
    public void update(final ReplayBatch batch) {
        for (int r = 0; r < batch.size; r++) {
            discountHost[r] = (float) (GAMMA * (1.0 - batch.terminated[r]));
        }
        for (int i = 0; i < noiseHost.length; i++) {
            // Target policy smoothing: N(0, 0.2) clipped to ±0.5, both scaled by the half-range (1 here).
            noiseHost[i] = (float) Math.max(-NOISE_CLIP, Math.min(NOISE_CLIP, POLICY_NOISE * gaussian()));
        }
        obs.data().setData(batch.obs);
        action.data().setData(batch.action);
        reward.data().setData(batch.reward);
        nextObs.data().setData(batch.nextObs);
        discount.data().setData(discountHost);
        noise.data().setData(noiseHost);

        // y = r + gamma (1 - terminated) min(Q1'(s', a'), Q2'(s', a')), a' = clip(actor'(s') + noise, low, high)
        final INDArray nextAction = actorTarget.forward(nextObs).addi(noise);
        Nd4j.exec(new ScalarMin(nextAction, null, nextAction, 1.0));
        Nd4j.exec(new ScalarMax(nextAction, null, nextAction, -1.0));
        final INDArray q1Next = critic1Target.forward(nextObs, nextAction);
        final INDArray q2Next = critic2Target.forward(nextObs, nextAction);
        Nd4j.exec(new Min(q1Next, q2Next, target));
        target.muli(discount).addi(reward);

        MseLoss.gradient(critic1.forward(obs, action), target, gradQ1);
        critic1.backward(gradQ1, true, false);
        MseLoss.gradient(critic2.forward(obs, action), target, gradQ2);
        critic2.backward(gradQ2, true, false);
        critic1Adam.step();
        critic2Adam.step();

        updates++;
        if (updates % POLICY_DELAY == 0) {
            critic1.forward(obs, actor.forward(obs));
            critic1.backward(actorGradQ, false, true);
            actor.backward(critic1.gradAction(), true, false);
            actorAdam.step();
            actorTarget.softUpdateFrom(actor, TAU);
            critic1Target.softUpdateFrom(critic1, TAU);
            critic2Target.softUpdateFrom(critic2, TAU);
        }
    }

    /** A copy of the actor's parameters (for tests). */
    float[] actorParams() {
        return actor.paramsToFloats();
    }

    /** Standard normal by Box-Muller (one of the pair; the benchmark needs speed, not every draw). */
    private double gaussian() {
        final double u1 = 1.0 - rng.nextDouble();
        final double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
