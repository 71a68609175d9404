package org.strider.env.box2d.bipedal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reference data recorded with Gymnasium 1.3.0 and pybox2d 2.3.10 (see the header of each resource file): the
 * terrain of a few seeds and one scripted-walker episode.
 */
final class GymnasiumFixtures {

    /** One recorded walker step: the observation after it and the controller's next action. */
    record WalkerStep(float[] obs, float[] nextAction) {
    }

    /** The recorded episode of BipedalWalker-v3, seed 0. */
    record WalkerEpisode(float[] resetObs, List<WalkerStep> steps) {
    }

    /** One recorded course: the ground heights and each obstacle fixture's vertices. */
    record Terrain(String envId, long seed, double[] y, List<float[]> polygons) {
    }

    private GymnasiumFixtures() {
    }

    static WalkerEpisode walkerSeed0() {
        float[] reset = null;
        final List<WalkerStep> steps = new ArrayList<>();
        for (final String line : lines("gymnasium-walker-seed0.txt")) {
            if (line.startsWith("reset ")) {
                reset = floats(line.substring(6).trim().split(" "));
            } else if (line.startsWith("step ")) {
                final String[] parts = line.substring(5).split(" -> ");
                steps.add(new WalkerStep(floats(parts[0].trim().split(" ")), floats(parts[1].trim().split(" "))));
            }
        }
        return new WalkerEpisode(reset, steps);
    }

    static List<Terrain> terrains() {
        final List<Terrain> out = new ArrayList<>();
        String envId = null;
        long seed = 0;
        double[] y = null;
        List<float[]> polygons = new ArrayList<>();
        for (final String line : lines("gymnasium-terrain.txt")) {
            final String[] f = line.split(" ");
            switch (f[0]) {
                case "env" -> {
                    if (envId != null) {
                        out.add(new Terrain(envId, seed, y, polygons));
                    }
                    envId = f[1];
                    seed = Long.parseLong(f[2]);
                    polygons = new ArrayList<>();
                }
                case "y" -> {
                    y = new double[f.length - 1];
                    for (int i = 1; i < f.length; i++) {
                        y[i - 1] = Double.longBitsToDouble(Long.parseUnsignedLong(f[i], 16));
                    }
                }
                case "poly" -> polygons.add(floats(Arrays.copyOfRange(f, 1, f.length)));
                default -> throw new IllegalStateException("unexpected fixture line: " + line);
            }
        }
        out.add(new Terrain(envId, seed, y, polygons));
        return out;
    }

    private static float[] floats(final String[] hex) {
        final float[] out = new float[hex.length];
        for (int i = 0; i < hex.length; i++) {
            out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex[i], 16));
        }
        return out;
    }

    private static List<String> lines(final String resource) {
        try (InputStream in = GymnasiumFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            final List<String> out = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
