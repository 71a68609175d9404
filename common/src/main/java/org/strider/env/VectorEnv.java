package org.strider.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.strider.random.Seeds;

/**
 * K environments of one id stepped together, with auto-reset. Env {@code i} gets its own seed stream:
 * episode {@code e} of env {@code i} starts from {@code Seeds.derive(Seeds.derive(seed, i), e)}, so the envs
 * differ from each other and a vector built with the same seed replays the same episodes.
 *
 * <pre>{@code
 * VectorEnv envs = VectorEnv.make("BipedalWalker-v3", Map.of(), 8, runSeed);
 * VectorStep out = VectorStep.forEnv(envs);
 * envs.reset(out.obs);
 * while (running) {
 *     policy.act(out.obs, actions);        // flat [K * actionSize]
 *     envs.step(actions, out);             // out.finalObs holds the last obs of episodes that just ended
 * }
 * }</pre>
 *
 * <p>Not thread-safe; stepping allocates nothing.
 */
public final class VectorEnv implements AutoCloseable {
    private final Env[] envs;
    private final Step[] steps;
    private final EpisodeSeeds episodeSeeds;
    private final long[] episodeIndex;
    private final double[] runningReturn;
    private final int[] runningLength;
    private final float[] actionScratch;
    private final int obsSize;
    private final int actionSize;
    private boolean started;

    /** Which env seed starts episode {@code episode} (0-based) of env {@code env}. */
    @FunctionalInterface
    public interface EpisodeSeeds {
        long seed(int env, long episode);
    }

    /** Wraps already-built envs of one id; the vector owns and closes them. */
    public VectorEnv(final List<Env> envs, final long seed) {
        this(envs, derivedSeeds(seed, envs.size()));
    }

    /**
     * Wraps already-built envs of one id whose episodes start from {@code episodeSeeds} (e.g. a lockstep actor's
     * single env replaying the synchronous trainer's episodes); the vector owns and closes them.
     */
    public VectorEnv(final List<Env> envs, final EpisodeSeeds episodeSeeds) {
        if (envs.isEmpty()) {
            throw new IllegalArgumentException("VectorEnv needs at least one env");
        }
        final Env first = envs.get(0);
        for (final Env e : envs) {
            if (!e.spec().id().equals(first.spec().id())
                || !e.observationSpace().equals(first.observationSpace())
                || !e.actionSpace().equals(first.actionSpace())) {
                throw new IllegalArgumentException("VectorEnv needs envs of one id and one set of spaces; got "
                    + first.spec().id() + " and " + e.spec().id());
            }
        }
        final int k = envs.size();
        this.envs = envs.toArray(new Env[0]);
        this.obsSize = first.observationSpace().flatSize();
        this.actionSize = first.actionSpace().flatSize();
        this.steps = new Step[k];
        this.episodeSeeds = episodeSeeds;
        this.episodeIndex = new long[k];
        this.runningReturn = new double[k];
        this.runningLength = new int[k];
        this.actionScratch = new float[actionSize];
        for (int i = 0; i < k; i++) {
            steps[i] = new Step(obsSize);
        }
    }

    private static EpisodeSeeds derivedSeeds(final long seed, final int k) {
        final long[] envSeeds = new long[k];
        for (int i = 0; i < k; i++) {
            envSeeds[i] = Seeds.derive(seed, i);
        }
        return (env, episode) -> Seeds.derive(envSeeds[env], episode);
    }

    /** Builds {@code numEnvs} envs of {@code id} with the same options. */
    public static VectorEnv make(final String id, final Map<String, ?> options, final int numEnvs, final long seed) {
        return new VectorEnv(makeEnvs(id, options, numEnvs), seed);
    }

    /** Builds {@code numEnvs} envs of {@code id} with the same options, their episodes seeded by {@code seeds}. */
    public static VectorEnv make(final String id, final Map<String, ?> options, final int numEnvs,
        final EpisodeSeeds seeds) {
        return new VectorEnv(makeEnvs(id, options, numEnvs), seeds);
    }

    private static List<Env> makeEnvs(final String id, final Map<String, ?> options, final int numEnvs) {
        if (numEnvs <= 0) {
            throw new IllegalArgumentException("VectorEnv needs numEnvs > 0, got " + numEnvs);
        }
        final List<Env> list = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            list.add(EnvRegistry.make(id, options));
        }
        return list;
    }

    public int numEnvs() {
        return envs.length;
    }

    public int obsSize() {
        return obsSize;
    }

    /** Floats per env in the flat action array (1 for a discrete space). */
    public int actionSize() {
        return actionSize;
    }

    public Env env(final int i) {
        return envs[i];
    }

    public EnvSpec spec() {
        return envs[0].spec();
    }

    /** The seed that started env {@code i}'s current episode. */
    public long episodeSeed(final int i) {
        return episodeSeeds.seed(i, episodeIndex[i]);
    }

    /** Starts the first episode of every env; {@code obsOut} is flat {@code [K * obsSize]}. */
    public void reset(final float[] obsOut) {
        checkLength("observation buffer", obsOut.length, envs.length * obsSize);
        for (int i = 0; i < envs.length; i++) {
            episodeIndex[i] = 0;
            resetEnv(i);
            System.arraycopy(steps[i].obs, 0, obsOut, i * obsSize, obsSize);
        }
        started = true;
    }

    /** Steps every env with its slice of {@code actions} (flat {@code [K * actionSize]}); ended envs auto-reset. */
    public void step(final float[] actions, final VectorStep out) {
        if (!started) {
            throw new IllegalStateException(spec().id() + " VectorEnv: step() before reset()");
        }
        checkLength("action array", actions.length, envs.length * actionSize);
        checkLength("VectorStep observation buffer", out.obs.length, envs.length * obsSize);
        out.episodesEnded = 0;
        for (int i = 0; i < envs.length; i++) {
            final Step s = steps[i];
            System.arraycopy(actions, i * actionSize, actionScratch, 0, actionSize);
            envs[i].step(actionScratch, s);
            runningReturn[i] += s.reward;
            runningLength[i]++;
            out.rewards[i] = s.reward;
            out.terminated[i] = s.terminated;
            out.truncated[i] = s.truncated;
            System.arraycopy(s.obs, 0, out.finalObs, i * obsSize, obsSize);
            if (s.done()) {
                out.episodeReturn[i] = runningReturn[i];
                out.episodeLength[i] = runningLength[i];
                out.episodesEnded++;
                episodeIndex[i]++;
                resetEnv(i);
            }
            System.arraycopy(s.obs, 0, out.obs, i * obsSize, obsSize);
        }
    }

    private void resetEnv(final int i) {
        envs[i].reset(episodeSeed(i), steps[i].obs);
        runningReturn[i] = 0;
        runningLength[i] = 0;
    }

    private void checkLength(final String what, final int got, final int expected) {
        if (got != expected) {
            throw new IllegalArgumentException(spec().id() + " VectorEnv of " + envs.length + ": " + what + " has "
                + got + " floats, expected " + expected);
        }
    }

    @Override
    public void close() {
        for (final Env e : envs) {
            e.close();
        }
    }
}
