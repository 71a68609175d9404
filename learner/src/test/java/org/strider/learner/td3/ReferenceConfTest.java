package org.strider.learner.td3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class ReferenceConfTest {
    /** Reads the {@code key = value} lines of reference.conf's strider.learner block into a Td3Config. */
    @Test
    void shouldListEveryKeyWithTheDefaultsOfTd3Config() throws IOException {
        final String text;
        try (InputStream in = getClass().getResourceAsStream("/reference.conf")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final Deque<String> path = new ArrayDeque<>();
        final StringBuilder description = new StringBuilder();
        for (final String raw : text.lines().toList()) {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("{")) {
                path.addLast(line.substring(0, line.length() - 1).strip());
            } else if (line.equals("}")) {
                path.removeLast();
            } else {
                final String[] kv = line.split("=", 2);
                final String prefix = String.join(".", path).replaceFirst("^strider\\.learner\\.?", "");
                final String value = kv[1].strip().replace("[", "").replace("]", "").replace(" ", "");
                description.append(prefix.isEmpty() ? "" : prefix + ".").append(kv[0].strip()).append('=')
                    .append(value).append('\n');
            }
        }
        assertEquals(Td3Config.defaults().describe(), Td3Config.parse(description.toString()).describe());
        assertEquals(Td3Config.KEYS.size(), description.toString().lines().count());
    }
}
