package org.strider.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress lines on stderr, so stdout stays clean for {@code --json}: on a terminal one line redrawn in place,
 * otherwise (a log file, a pipe, a test) plain lines, at most one per {@code plainEvery} (every update by default);
 * {@link #last} always prints.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean quiet;
    private final long plainEveryNs;
    private boolean redrawn;
    private long lastPlainNs;
    private boolean printedPlain;

    Progress(final PrintWriter err, final boolean terminal, final boolean quiet) {
        this(err, terminal, quiet, Duration.ZERO);
    }

    /** @param plainEvery off a terminal, the least time between two plain lines */
    Progress(final PrintWriter err, final boolean terminal, final boolean quiet, final Duration plainEvery) {
        this.err = err;
        this.terminal = terminal;
        this.quiet = quiet;
        this.plainEveryNs = plainEvery.toNanos();
    }

    void update(final String line) {
        if (quiet) {
            return;
        }
        if (!terminal) {
            final long now = System.nanoTime();
            if (printedPlain && now - lastPlainNs < plainEveryNs) {
                return;
            }
            printedPlain = true;
            lastPlainNs = now;
        }
        print(line);
    }

    /** The final state: printed whatever the period, then the line is ended. */
    void last(final String line) {
        if (!quiet) {
            print(line);
        }
        finish();
    }

    private void print(final String line) {
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
