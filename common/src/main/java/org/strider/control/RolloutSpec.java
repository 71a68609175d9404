package org.strider.control;

/**
 * What an actor node needs to roll out: the env, how many copies to step, the acting network's shape (plain-Java
 * inference needs no learner classes), the exploration, and how many transitions go in one frame.
 *
 * <p>Continuous actions (TD3/DDPG): the network is the actor ({@code obs → hidden → tanh → scaled to the Box}) and
 * exploration is {@code noise} with σ. Discrete actions ({@code discrete}, DQN): the network is the Q network's
 * plain inference form ({@code obs → hidden → one Q per action}, batch norm folded), the actor acts ε-greedily on
 * it, and the {@code epsilon*} fields say how ε decays over the node's own env steps (or episodes); with
 * {@code apeXActors} = N > 0 each node instead keeps Ape-X's fixed {@code ε_i = 0.4^(1 + 7 i / (N - 1))}, i its
 * actor id mod N. The transition's action is then the index as one float.
 *
 * @param envId             registered env id
 * @param envsPerActor      K envs stepped together by one actor node
 * @param actorHidden       hidden widths of the actor MLP (DQN: of the Q MLP)
 * @param activation        hidden activation name ({@code RELU} or {@code TANH})
 * @param noise             {@code GAUSSIAN} or {@code ORNSTEIN_UHLENBECK} (continuous only)
 * @param sigma             noise σ as a fraction of each action dimension's half-range, at the start
 * @param sigmaFinal        σ after {@code decaySteps} env steps of this node (linear); equal to sigma for none
 * @param decaySteps        length of the linear σ decay, 0 for none
 * @param ouTheta           Ornstein-Uhlenbeck θ
 * @param ouDt              Ornstein-Uhlenbeck time step
 * @param rowsPerFrame      transitions per published frame (a frame also goes out when a step fills it past this)
 * @param discrete          ε-greedy on a Q network (DQN) rather than a noisy actor
 * @param epsilonSchedule   {@code LINEAR} (to the final ε at {@code epsilonDecay}) or {@code EXPONENTIAL}
 *                          ({@code final + (start - final) e^(-t / decay)})
 * @param epsilonStart      ε at the start
 * @param epsilonFinal      ε at the end of the decay
 * @param epsilonDecay      length (linear) or time constant (exponential) of the decay; 0 (linear only): final ε
 * @param epsilonPerEpisode the decay counts this node's finished episodes rather than its env steps
 * @param apeXActors        0: the schedule above; N > 0: Ape-X's fixed per-actor ε among N actors
 */
public record RolloutSpec(String envId, int envsPerActor, int[] actorHidden, String activation, String noise,
    double sigma, double sigmaFinal, long decaySteps, double ouTheta, double ouDt, int rowsPerFrame,
    boolean discrete, String epsilonSchedule, double epsilonStart, double epsilonFinal, long epsilonDecay,
    boolean epsilonPerEpisode, int apeXActors)
    implements ControlMessage {
    public RolloutSpec {
        actorHidden = actorHidden.clone();
        if (envsPerActor <= 0) {
            throw new IllegalArgumentException("envs per actor must be positive, got " + envsPerActor);
        }
        if (rowsPerFrame <= 0) {
            throw new IllegalArgumentException("rows per frame must be positive, got " + rowsPerFrame);
        }
        if (discrete) {
            if (!"LINEAR".equals(epsilonSchedule) && !"EXPONENTIAL".equals(epsilonSchedule)) {
                throw new IllegalArgumentException("epsilon schedule must be LINEAR or EXPONENTIAL, got "
                    + epsilonSchedule);
            }
            if (!(epsilonStart >= 0 && epsilonStart <= 1 && epsilonFinal >= 0 && epsilonFinal <= 1)
                || epsilonDecay < 0 || ("EXPONENTIAL".equals(epsilonSchedule) && epsilonDecay == 0)
                || apeXActors < 0) {
                throw new IllegalArgumentException("epsilon-greedy needs start and final in [0, 1], decay >= 0 (> 0 "
                    + "for exponential) and Ape-X actors >= 0, got " + epsilonStart + ", " + epsilonFinal + ", "
                    + epsilonDecay + ", " + apeXActors);
            }
        }
    }

    /** A continuous-action (TD3/DDPG) rollout: a noisy actor. */
    public RolloutSpec(final String envId, final int envsPerActor, final int[] actorHidden, final String activation,
        final String noise, final double sigma, final double sigmaFinal, final long decaySteps, final double ouTheta,
        final double ouDt, final int rowsPerFrame) {
        this(envId, envsPerActor, actorHidden, activation, noise, sigma, sigmaFinal, decaySteps, ouTheta, ouDt,
            rowsPerFrame, false, "LINEAR", 0, 0, 0, false, 0);
    }

    /** A discrete-action (DQN) rollout: ε-greedy on a Q network of {@code hidden} widths. */
    public static RolloutSpec discrete(final String envId, final int envsPerActor, final int[] hidden,
        final String activation, final String epsilonSchedule, final double epsilonStart, final double epsilonFinal,
        final long epsilonDecay, final boolean epsilonPerEpisode, final int apeXActors, final int rowsPerFrame) {
        return new RolloutSpec(envId, envsPerActor, hidden, activation, "GAUSSIAN", 0, 0, 0, 0, 0, rowsPerFrame, true,
            epsilonSchedule, epsilonStart, epsilonFinal, epsilonDecay, epsilonPerEpisode, apeXActors);
    }

    @Override
    public int[] actorHidden() {
        return actorHidden.clone();
    }
}
