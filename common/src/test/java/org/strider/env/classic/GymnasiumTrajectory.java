package org.strider.env.classic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One episode recorded from Gymnasium by {@code gymnasium-reference/generate.py}: the env, its options and seed, the
 * reset observation, and per step the action taken and what Gymnasium returned.
 */
record GymnasiumTrajectory(String name, String envId, Map<String, Object> options, long seed, float[] resetObs,
                           List<Row> steps) {

    /** One step: the action (a discrete index is stored as a float) and Gymnasium's reply. */
    record Row(int step, float action, double reward, boolean terminated, boolean truncated, float[] obs) {
    }

    @Override
    public String toString() {
        return name;
    }

    /** Reads every episode of a fixture file under {@code gymnasium-reference/}, in file order. */
    static List<GymnasiumTrajectory> load(final String file) {
        final String resource = "/gymnasium-reference/" + file;
        final Map<String, List<String[]>> byCase = new LinkedHashMap<>();
        try (InputStream in = GymnasiumTrajectory.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final String[] cols = line.split(",", -1);
                byCase.computeIfAbsent(cols[0], k -> new ArrayList<>()).add(cols);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        final List<GymnasiumTrajectory> out = new ArrayList<>();
        byCase.forEach((name, rows) -> out.add(parse(name, rows)));
        return out;
    }

    private static GymnasiumTrajectory parse(final String name, final List<String[]> rows) {
        final String[] first = rows.get(0);
        if (!"0".equals(first[4])) {
            throw new IllegalStateException(name + ": first row must be the reset (step 0)");
        }
        final List<Row> steps = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            final String[] c = rows.get(i);
            steps.add(new Row(Integer.parseInt(c[4]), Float.parseFloat(c[5]), Double.parseDouble(c[6]),
                Boolean.parseBoolean(c[7].toLowerCase()), Boolean.parseBoolean(c[8].toLowerCase()), obs(c)));
        }
        return new GymnasiumTrajectory(name, first[1], options(first[2]), Long.parseLong(first[3]), obs(first), steps);
    }

    private static float[] obs(final String[] cols) {
        final float[] obs = new float[cols.length - 9];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = Float.parseFloat(cols[9 + i]);
        }
        return obs;
    }

    private static Map<String, Object> options(final String text) {
        final Map<String, Object> options = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return options;
        }
        for (final String pair : text.split(";")) {
            final int eq = pair.indexOf('=');
            // EnvOptions parses strings into the default's type (boolean or number).
            options.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return options;
    }
}
