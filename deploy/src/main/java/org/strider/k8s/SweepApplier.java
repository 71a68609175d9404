package org.strider.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link SweepPlan}: {@code parallel} trials at once; while trials are left it polls and applies the
 * next one when a running trial's learner pod is done (annotation {@link StriderLabels#STATE} finished or failed,
 * or pod phase Succeeded/Failed). Objects are created, or updated when they exist (re-running a sweep).
 */
public final class SweepApplier {
    private final KubernetesClient client;
    private final PrintWriter log;

    public SweepApplier(final KubernetesClient client, final PrintWriter log) {
        this.client = client;
        this.log = log;
    }

    /** Applies every trial; returns once the last one has been applied. */
    public void apply(final SweepPlan plan, final Duration poll) throws InterruptedException {
        final List<SweepPlan.Trial> running = new ArrayList<>();
        int next = 0;
        while (next < plan.trials().size()) {
            while (running.size() < plan.parallel() && next < plan.trials().size()) {
                final SweepPlan.Trial t = plan.trials().get(next++);
                applyTrial(plan.namespace(), t);
                running.add(t);
                log.println("applied " + t.run(plan.spec().name()) + " (" + t.trial().describe().replace('\n', ' ')
                    + "); " + (plan.trials().size() - next) + " waiting");
                log.flush();
            }
            if (next < plan.trials().size()) {
                Thread.sleep(poll.toMillis());
                running.removeIf(t -> done(plan.namespace(), plan.spec().name(), t.trial().id()));
            }
        }
    }

    /** Creates each object of the trial, or updates it if it exists. */
    public void applyTrial(final String namespace, final SweepPlan.Trial trial) {
        for (final HasMetadata o : trial.objects()) {
            client.resource(o).inNamespace(namespace).createOr(NonDeletingOperation::update);
        }
    }

    /** Whether the trial's learner has finished or failed. */
    public boolean done(final String namespace, final String sweep, final String trial) {
        for (final Pod p : client.pods().inNamespace(namespace).withLabel(StriderLabels.SWEEP, sweep)
            .withLabel(StriderLabels.TRIAL, trial).withLabel(StriderLabels.COMPONENT, StriderLabels.LEARNER).list()
            .getItems()) {
            final Map<String, String> a = p.getMetadata().getAnnotations();
            final String state = a == null ? null : a.get(StriderLabels.STATE);
            final String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if (StriderLabels.STATE_FINISHED.equals(state) || StriderLabels.STATE_FAILED.equals(state)
                || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                return true;
            }
        }
        return false;
    }
}
