package org.strider.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every trial of a sweep with the objects it will apply, checked against the spec's quota before anything is
 * applied or written. {@link #write} writes exactly the objects {@link SweepApplier} applies.
 */
public record SweepPlan(SweepSpec spec, String namespace, List<Trial> trials, int parallel) {

    /** One trial and its objects. */
    public record Trial(SweepTrial trial, List<HasMetadata> objects) {
        /** The trial's run name: the value of its {@link StriderLabels#RUN} label. */
        public String run(final String sweep) {
            return sweep + "-" + trial.id();
        }
    }

    /**
     * Renders every trial; {@code maxParallel} 0 means the spec's (or all trials). A quota the {@code parallel}
     * largest trials would exceed is a {@link SweepSpecException} naming {@code quota.RESOURCE}.
     */
    public static SweepPlan of(final SweepSpec spec, final TrialTemplate template, final String namespace,
        final int maxParallel) {
        final List<Trial> trials = new ArrayList<>();
        for (final SweepTrial t : SweepPlanner.trials(spec)) {
            trials.add(new Trial(t, template.render(spec.name(), namespace, t, spec.set(), spec.actors())));
        }
        final int asked = maxParallel > 0 ? maxParallel : spec.maxParallel() > 0 ? spec.maxParallel() : trials.size();
        final int parallel = Math.min(asked, trials.size());
        final List<Map<String, BigDecimal>> requests = trials.stream().map(t -> TrialResources.requested(t.objects()))
            .toList();
        for (final Map.Entry<String, String> q : spec.quota().entrySet()) {
            final String resource = q.getKey();
            final BigDecimal limit = TrialResources.amount("quota." + resource, q.getValue());
            final BigDecimal atOnce = requests.stream().map(r -> r.get(resource))
                .sorted(Comparator.reverseOrder()).limit(parallel).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (atOnce.compareTo(limit) > 0) {
                final BigDecimal one = requests.stream().map(r -> r.get(resource)).max(Comparator.naturalOrder())
                    .orElse(BigDecimal.ZERO);
                throw new SweepSpecException("quota." + resource, parallel + " trials at once request "
                    + plain(atOnce) + " " + resource + " (up to " + plain(one) + " each), over the quota of "
                    + plain(limit) + "; lower max-parallel or the trials' resources, or raise the quota");
            }
        }
        return new SweepPlan(spec, namespace, List.copyOf(trials), parallel);
    }

    /** One file per trial, {@code DIR/SWEEP-TRIAL.yaml}: the trial's objects as applied. Returns the files. */
    public List<Path> write(final Path dir) throws IOException {
        Files.createDirectories(dir);
        final List<Path> files = new ArrayList<>();
        for (final Trial t : trials) {
            final Path f = dir.resolve(t.run(spec.name()) + ".yaml");
            Files.writeString(f, yaml(t.objects()));
            files.add(f);
        }
        return files;
    }

    /** The objects as one multi-document YAML text. */
    public static String yaml(final List<HasMetadata> objects) {
        final StringBuilder s = new StringBuilder();
        for (final HasMetadata o : objects) {
            final String y = Serialization.asYaml(o);
            s.append(y.startsWith("---") ? "" : "---\n").append(y);
            if (!y.endsWith("\n")) {
                s.append('\n');
            }
        }
        return s.toString();
    }

    private static String plain(final BigDecimal b) {
        final BigDecimal gib = BigDecimal.valueOf(1L << 30);
        return b.compareTo(gib) >= 0 && b.remainder(gib.divide(BigDecimal.valueOf(1024))).signum() == 0
            ? b.divide(gib, 3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "Gi"
            : b.stripTrailingZeros().toPlainString();
    }
}
