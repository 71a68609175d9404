package org.strider.learner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The returns plot of a run, as the seeds draw theirs: every training episode's return (faint), its moving average,
 * and the evaluation means with ± one standard deviation, against env steps; an optional target line (e.g. the
 * env's reward threshold). Reads the trainer's {@code episodes.csv} ({@code episode,end_step,return,…}) and
 * {@code returns.csv} ({@code step,updates,eval_mean,eval_std,…}).
 *
 * <pre>
 *   ReturnsPlot RUN_DIR OUT.png TITLE [TARGET]
 * </pre>
 */
public final class ReturnsPlot {
    private static final int WINDOW = 100;

    private ReturnsPlot() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ReturnsPlot RUN_DIR OUT.png TITLE [TARGET]");
            System.exit(2);
        }
        final Path dir = Path.of(args[0]);
        write(dir.resolve("episodes.csv"), dir.resolve("returns.csv"), Path.of(args[1]), args[2],
            args.length > 3 ? Double.parseDouble(args[3]) : Double.NaN);
        System.out.println("wrote " + args[1]);
    }

    /** Draws the plot into {@code png}; {@code target} NaN for no target line. */
    public static void write(final Path episodesCsv, final Path returnsCsv, final Path png, final String title,
        final double target) throws IOException {
        final List<double[]> episodes = columns(episodesCsv, 1, 2);
        final List<double[]> evals = columns(returnsCsv, 0, 2, 3);
        final XYChart chart = new XYChartBuilder().width(960).height(540).title(title).xAxisTitle("env steps")
            .yAxisTitle("return").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        if (episodes.get(0).length > 0) {
            final XYSeries raw = chart.addSeries("episode return", episodes.get(0), episodes.get(1));
            raw.setMarker(SeriesMarkers.NONE);
            raw.setLineColor(new Color(31, 119, 180, 60));
            raw.setLineStyle(new BasicStroke(1f));
            final XYSeries avg = chart.addSeries("moving average (" + WINDOW + " episodes)", episodes.get(0),
                movingAverage(episodes.get(1), WINDOW));
            avg.setMarker(SeriesMarkers.NONE);
            avg.setLineColor(new Color(31, 119, 180));
            avg.setLineStyle(new BasicStroke(2f));
        }
        if (evals.get(0).length > 0) {
            final XYSeries eval = chart.addSeries("evaluation mean ± std", evals.get(0), evals.get(1), evals.get(2));
            eval.setMarker(SeriesMarkers.CIRCLE);
            eval.setMarkerColor(new Color(214, 39, 40));
            eval.setLineColor(new Color(214, 39, 40));
        }
        if (!Double.isNaN(target)) {
            final double[] xs = episodes.get(0).length > 0 ? episodes.get(0) : evals.get(0);
            if (xs.length > 0) {
                final XYSeries t = chart.addSeries("target " + (long) target, new double[] {0, xs[xs.length - 1]},
                    new double[] {target, target});
                t.setMarker(SeriesMarkers.NONE);
                t.setLineColor(new Color(44, 160, 44));
                t.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            }
        }
        final Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Mean of the last {@code window} values (fewer at the start) at each index. */
    static double[] movingAverage(final double[] v, final int window) {
        final double[] out = new double[v.length];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (i >= window) {
                sum -= v[i - window];
            }
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    private static List<double[]> columns(final Path csv, final int... cols) throws IOException {
        final List<String> lines = Files.readAllLines(csv);
        final List<double[]> out = new ArrayList<>();
        for (int c = 0; c < cols.length; c++) {
            out.add(new double[Math.max(0, lines.size() - 1)]);
        }
        for (int r = 1; r < lines.size(); r++) {
            final String[] f = lines.get(r).split(",");
            for (int c = 0; c < cols.length; c++) {
                try {
                    out.get(c)[r - 1] = Double.parseDouble(f[cols[c]]);
                } catch (final RuntimeException e) {
                    throw new IOException(csv + " line " + (r + 1) + ": column " + (cols[c] + 1) + " is not a number: "
                        + lines.get(r), e);
                }
            }
        }
        return out;
    }
}
