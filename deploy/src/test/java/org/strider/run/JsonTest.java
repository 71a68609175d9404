package org.strider.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static Map<String, Object> sample() {
        final Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("mean", -133.5);
        inner.put("std", Double.NaN);
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("env", "Pendulum-v1");
        m.put("steps", 20000L);
        m.put("best", inner);
        m.put("none", null);
        m.put("empty", Map.of());
        m.put("files", List.of("a \"b\"\n", "c"));
        m.put("floats", new float[] {4.8f, Float.POSITIVE_INFINITY});
        return m;
    }

    @Test
    void shouldWriteCompactJsonWhenAskedForOneLine() {
        assertEquals("{\"env\":\"Pendulum-v1\",\"steps\":20000,\"best\":{\"mean\":-133.5,\"std\":null},\"none\":null,"
            + "\"empty\":{},\"files\":[\"a \\\"b\\\"\\n\",\"c\"],\"floats\":[4.8,null]}", Json.write(sample()));
    }

    @Test
    void shouldIndentObjectsAndKeepListsOnOneLineWhenPretty() {
        assertEquals("""
            {
              "env": "Pendulum-v1",
              "steps": 20000,
              "best": {
                "mean": -133.5,
                "std": null
              },
              "none": null,
              "empty": {},
              "files": ["a \\"b\\"\\n", "c"],
              "floats": [4.8, null]
            }""", Json.pretty(sample()));
    }
}
