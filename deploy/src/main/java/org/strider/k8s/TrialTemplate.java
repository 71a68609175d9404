package org.strider.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The objects of one sweep trial, made from the rendered {@code k8s/overlays/sweep} (placeholders
 * {@value #SWEEP_PLACEHOLDER} and {@value #TRIAL_PLACEHOLDER} in names, labels, selectors and DNS names).
 * A trial's objects: the placeholders replaced, the namespace set, the run settings plus the trial's keys in
 * its ConfigMap, its swept values as an annotation on the learner, replicas from the spec.
 */
public final class TrialTemplate {
    public static final String SWEEP_PLACEHOLDER = "sweepname";
    public static final String TRIAL_PLACEHOLDER = "trialid";
    /** The rendered sweep overlay shipped in the jar. */
    public static final String BUNDLED = "/org/strider/k8s/sweep-template.yaml";
    static final String RUN_CONF = "run.conf";

    private final String text;

    private TrialTemplate(final String text) {
        if (!text.contains(SWEEP_PLACEHOLDER) || !text.contains(TRIAL_PLACEHOLDER)) {
            throw new IllegalArgumentException("sweep template lacks the placeholders " + SWEEP_PLACEHOLDER + " and "
                + TRIAL_PLACEHOLDER + " (render k8s/overlays/sweep)");
        }
        this.text = text;
    }

    /** The template shipped in the jar (k8s/overlays/sweep rendered at build time). */
    public static TrialTemplate bundled() {
        try (InputStream in = TrialTemplate.class.getResourceAsStream(BUNDLED)) {
            return new TrialTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rendered template file, or a Kustomize folder rendered with {@code kubectl kustomize}. */
    public static TrialTemplate load(final Path path) throws IOException, InterruptedException {
        if (!Files.isDirectory(path)) {
            return new TrialTemplate(Files.readString(path));
        }
        final Process p = new ProcessBuilder("kubectl", "kustomize", path.toString()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kubectl kustomize " + path + " failed: " + out);
        }
        return new TrialTemplate(out);
    }

    /** The trial's objects, in the template's (Kustomize's apply) order. */
    public List<HasMetadata> render(final String sweep, final String namespace, final SweepTrial trial,
        final Map<String, Object> fixed, final Integer actors) {
        final String filled = text.replace(SWEEP_PLACEHOLDER, sweep).replace(TRIAL_PLACEHOLDER, trial.id());
        final List<HasMetadata> objects = new ArrayList<>();
        for (final String doc : filled.split("(?m)^---\\s*$")) {
            if (doc.isBlank()) {
                continue;
            }
            final HasMetadata o = Serialization.unmarshal(doc, HasMetadata.class);
            o.getMetadata().setNamespace(namespace);
            objects.add(o);
        }
        for (final HasMetadata o : objects) {
            final String component = o.getMetadata().getLabels() == null ? null
                : o.getMetadata().getLabels().get(StriderLabels.COMPONENT);
            if (o instanceof ConfigMap c && c.getData() != null && c.getData().containsKey(RUN_CONF)) {
                c.getData().put(RUN_CONF, c.getData().get(RUN_CONF) + "\n# sweep " + sweep + ", trial "
                    + trial.id() + "\n" + trial.hocon(fixed));
            } else if (o instanceof StatefulSet s && StriderLabels.LEARNER.equals(component)) {
                annotate(o, trial);
                s.getSpec().getTemplate().getMetadata().setAnnotations(withParams(
                    s.getSpec().getTemplate().getMetadata().getAnnotations(), trial));
            } else if (o instanceof StatefulSet s && StriderLabels.REPLAY.equals(component)) {
                final Object shards = fixed.containsKey(SweepKeys.SHARDS) ? fixed.get(SweepKeys.SHARDS)
                    : trial.params().get(SweepKeys.SHARDS);
                if (shards != null) {
                    s.getSpec().setReplicas(Integer.parseInt(shards.toString()));
                }
            } else if (o instanceof Deployment d && StriderLabels.ACTOR.equals(component) && actors != null) {
                d.getSpec().setReplicas(actors);
            }
        }
        return objects;
    }

    private static void annotate(final HasMetadata o, final SweepTrial trial) {
        o.getMetadata().setAnnotations(withParams(o.getMetadata().getAnnotations(), trial));
    }

    private static Map<String, String> withParams(final Map<String, String> annotations, final SweepTrial trial) {
        final Map<String, String> a = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
        a.put(StriderLabels.TRIAL_PARAMS, trial.describe());
        return new java.util.TreeMap<>(a);
    }
}
