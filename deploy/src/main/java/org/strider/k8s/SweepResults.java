package org.strider.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** {@code SWEEP.csv} (one row per trial, a column per swept key) and {@code SWEEP.png} (best eval per trial). */
public final class SweepResults {
    private SweepResults() {
    }

    /** Writes both files into {@code dir}; returns them (CSV first). */
    public static List<Path> write(final Path dir, final String sweep, final List<SweepStatus.Row> rows)
        throws IOException {
        Files.createDirectories(dir);
        final Set<String> keys = new LinkedHashSet<>();
        for (final SweepStatus.Row r : rows) {
            for (final String line : r.params().split("\n")) {
                if (line.indexOf('=') > 0) {
                    keys.add(line.substring(0, line.indexOf('=')));
                }
            }
        }
        final StringBuilder csv = new StringBuilder("trial," + String.join(",", keys)
            + ",phase,env_steps,best_eval,last_eval\n");
        for (final SweepStatus.Row r : rows) {
            csv.append(r.trial());
            for (final String k : keys) {
                csv.append(',').append(param(r.params(), k));
            }
            csv.append(',').append(r.phase()).append(',').append(r.envSteps() == null ? "" : r.envSteps())
                .append(',').append(number(r.bestEval())).append(',').append(number(r.lastEval())).append('\n');
        }
        final Path csvFile = dir.resolve(sweep + ".csv");
        Files.writeString(csvFile, csv);

        final CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
            .title("sweep " + sweep + ": best evaluation return per trial").xAxisTitle("trial")
            .yAxisTitle("best eval return").build();
        chart.getStyler().setLegendVisible(false);
        final List<String> names = new ArrayList<>();
        final List<Double> best = new ArrayList<>();
        for (final SweepStatus.Row r : rows) {
            names.add(r.trial());
            best.add(r.bestEval() == null ? 0.0 : r.bestEval());
        }
        if (names.isEmpty()) {
            names.add("(none)");
            best.add(0.0);
        }
        chart.addSeries("best eval", names, best);
        final Path png = dir.resolve(sweep + ".png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return List.of(csvFile, png);
    }

    private static String param(final String params, final String key) {
        for (final String line : params.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        return "";
    }

    private static String number(final Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.3f", d);
    }
}
