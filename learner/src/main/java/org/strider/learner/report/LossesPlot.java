package org.strider.learner.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learner's figures against updates, from {@code learner.csv} ({@code update,env_steps,critic_loss,actor_loss,
 * mean_q,td_error}, each row a mean over a window of updates): four panels in a 2×2 grid, critic loss (log scale
 * when every value is positive), actor loss, mean Q and TD error. Rows with a NaN (an actor loss before the first
 * actor step) are left out of that panel. Written like {@link ReturnsPlot}: temporary file, then moved into place.
 *
 * <pre>
 *   LossesPlot LEARNER_CSV OUT.png TITLE
 * </pre>
 */
public final class LossesPlot {
    private static final int PANEL_WIDTH = 640;
    private static final int PANEL_HEIGHT = 360;
    private static final String[] NAMES = {"critic loss", "actor loss", "mean Q", "TD error |Q - y|"};
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40)};

    private LossesPlot() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: LossesPlot LEARNER_CSV OUT.png TITLE");
            System.exit(2);
        }
        if (!write(Path.of(args[0]), Path.of(args[1]), args[2])) {
            System.err.println(args[0] + " has no rows yet; nothing drawn");
            System.exit(1);
        }
        System.out.println("wrote " + args[1]);
    }

    /** Draws {@code png} from {@code learnerCsv}; false (and nothing written) while the CSV has no row. */
    public static boolean write(final Path learnerCsv, final Path png, final String title) throws IOException {
        final List<double[]> c = ReturnsPlot.columns(learnerCsv, 0, 2, 3, 4, 5);
        if (c.get(0).length == 0) {
            return false;
        }
        final BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, 2 * PANEL_HEIGHT + 40,
            BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(g.getFont().deriveFont(18f));
            g.drawString(title, (image.getWidth() - g.getFontMetrics().stringWidth(title)) / 2, 28);
            for (int k = 0; k < NAMES.length; k++) {
                final XYChart chart = panel(NAMES[k], COLORS[k], c.get(0), c.get(k + 1), k == 0);
                g.drawImage(BitmapEncoder.getBufferedImage(chart), (k % 2) * PANEL_WIDTH, 40 + (k / 2) * PANEL_HEIGHT,
                    null);
            }
        } finally {
            g.dispose();
        }
        ReturnsPlot.save(image, png);
        return true;
    }

    private static XYChart panel(final String name, final Color color, final double[] updates, final double[] values,
        final boolean logIfPositive) {
        int n = 0;
        final double[] xs = new double[updates.length];
        final double[] ys = new double[updates.length];
        boolean positive = true;
        for (int i = 0; i < updates.length; i++) {
            if (Double.isFinite(values[i])) {
                xs[n] = updates[i];
                ys[n] = values[i];
                positive &= values[i] > 0;
                n++;
            }
        }
        final XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(name)
            .xAxisTitle("updates").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendVisible(false);
        if (n == 0) {
            // Nothing finite yet (e.g. no actor step): an empty panel with the axes at 0.
            final XYSeries empty = chart.addSeries(name, new double[] {0}, new double[] {0});
            empty.setMarker(SeriesMarkers.NONE);
            empty.setLineColor(new Color(0, 0, 0, 0));
            return chart;
        }
        chart.getStyler().setYAxisLogarithmic(logIfPositive && positive);
        final XYSeries s = chart.addSeries(name, Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
        s.setMarker(n == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setMarkerColor(color);
        s.setLineColor(color);
        return chart;
    }
}
