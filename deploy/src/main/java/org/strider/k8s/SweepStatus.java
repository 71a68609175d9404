package org.strider.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A sweep's trials as the cluster shows them: learner StatefulSets, their pods' phases and annotations. */
public final class SweepStatus {
    private SweepStatus() {
    }

    /**
     * One trial: its pods' phase ({@link StriderLabels#STATE} of the learner pod when published, else the learner
     * pod's phase), ready pods of all its pods, and the learner's published env steps and evaluations
     * ({@code null}: not published yet).
     */
    public record Row(String trial, String phase, int readyPods, int pods, Long envSteps, Double bestEval,
        Double lastEval, String params) {
    }

    public static List<Row> read(final KubernetesClient client, final String namespace, final String sweep) {
        final List<Row> rows = new ArrayList<>();
        final List<Pod> pods = client.pods().inNamespace(namespace).withLabel(StriderLabels.SWEEP, sweep).list()
            .getItems();
        for (final StatefulSet s : client.apps().statefulSets().inNamespace(namespace)
            .withLabel(StriderLabels.SWEEP, sweep).withLabel(StriderLabels.COMPONENT, StriderLabels.LEARNER).list()
            .getItems()) {
            final String trial = s.getMetadata().getLabels().get(StriderLabels.TRIAL);
            final List<Pod> mine = pods.stream()
                .filter(p -> trial.equals(p.getMetadata().getLabels().get(StriderLabels.TRIAL))).toList();
            final Pod learner = mine.stream()
                .filter(p -> StriderLabels.LEARNER.equals(p.getMetadata().getLabels().get(StriderLabels.COMPONENT)))
                .findFirst().orElse(null);
            final Map<String, String> a = learner == null || learner.getMetadata().getAnnotations() == null ? Map.of()
                : learner.getMetadata().getAnnotations();
            final String phase = a.containsKey(StriderLabels.STATE) ? a.get(StriderLabels.STATE)
                : learner == null ? "NoPod" : learner.getStatus() == null || learner.getStatus().getPhase() == null
                    ? "Unknown" : learner.getStatus().getPhase();
            final int ready = (int) mine.stream().filter(SweepStatus::ready).count();
            final Map<String, String> sa = s.getMetadata().getAnnotations();
            final String params = sa == null ? "" : sa.getOrDefault(StriderLabels.TRIAL_PARAMS, "");
            rows.add(new Row(trial, phase, ready, mine.size(), parseLong(a.get(StriderLabels.ENV_STEPS)),
                parseDouble(a.get(StriderLabels.BEST_EVAL)), parseDouble(a.get(StriderLabels.LAST_EVAL)), params));
        }
        rows.sort(Comparator.comparingInt(r -> index(r.trial())));
        return rows;
    }

    private static boolean ready(final Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int index(final String trial) {
        try {
            return Integer.parseInt(trial.substring(1));
        } catch (final RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static Long parseLong(final String s) {
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(final String s) {
        try {
            return s == null ? null : Double.parseDouble(s.trim());
        } catch (final NumberFormatException e) {
            return null;
        }
    }
}
