package org.strider.learner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossesPlotTest {
    @TempDir
    Path dir;

    @Test
    void shouldDrawFourPanelsFromLearnerCsvLeavingOutNanAndAPartialLastLine() throws IOException {
        final Path csv = dir.resolve("learner.csv");
        Files.writeString(csv, "update,env_steps,critic_loss,actor_loss,mean_q,td_error\n"
            + "100,600,12.5,NaN,-3.0,2.5\n200,700,8.25,4.5,-5.5,2.0\n300,800,6.0,6.5,-8.0,1.75\n400,9");
        final Path png = dir.resolve("losses.png");
        assertTrue(LossesPlot.write(csv, png, "TD3 on Pendulum-v1"));
        final BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(760, image.getHeight());
        assertTrue(hasColour(image, 0xFF1F77B4) && hasColour(image, 0xFFD62728), "critic loss and TD error drawn");
        assertFalse(Files.exists(dir.resolve("losses.png.tmp")));
    }

    @Test
    void shouldDrawNothingWhileTheCsvHasNoRow() throws IOException {
        final Path csv = dir.resolve("learner.csv");
        Files.writeString(csv, "update,env_steps,critic_loss,actor_loss,mean_q,td_error\n");
        assertFalse(LossesPlot.write(csv, dir.resolve("losses.png"), "t"));
        assertFalse(Files.exists(dir.resolve("losses.png")));
    }

    private static boolean hasColour(final BufferedImage image, final int argb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == argb) {
                    return true;
                }
            }
        }
        return false;
    }
}
