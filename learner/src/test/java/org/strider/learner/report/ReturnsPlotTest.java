package org.strider.learner.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReturnsPlotTest {
    @TempDir
    Path dir;

    @Test
    void shouldAverageOverTheWindowAndFewerAtTheStart() {
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5}, ReturnsPlot.movingAverage(new double[] {1, 2, 3, 4}, 2),
            1e-12);
    }

    @Test
    void shouldDrawAPngFromTheTrainerCsvs() throws IOException {
        Files.writeString(dir.resolve("episodes.csv"), "episode,end_step,return,length,terminated\n"
            + "0,200,-1200.5,200,false\n1,400,-900,200,false\n2,600,-300.25,200,false\n");
        Files.writeString(dir.resolve("returns.csv"), "step,updates,eval_mean,eval_std,return_0\n"
            + "300,100,-1000,50,-1000\n600,400,-250,20,-250\n");
        final Path png = dir.resolve("plots/returns.png");
        ReturnsPlot.write(dir.resolve("episodes.csv"), dir.resolve("returns.csv"), png, "test", -200);
        final BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(960, image.getWidth());
        assertEquals(540, image.getHeight());
        boolean red = false;
        for (int y = 0; y < image.getHeight() && !red; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == 0xFFD62728) {
                    red = true;
                    break;
                }
            }
        }
        assertTrue(red, "the evaluation series is drawn in its red");
    }

    @Test
    void shouldNameTheLineOfABadNumber() throws IOException {
        Files.writeString(dir.resolve("episodes.csv"), "episode,end_step,return\n0,200,oops\n");
        Files.writeString(dir.resolve("returns.csv"), "step,updates,eval_mean,eval_std\n");
        final IOException e = assertThrows(IOException.class, () -> ReturnsPlot.write(dir.resolve("episodes.csv"),
            dir.resolve("returns.csv"), dir.resolve("x.png"), "t", Double.NaN));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void shouldLeaveOutALastLineStillBeingWrittenWhenTheRunGoesOn() throws IOException {
        Files.writeString(dir.resolve("episodes.csv"), "episode,end_step,return,length,actor\n"
            + "0,200,-1200.5,200,0\n1,400,-900,200,0\n2,6");
        Files.writeString(dir.resolve("eval.csv"), "step,updates,eval_mean,eval_std,return_0\n300,100,-1000,50,-1000\n");
        final Path png = dir.resolve("returns.png");
        ReturnsPlot.write(dir.resolve("episodes.csv"), dir.resolve("eval.csv"), png, "live", Double.NaN);
        assertEquals(960, ImageIO.read(png.toFile()).getWidth());
        assertEquals(2, ReturnsPlot.columns(dir.resolve("episodes.csv"), 1, 2).get(0).length, "the partial row");
    }
}
