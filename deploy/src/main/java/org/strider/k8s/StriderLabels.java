package org.strider.k8s;

/**
 * Label and annotation names Strider's Kubernetes objects carry (see k8s/base and k8s/overlays/sweep).
 *
 * <p>The learner publishes its progress as annotations on its own pod (the Role grants {@code patch} on pods):
 * {@link #ENV_STEPS}, {@link #BEST_EVAL}, {@link #LAST_EVAL} and {@link #STATE}. {@code strider sweep status}
 * and {@code strider sweep results} read them; a missing annotation reads as "not yet".
 */
public final class StriderLabels {
    /** Label: the run an object belongs to ({@code strider} in k8s/base; {@code SWEEP-TRIAL} for a sweep trial). */
    public static final String RUN = "strider.io/run";
    /** Label: the sweep a trial's objects belong to. */
    public static final String SWEEP = "strider.io/sweep";
    /** Label: the trial id within its sweep ({@code t0}, {@code t1}, ...). */
    public static final String TRIAL = "strider.io/trial";
    /** Label: the role of a workload and its pods: {@code learner}, {@code replay} or {@code actor}. */
    public static final String COMPONENT = "app.kubernetes.io/component";

    /** Annotation (learner pod): transitions the replay shards have inserted, a decimal long. */
    public static final String ENV_STEPS = "strider.io/env-steps";
    /** Annotation (learner pod): the best mean evaluation return so far, a decimal double. */
    public static final String BEST_EVAL = "strider.io/best-eval";
    /** Annotation (learner pod): the last mean evaluation return, a decimal double. */
    public static final String LAST_EVAL = "strider.io/last-eval";
    /** Annotation (learner pod): {@code running}, {@code finished} or {@code failed}. */
    public static final String STATE = "strider.io/state";
    /** Annotation (learner StatefulSet and its pods): the trial's swept keys, as {@code key=value} lines. */
    public static final String TRIAL_PARAMS = "strider.io/trial-params";

    public static final String LEARNER = "learner";
    public static final String REPLAY = "replay";
    public static final String ACTOR = "actor";

    public static final String STATE_RUNNING = "running";
    public static final String STATE_FINISHED = "finished";
    public static final String STATE_FAILED = "failed";

    private StriderLabels() {
    }
}
