package org.strider.learner.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The returns plot of a run, as the seeds draw theirs: every training episode's return (faint), its moving average,
 * and the evaluation means with ± one standard deviation, against env steps; an optional target line (e.g. the
 * env's reward threshold). Reads {@code episodes.csv} ({@code episode,end_step,return,…}) and the evaluations:
 * a distributed run's {@code eval.csv} or the synchronous trainer's {@code returns.csv} (both
 * {@code step,updates,eval_mean,eval_std,…}). The CSVs may be growing while it reads them (a run in progress): a
 * last line without its newline is left out. The PNG is written to a temporary file and moved into place.
 *
 * <pre>
 *   ReturnsPlot RUN_DIR OUT.png TITLE [TARGET]      (RUN_DIR's eval.csv, else its returns.csv)
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
        final Path evals = Files.exists(dir.resolve("eval.csv")) ? dir.resolve("eval.csv") : dir.resolve("returns.csv");
        write(dir.resolve("episodes.csv"), evals, Path.of(args[1]), args[2],
            args.length > 3 ? Double.parseDouble(args[3]) : Double.NaN);
        System.out.println("wrote " + args[1]);
    }

    /** Draws the plot into {@code png}; {@code target} NaN for no target line. */
    public static void write(final Path episodesCsv, final Path evalCsv, final Path png, final String title,
        final double target) throws IOException {
        final List<double[]> episodes = columns(episodesCsv, 1, 2);
        final List<double[]> evals = columns(evalCsv, 0, 2, 3);
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
        save(BitmapEncoder.getBufferedImage(chart), png);
    }

    /** Writes {@code image} as PNG to a temporary file beside {@code png}, then moves it into place. */
    static void save(final BufferedImage image, final Path png) throws IOException {
        final Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        final Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        if (!ImageIO.write(image, "png", tmp.toFile())) {
            throw new IOException("no PNG writer for " + png);
        }
        Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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

    /** Complete lines of {@code csv} (a last line still being written, without its newline, is left out). */
    static List<String> completeLines(final Path csv) throws IOException {
        final String text = Files.readString(csv);
        final int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\r?\n", -1));
    }

    static List<double[]> columns(final Path csv, final int... cols) throws IOException {
        final List<String> lines = completeLines(csv);
        final List<double[]> out = new ArrayList<>();
        for (int c = 0; c < cols.length; c++) {
            out.add(new double[Math.max(0, lines.size() - 1)]);
        }
        for (int r = 1; r < lines.size(); r++) {
            final String[] f = lines.get(r).split(",", -1);
            for (int c = 0; c < cols.length; c++) {
                try {
                    final String v = f[cols[c]];
                    out.get(c)[r - 1] = v.isEmpty() || v.equals("NaN") ? Double.NaN : Double.parseDouble(v);
                } catch (final RuntimeException e) {
                    throw new IOException(csv + " line " + (r + 1) + ": column " + (cols[c] + 1) + " is not a number: "
                        + lines.get(r), e);
                }
            }
        }
        return out;
    }
}
