package org.strider.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One CSV file of a run, written a line at a time and flushed after each, so a plot or a person reading it while
 * the run goes sees whole lines. A fresh run truncates it and writes the header; a resumed run appends to it, after
 * checking the header is the one it would write (and cutting off a last line left without its newline).
 */
final class CsvLog implements AutoCloseable {
    private final Path file;
    private final PrintWriter out;

    CsvLog(final Path file, final String header, final boolean append) throws IOException {
        this.file = file;
        final boolean extend = append && Files.exists(file) && Files.size(file) > 0;
        if (extend) {
            final List<String> head = Files.readAllLines(file, StandardCharsets.UTF_8).stream().limit(1).toList();
            if (!head.get(0).equals(header)) {
                throw new IOException(file + " has the header '" + head.get(0) + "', not '" + header + "': it was "
                    + "written by another kind of run (or another --eval-episodes); cannot append to it");
            }
            cutPartialLastLine(file);
        }
        final BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            extend ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        this.out = new PrintWriter(w);
        if (!extend) {
            line(header);
        }
    }

    private static void cutPartialLastLine(final Path file) throws IOException {
        final byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
    }

    /** Complete lines of {@code file} after its header (a last line without its newline left out); none if absent. */
    static List<String> rows(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final int end = text.lastIndexOf('\n');
        if (end < 0) {
            return List.of();
        }
        final List<String> lines = List.of(text.substring(0, end).split("\r?\n", -1));
        return lines.subList(Math.min(1, lines.size()), lines.size());
    }

    void line(final String line) {
        out.println(line);
        out.flush();
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        out.close();
        if (out.checkError()) {
            throw new UncheckedIOException(new IOException("could not write " + file));
        }
    }
}
