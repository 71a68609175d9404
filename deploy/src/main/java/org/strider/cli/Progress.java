package org.strider.cli;

import java.io.PrintWriter;

/**
 * Progress lines on stderr, so stdout stays clean for {@code --json}: on a terminal one line redrawn in place,
 * otherwise (a log file, a pipe, a test) one plain line per update.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private boolean redrawn;

    Progress(final PrintWriter err, final boolean terminal, final boolean quiet) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    void update(final String line) {
        if (quiet) {
            return;
        }
        if (terminal) {
            err.print("\r\033[K" + line);
            redrawn = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends a redrawn line so what follows starts on a fresh one. */
    void finish() {
        if (redrawn) {
            err.println();
            err.flush();
            redrawn = false;
        }
    }
}
