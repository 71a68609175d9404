package org.strider.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a trial's workloads request in all (container requests x replicas), per resource name. */
public final class TrialResources {
    private TrialResources() {
    }

    /** Sum of requests of every StatefulSet and Deployment in {@code objects}, keyed cpu, memory, nvidia.com/gpu. */
    public static Map<String, BigDecimal> requested(final List<HasMetadata> objects) {
        final Map<String, BigDecimal> sum = new LinkedHashMap<>();
        for (final String r : SweepSpec.QUOTA_KEYS.stream().sorted().toList()) {
            sum.put(r, BigDecimal.ZERO);
        }
        for (final HasMetadata o : objects) {
            final PodTemplateSpec template;
            final int replicas;
            if (o instanceof StatefulSet s) {
                template = s.getSpec().getTemplate();
                replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            } else if (o instanceof Deployment d) {
                template = d.getSpec().getTemplate();
                replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            } else {
                continue;
            }
            for (final Container c : template.getSpec().getContainers()) {
                if (c.getResources() == null || c.getResources().getRequests() == null) {
                    continue;
                }
                c.getResources().getRequests().forEach((name, q) -> {
                    if (sum.containsKey(name)) {
                        sum.merge(name, Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(replicas)),
                            BigDecimal::add);
                    }
                });
            }
        }
        return sum;
    }

    /** A quantity such as {@code 4}, {@code 500m} or {@code 64Gi} in base units; a bad one names {@code where}. */
    public static BigDecimal amount(final String where, final String quantity) {
        try {
            return Quantity.getAmountInBytes(new Quantity(quantity));
        } catch (final IllegalArgumentException e) {
            throw new SweepSpecException(where, "not a Kubernetes quantity (e.g. 4, 500m, 64Gi): " + quantity);
        }
    }
}
