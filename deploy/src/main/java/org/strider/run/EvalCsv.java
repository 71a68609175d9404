package org.strider.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.strider.learner.train.Evaluation;

/**
 * {@code eval.csv}: one row per evaluation, {@code step,updates,eval_mean,eval_std,return_0,…,return_(M-1)} (the
 * synchronous trainer's {@code returns.csv} format, so {@code ReturnsPlot} reads both).
 */
final class EvalCsv implements AutoCloseable {
    static final String NAME = "eval.csv";

    private final CsvLog log;
    private final int episodes;

    EvalCsv(final Path dir, final int episodes, final boolean append) throws IOException {
        this.episodes = episodes;
        this.log = new CsvLog(dir.resolve(NAME), header(episodes), append);
    }

    static String header(final int episodes) {
        final StringBuilder header = new StringBuilder("step,updates,eval_mean,eval_std");
        for (int i = 0; i < episodes; i++) {
            header.append(",return_").append(i);
        }
        return header.toString();
    }

    /** The last row of {@code dir}'s file, or null if it has none. */
    static EvalRow last(final Path dir) throws IOException {
        final List<String> rows = CsvLog.rows(dir.resolve(NAME));
        if (rows.isEmpty()) {
            return null;
        }
        final String[] f = rows.get(rows.size() - 1).split(",");
        try {
            return new EvalRow(Long.parseLong(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]));
        } catch (final RuntimeException e) {
            throw new IOException(dir.resolve(NAME) + ": its last row is not step,updates,mean,std,…: "
                + rows.get(rows.size() - 1), e);
        }
    }

    EvalRow add(final Evaluation e) {
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%.4f,%.4f", e.envStep(),
            e.updates(), e.mean(), e.std()));
        final double[] r = e.returns();
        for (int i = 0; i < episodes; i++) {
            line.append(',').append(i < r.length ? String.format(Locale.ROOT, "%.4f", r[i]) : "");
        }
        log.line(line.toString());
        return EvalRow.of(e);
    }

    @Override
    public void close() {
        log.close();
    }
}
