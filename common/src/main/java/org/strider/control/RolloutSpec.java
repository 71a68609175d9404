package org.strider.control;

/**
 * What an actor node needs to roll out: the env, how many copies to step, the actor network's shape (plain-Java
 * inference needs no learner classes), the exploration noise, and how many transitions go in one frame.
 *
 * @param envId          registered env id
 * @param envsPerActor   K envs stepped together by one actor node
 * @param actorHidden    hidden widths of the actor MLP
 * @param activation     hidden activation name ({@code RELU} or {@code TANH})
 * @param noise          {@code GAUSSIAN} or {@code ORNSTEIN_UHLENBECK}
 * @param sigma          noise σ as a fraction of each action dimension's half-range, at the start
 * @param sigmaFinal     σ after {@code decaySteps} env steps of this node (linear); equal to sigma for none
 * @param decaySteps     length of the linear σ decay, 0 for none
 * @param ouTheta        Ornstein-Uhlenbeck θ
 * @param ouDt           Ornstein-Uhlenbeck time step
 * @param rowsPerFrame   transitions per published frame (a frame also goes out when a step fills it past this)
 */
public record RolloutSpec(String envId, int envsPerActor, int[] actorHidden, String activation, String noise,
    double sigma, double sigmaFinal, long decaySteps, double ouTheta, double ouDt, int rowsPerFrame)
    implements ControlMessage {
    public RolloutSpec {
        actorHidden = actorHidden.clone();
        if (envsPerActor <= 0) {
            throw new IllegalArgumentException("envs per actor must be positive, got " + envsPerActor);
        }
        if (rowsPerFrame <= 0) {
            throw new IllegalArgumentException("rows per frame must be positive, got " + rowsPerFrame);
        }
    }

    @Override
    public int[] actorHidden() {
        return actorHidden.clone();
    }
}
