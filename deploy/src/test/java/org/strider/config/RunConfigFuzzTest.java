package org.strider.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config loader under random input: mutated run configs (bytes flipped, cut, spliced, keys and values swapped for
 * junk) and random {@code --set} overrides. Every input either loads or fails with a {@link ConfigError} whose
 * message names a config path, the file or the {@code --set}; nothing else escapes. The count is set by
 * {@code strider.fuzz.configs} (default 3,000: each load resolves the whole reference tree, about 0.4 ms here;
 * 100,000 took 38 s).
 */
class RunConfigFuzzTest {
    private static final String VALID = """
        strider {
          run { env = "Pendulum-v1", steps = 5000, seed = 3, shards = 1, eval { every = 1000, episodes = 2 } }
          learner {
            networks { actor_hidden = [64, 64], critic_hidden = [64, 64] }
            td3 { tau = 0.01, policy_delay = 2 }
            replay { batch_size = 64, warmup_steps = 500 }
          }
        }
        """;
    private static final String[] JUNK = {"", "{", "}", "[", "]", "=", ":", "\"", ",", "null", "true", "-1", "1e309",
        "NaN", "0x10", "${strider.run.steps}", "${nope}", "include \"x\"", "\u0000", "é", "[1,", "999999999999999999999",
        "strider", "learner", "td3.gamma", "-0", "1.5", "\"Pendulum-v1\"", "CartPole-v1", "dqn", "algorithm = dqn"};
    private static final String[] KEYS = {"td3.tau", "steps", "seed", "replay.batch_size", "networks.actor_hidden",
        "algorithm", "eval.every", "strider.run.env", "preset", "exploration.sigma", "td3.gama", "strider.nope",
        "optimiser.actor_lr", "shards", "updates-per-step", "dqn.gamma", "", "=", "strider.learner"};

    @TempDir
    Path dir;

    @Test
    void shouldLoadOrNameTheProblemWhenConfigsAreRandom() throws Exception {
        final int count = Integer.getInteger("strider.fuzz.configs", 3_000);
        final SplittableRandom random = new SplittableRandom(20261127);
        final Map<String, Integer> outcomes = new TreeMap<>();
        final Path file = dir.resolve("run.conf");
        final long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Files.writeString(file, mutate(VALID, random));
            final List<String> sets = random.nextInt(3) == 0 ? List.of(randomSet(random)) : List.of();
            String outcome;
            try {
                RunConfigLoader.load(new ConfigRequest(file, sets, List.of(), null));
                outcome = "loaded";
            } catch (final ConfigError e) {
                assertTrue(e.getMessage() != null && (e.getMessage().startsWith("config")
                    || e.getMessage().startsWith("--set ")), "a config error names what is wrong: " + e.getMessage());
                outcome = kind(e.getMessage());
            } catch (final RuntimeException e) {
                throw new AssertionError("input " + i + " escaped as " + e + " for\n" + Files.readString(file)
                    + "\n--set " + sets, e);
            }
            outcomes.merge(outcome, 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "config fuzz: %d inputs in %.1f s, outcomes %s%n", count,
            (System.nanoTime() - start) / 1e9, outcomes);
        assertEquals(count, outcomes.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(outcomes.getOrDefault("loaded", 0) > 0, "some inputs still load: " + outcomes);
        assertEquals(4, outcomes.size(), "the inputs load, or fail to parse, on a key or on a --set: " + outcomes);
    }

    /** What a config error is about: the file (a parse error), a --set, or a key (unknown, wrong type, range). */
    private static String kind(final String message) {
        if (message.startsWith("--set ")) {
            return "--set";
        }
        final String rest = message.substring("config".length()).trim();
        return rest.startsWith("file ") || rest.startsWith(":") ? "parse error" : "key";
    }

    private static String mutate(final String text, final SplittableRandom random) {
        final StringBuilder s = new StringBuilder(text);
        final int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            final int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(5)) {
                case 0 -> s.insert(at, JUNK[random.nextInt(JUNK.length)]);
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(12)));
                case 2 -> s.setLength(at);
                case 3 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, (char) (32 + random.nextInt(95)));
                    }
                }
                default -> {
                    final int from = random.nextInt(text.length());
                    s.insert(at, text, from, Math.min(text.length(), from + 1 + random.nextInt(30)));
                }
            }
        }
        return s.toString();
    }

    private static String randomSet(final SplittableRandom random) {
        return KEYS[random.nextInt(KEYS.length)] + "=" + JUNK[random.nextInt(JUNK.length)];
    }
}
