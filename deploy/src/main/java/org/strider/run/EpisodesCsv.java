package org.strider.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code episodes.csv}: one row per finished training episode, as the actors report them
 * ({@code episode,end_step,return,length,actor}). {@code end_step} is the env steps the actors had taken when the
 * report arrived, which stands in for the episode's own end step (close enough for a plot). A resumed run numbers
 * on.
 */
final class EpisodesCsv implements AutoCloseable {
    static final String NAME = "episodes.csv";
    static final String HEADER = "episode,end_step,return,length,actor";

    private final CsvLog log;
    private long next;

    EpisodesCsv(final Path dir, final boolean append) throws IOException {
        this.next = append ? count(dir) : 0;
        this.log = new CsvLog(dir.resolve(NAME), HEADER, append);
    }

    /** Episodes recorded in {@code dir}'s file (0 if none). */
    static long count(final Path dir) throws IOException {
        return CsvLog.rows(dir.resolve(NAME)).size();
    }

    void add(final long endStep, final double episodeReturn, final int length, final int actor) {
        log.line(String.format(Locale.ROOT, "%d,%d,%.4f,%d,%d", next++, endStep, episodeReturn, length, actor));
    }

    /** Episodes recorded so far, those of the run this one resumed included. */
    long count() {
        return next;
    }

    @Override
    public void close() {
        log.close();
    }
}
