package org.strider.env.box2d.lander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strider.env.EnvRegistry;
import org.strider.env.HeuristicPolicy;
import org.strider.env.Step;

class LunarLanderRenderTest {

    private static int count(final BufferedImage image, final int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void shouldDrawSkyMoonLanderAndFlagsAtGymnasiumSize() {
        final LunarLander env = (LunarLander) EnvRegistry.make("LunarLander-v3");
        env.reset(0);
        final BufferedImage frame = env.render();
        assertEquals(600, frame.getWidth());
        assertEquals(400, frame.getHeight());
        assertTrue(count(frame, 0x000000) > 100_000, "black sky");
        assertTrue(count(frame, 0xFFFFFF) > 20_000, "white moon");
        assertTrue(count(frame, 0x8066E6) > 300, "lander body (128, 102, 230)");
        assertTrue(count(frame, 0xCCCC00) > 100, "flags (204, 204, 0)");
        // The lander starts at the top centre; the helipad sits at a third of the height from the bottom.
        assertEquals(0x8066E6, frame.getRGB(300, 8) & 0xFFFFFF);
        assertEquals(0xFFFFFF, frame.getRGB(300, 399 - 95) & 0xFFFFFF);
        assertEquals(0x000000, frame.getRGB(300, 399 - 105) & 0xFFFFFF);
    }

    @Test
    void shouldDrawFlameParticlesWhileRendering() {
        final LunarLander env = (LunarLander) EnvRegistry.make("LunarLander-v3");
        final HeuristicPolicy policy = EnvRegistry.heuristic("LunarLander-v3", Map.of());
        final Step step = Step.forEnv(env);
        final float[] action = new float[1];
        final BufferedImage frame = new BufferedImage(600, 400, BufferedImage.TYPE_INT_RGB);
        env.reset(0, step.obs);
        env.render(frame);
        for (int t = 0; t < 40; t++) {
            policy.act(step.obs, action);
            env.step(action, step);
            env.render(frame);
        }
        assertTrue(env.particles.size() > 0);
        int reddish = 0;
        for (int y = 0; y < 400; y++) {
            for (int x = 0; x < 600; x++) {
                final int rgb = frame.getRGB(x, y);
                final int r = rgb >> 16 & 0xFF;
                final int g = rgb >> 8 & 0xFF;
                if (r > 100 && r > g + 40) {
                    reddish++;
                }
            }
        }
        assertTrue(reddish > 0, "flame particles");
    }

    @Test
    void shouldCreateNoParticlesWhenNeverRendered() {
        final LunarLander env = (LunarLander) EnvRegistry.make("LunarLander-v3");
        final Step step = Step.forEnv(env);
        env.reset(0, step.obs);
        for (int t = 0; t < 30; t++) {
            env.step(2, step);
        }
        assertEquals(0, env.particles.size());
    }

    @Test
    void shouldRefuseToRenderBeforeReset() {
        final LunarLander env = (LunarLander) EnvRegistry.make("LunarLanderContinuous-v3");
        assertEquals("LunarLanderContinuous-v3: render() called before the first reset()",
            assertThrows(IllegalStateException.class, env::render).getMessage());
    }
}
