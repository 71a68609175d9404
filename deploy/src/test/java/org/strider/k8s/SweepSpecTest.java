package org.strider.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSpecTest {
    static final String GRID = String.join("\n",
        "name: lr",
        "seeds: [0, 1]",
        "set: {strider.run.env: Pendulum-v1, strider.run.steps: 5000}",
        "grid:",
        "  strider.learner.optimiser.actor_lr: [1.0e-4, 3.0e-4]",
        "  strider.learner.td3.tau: [0.005, 0.01, 0.02]");

    static final String RANDOM = String.join("\n",
        "name: rnd",
        "search: random",
        "trials: 20",
        "sampler-seed: 7",
        "random:",
        "  strider.learner.optimiser.critic_lr: {min: 1.0e-5, max: 1.0e-2, log: true}",
        "  strider.learner.td3.policy_delay: {min: 1, max: 4}",
        "  strider.run.env: [Pendulum-v1, LunarLanderContinuous-v3]");

    @Test
    void shouldExpandEveryGridCombinationOncePerSeedWithFirstKeySlowest() {
        final List<SweepTrial> trials = SweepPlanner.trials(SweepSpec.parse(GRID));
        assertEquals(2 * 3 * 2, trials.size());
        assertEquals("t0", trials.get(0).id());
        assertEquals("t11", trials.get(11).id());
        assertEquals(Map.of("strider.learner.optimiser.actor_lr", 1.0e-4, "strider.learner.td3.tau", 0.005),
            trials.get(0).params());
        assertEquals(0, trials.get(0).seed());
        assertEquals(1, trials.get(1).seed());
        assertEquals(0.01, trials.get(2).params().get("strider.learner.td3.tau"));
        assertEquals(3.0e-4, trials.get(6).params().get("strider.learner.optimiser.actor_lr"));
        final String hocon = trials.get(7).hocon(SweepSpec.parse(GRID).set());
        assertTrue(hocon.contains("strider.run.env = \"Pendulum-v1\"\n"), hocon);
        assertTrue(hocon.contains("strider.learner.optimiser.actor_lr = 3.0E-4\n"), hocon);
        assertTrue(hocon.endsWith("strider.run.seed = 1\n"), hocon);
    }

    @Test
    void shouldDrawTheSameRandomTrialsWithinBoundsForTheSameSamplerSeed() {
        final List<SweepTrial> a = SweepPlanner.trials(SweepSpec.parse(RANDOM));
        final List<SweepTrial> b = SweepPlanner.trials(SweepSpec.parse(RANDOM));
        final List<SweepTrial> c = SweepPlanner.trials(SweepSpec.parse(RANDOM.replace("sampler-seed: 7",
            "sampler-seed: 8")));
        assertEquals(20, a.size());
        assertEquals(a, b);
        assertNotEquals(a, c);
        boolean belowGeometricMean = false;
        for (final SweepTrial t : a) {
            final double lr = (Double) t.params().get("strider.learner.optimiser.critic_lr");
            assertTrue(lr >= 1.0e-5 && lr <= 1.0e-2, t.toString());
            belowGeometricMean |= lr < 3.2e-4;
            final long delay = (Long) t.params().get("strider.learner.td3.policy_delay");
            assertTrue(delay >= 1 && delay <= 4, t.toString());
            assertTrue(List.of("Pendulum-v1", "LunarLanderContinuous-v3").contains(t.params().get("strider.run.env")));
        }
        assertTrue(belowGeometricMean, "log-uniform draws reach the lower decades");
    }

    @Test
    void shouldNameTheKeyWhenSpecIsWrong() {
        assertEquals("grdi", error(GRID + "\ngrdi: {}").key());
        assertEquals("grid.strider.learner.td3.taux", error(GRID.replace("td3.tau:", "td3.taux:")).key());
        assertTrue(error(GRID.replace("td3.tau:", "td3.taux:")).getMessage().contains("td3.tau"),
            "lists the known keys");
        assertEquals("grid.strider.learner.td3.tau", error(GRID.replace("[0.005, 0.01, 0.02]", "[]")).key());
        assertEquals("grid", error("name: lr\ngrid: {}").key());
        assertEquals("set.strider.run.seed", error(GRID.replace("strider.run.steps", "strider.run.seed")).key());
        assertEquals("name", error(GRID.replace("name: lr", "name: Bad_Name")).key());
        assertEquals("random.strider.learner.td3.tau", error(
            "name: r\nsearch: random\ntrials: 2\nrandom: {strider.learner.td3.tau: {min: 2, max: 1}}").key());
        assertEquals("trials", error("name: r\nsearch: random\nrandom: {strider.learner.td3.tau: [0.1]}").key());
        assertEquals("quota.disk", error(GRID + "\nquota: {disk: 1}").key());
        assertEquals("quota.memory", error(GRID + "\nquota: {memory: lots}").key());
        assertEquals("(file)", error("name: [unclosed").key());
    }

    @Test
    void shouldRefuseTrialsOverTheQuotaBeforeAnythingIsRendered() {
        final TrialTemplate template = TrialTemplate.bundled();
        final SweepPlan one = SweepPlan.of(SweepSpec.parse(GRID), template, "ns", 1);
        final Map<String, BigDecimal> each = TrialResources.requested(one.trials().get(0).objects());
        // learner 2 + replay 1 + 2 actors x 1 (k8s/base requests)
        assertEquals(0, new BigDecimal(5).compareTo(each.get("cpu")), each.toString());
        assertEquals(0, BigDecimal.ZERO.compareTo(each.get("nvidia.com/gpu")), each.toString());
        final String quota = GRID + "\nquota: {cpu: 10, memory: 64Gi}";
        assertEquals(2, SweepPlan.of(SweepSpec.parse(quota), template, "ns", 2).parallel());
        final SweepSpecException e = assertThrows(SweepSpecException.class,
            () -> SweepPlan.of(SweepSpec.parse(quota), template, "ns", 3));
        assertEquals("quota.cpu", e.key());
        assertTrue(e.getMessage().contains("3 trials at once request 15 cpu"), e.getMessage());
        assertEquals("quota.memory", assertThrows(SweepSpecException.class,
            () -> SweepPlan.of(SweepSpec.parse(GRID + "\nquota: {memory: 8Gi}"), template, "ns", 1)).key());
    }

    private static SweepSpecException error(final String yaml) {
        return assertThrows(SweepSpecException.class, () -> SweepSpec.parse(yaml));
    }
}
