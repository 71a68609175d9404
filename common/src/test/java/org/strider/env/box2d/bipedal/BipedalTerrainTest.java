package org.strider.env.box2d.bipedal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jbox2d.collision.shapes.PolygonShape;
import org.junit.jupiter.api.Test;
import org.strider.env.EnvRegistry;
import org.strider.random.NumpyRandom;

class BipedalTerrainTest {

    @Test
    void shouldMatchGymnasiumTerrainWhenSeeded() {
        for (final GymnasiumFixtures.Terrain gym : GymnasiumFixtures.terrains()) {
            final BipedalWalker env = (BipedalWalker) EnvRegistry.make(gym.envId());
            env.reset(gym.seed());
            final String where = gym.envId() + " seed " + gym.seed();
            assertArrayEquals(gym.y(), env.terrain.y, 0.0, where);
            for (int i = 0; i < BipedalTerrain.LENGTH; i++) {
                assertEquals(i * (14 / 30.0), env.terrain.x[i], 0.0, where);
            }
            assertEquals(gym.polygons().size(), env.terrain.polygonCount, where);
            for (int p = 0; p < env.terrain.polygonCount; p++) {
                final PolygonShape shape = (PolygonShape) env.ground[p].getFixtureList().getShape();
                final float[] vertices = new float[shape.getVertexCount() * 2];
                for (int v = 0; v < shape.getVertexCount(); v++) {
                    vertices[2 * v] = shape.getVertex(v).x;
                    vertices[2 * v + 1] = shape.getVertex(v).y;
                }
                assertArrayEquals(gym.polygons().get(p), vertices, where + " obstacle " + p);
            }
        }
    }

    @Test
    void shouldHaveNoObstaclesWhenNotHardcore() {
        final BipedalTerrain terrain = new BipedalTerrain();
        for (long seed = 0; seed < 5; seed++) {
            terrain.generate(new NumpyRandom(seed), false);
            assertEquals(0, terrain.polygonCount);
        }
    }

    @Test
    void shouldHaveStumpsStairsAndPitsWhenHardcore() {
        final BipedalTerrain terrain = new BipedalTerrain();
        for (long seed = 0; seed < 5; seed++) {
            terrain.generate(new NumpyRandom(seed), true);
            final int[] polygons = new int[4];
            for (int p = 0; p < terrain.polygonCount; p++) {
                polygons[terrain.polygonKind[p]]++;
            }
            final String where = "seed " + seed;
            assertTrue(polygons[BipedalTerrain.KIND_STUMP] > 0, where + " has no stump");
            assertTrue(polygons[BipedalTerrain.KIND_STAIRS] >= 3, where + " has no stairs");
            assertTrue(polygons[BipedalTerrain.KIND_PIT] >= 2, where + " has no pit");
            assertEquals(0, polygons[BipedalTerrain.KIND_GRASS]);
            // A pit is two walls with the ground dropped 4 steps between them.
            boolean sawDrop = false;
            for (int i = 1; i < BipedalTerrain.LENGTH; i++) {
                sawDrop |= terrain.y[i - 1] - terrain.y[i] > 3.9 * BipedalTerrain.STEP;
            }
            assertTrue(sawDrop, where + " has no pit floor");
        }
    }

    @Test
    void shouldKeepStartPadFlatWhenGenerated() {
        final BipedalTerrain terrain = new BipedalTerrain();
        terrain.generate(new NumpyRandom(42), true);
        for (int i = 0; i <= BipedalTerrain.STARTPAD; i++) {
            assertEquals(BipedalTerrain.HEIGHT, terrain.y[i], 0.0, "x index " + i);
        }
    }
}
