package org.strider.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows of text in left- or right-aligned columns separated by two spaces; the last column is never padded. */
final class TextTable {
    private final String[] header;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(final String... header) {
        this.header = header;
        this.rightAligned = new boolean[header.length];
    }

    TextTable alignRight(final int... columns) {
        for (final int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    TextTable row(final String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.length);
        }
        rows.add(cells);
        return this;
    }

    void print(final PrintWriter out) {
        final int[] width = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            width[c] = header[c].length();
            for (final String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        printRow(out, header, width);
        for (final String[] r : rows) {
            printRow(out, r, width);
        }
        out.flush();
    }

    private void printRow(final PrintWriter out, final String[] cells, final int[] width) {
        final StringBuilder s = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            final boolean last = c == cells.length - 1;
            final String pad = " ".repeat(width[c] - cells[c].length());
            if (rightAligned[c]) {
                s.append(pad).append(cells[c]);
            } else {
                s.append(cells[c]).append(last ? "" : pad);
            }
            if (!last) {
                s.append("  ");
            }
        }
        out.println(s.toString().stripTrailing());
    }
}
