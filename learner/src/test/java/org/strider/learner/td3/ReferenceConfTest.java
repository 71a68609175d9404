package org.strider.learner.td3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.net.URL;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.preset.PresetFile;

class ReferenceConfTest {
    /** The learner module's own reference.conf (the first on the test class path), parsed as HOCON. */
    static Config learnerReference() {
        final URL url = ReferenceConfTest.class.getResource("/reference.conf");
        assertTrue(url.getPath().contains("learner"), "the learner's reference.conf comes first: " + url);
        return ConfigFactory.parseURL(url).resolve();
    }

    /** The block's leaves as a describe() text: {@code key=value} lines, lists joined with commas. */
    static String describe(final Config block, final String prefix) {
        final StringBuilder s = new StringBuilder(prefix);
        for (final Map.Entry<String, ConfigValue> e : block.entrySet()) {
            s.append(e.getKey()).append('=').append(PresetFile.text(e.getValue())).append('\n');
        }
        return s.toString();
    }

    @Test
    void shouldListEveryKeyWithTheDefaultsOfTd3Config() {
        final Config learner = learnerReference().getConfig("strider.learner");
        assertEquals(Td3Config.defaults().describe(), Td3Config.parse(describe(learner, "")).describe());
        assertEquals(new TreeSet<>(Td3Config.KEYS),
            new TreeSet<>(learner.entrySet().stream().map(Map.Entry::getKey).toList()));
    }

    @Test
    void shouldListEveryKeyWithTheDefaultsOfDqnConfig() {
        final Config dqn = learnerReference().getConfig("strider.dqn");
        // algorithm is strider.learner.algorithm = dqn, not a strider.dqn key.
        assertEquals(DqnConfig.defaults().describe(), DqnConfig.parse(describe(dqn, "algorithm=dqn\n")).describe());
        assertEquals(DqnConfig.KEYS.size() - 1, dqn.entrySet().size());
    }

    @Test
    void shouldCommentEveryKeyOnTheLineAbove() {
        final Config reference = learnerReference();
        for (final String block : new String[] {"strider.learner", "strider.dqn"}) {
            for (final Map.Entry<String, ConfigValue> e : reference.getConfig(block).entrySet()) {
                assertTrue(!e.getValue().origin().comments().isEmpty(), block + "." + e.getKey() + " has no comment");
            }
        }
    }
}
