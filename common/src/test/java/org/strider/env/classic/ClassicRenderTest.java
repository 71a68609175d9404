package org.strider.env.classic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.strider.env.Box;
import org.strider.env.Discrete;
import org.strider.env.Env;
import org.strider.env.EnvRegistry;
import org.strider.env.Step;
import org.strider.render.Renderable;

class ClassicRenderTest {

    @ParameterizedTest
    @CsvSource({"Pendulum-v1, 500, 500", "CartPole-v1, 600, 400", "MountainCarContinuous-v0, 600, 400"})
    void shouldRenderNonBlankFrameOfGymnasiumSize(final String id, final int width, final int height) {
        try (Env env = EnvRegistry.make(id)) {
            final Renderable renderable = (Renderable) env;
            assertEquals(width, renderable.renderWidth());
            assertEquals(height, renderable.renderHeight());
            final Step step = Step.forEnv(env);
            env.reset(0, step.obs);
            final BufferedImage first = renderable.render();
            assertEquals(width, first.getWidth());
            assertEquals(height, first.getHeight());
            assertEquals(BufferedImage.TYPE_INT_RGB, first.getType());
            final int drawn = countNonWhite(first);
            assertTrue(drawn > 500 && drawn < width * height / 4, id + ": " + drawn + " drawn pixels");
            assertEquals(0xFFFFFF, first.getRGB(2, 2) & 0xFFFFFF, "white background");

            for (int t = 0; t < 5; t++) {
                if (env.actionSpace() instanceof Discrete) {
                    env.step(t % 2, step);
                } else {
                    env.step(new float[] {((Box) env.actionSpace()).high(0)}, step);
                }
            }
            final BufferedImage later = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            renderable.render(later);
            assertNotEquals(0, countDifferent(first, later), id + ": the frame follows the state");
        }
    }

    @Test
    void shouldDrawCartPoleColoursWhereGymnasiumDoes() {
        final CartPoleEnv env = (CartPoleEnv) EnvRegistry.make("CartPole-v1");
        env.reset(0);
        env.setState(0, 0, 0, 0);
        final BufferedImage frame = env.render();
        // Cart centre at (300, 100) from the bottom; the pole goes straight up from the axle.
        assertEquals(0x000000, frame.getRGB(300 - 20, 400 - 100 + 10) & 0xFFFFFF, "cart is black");
        assertEquals(0xCA9865, frame.getRGB(300, 400 - 200) & 0xFFFFFF, "pole is (202, 152, 101)");
        assertEquals(0x8184CB, frame.getRGB(300, 400 - 107) & 0xFFFFFF, "axle is (129, 132, 203)");
    }

    @Test
    void shouldDrawPendulumRodUpWhenThetaIsZero() {
        final PendulumEnv env = (PendulumEnv) EnvRegistry.make("Pendulum-v1");
        env.reset(0);
        env.setState(0, 0);
        final BufferedImage frame = env.render();
        assertEquals(0xCC4D4D, frame.getRGB(250, 250 - 80) & 0xFFFFFF, "rod (204, 77, 77) above the pivot");
        assertEquals(0xFFFFFF, frame.getRGB(250, 250 + 80) & 0xFFFFFF, "nothing below the pivot");
        assertEquals(0x000000, frame.getRGB(250, 250) & 0xFFFFFF, "black pivot");
    }

    @Test
    void shouldRefuseFrameOfWrongSize() {
        final Renderable env = (Renderable) EnvRegistry.make("CartPole-v1");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> env.render(new BufferedImage(500, 500, BufferedImage.TYPE_INT_RGB)));
        assertEquals("frame is 500x500, this env renders 600x400", ex.getMessage());
    }

    private static int countNonWhite(final BufferedImage frame) {
        int n = 0;
        for (int y = 0; y < frame.getHeight(); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                if ((frame.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int countDifferent(final BufferedImage a, final BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }
}
