package org.strider.nn.export;

import java.io.IOException;
import java.nio.file.Path;

/** A policy export or safetensors file that cannot be used; the message names the file and what is wrong. */
public final class ExportFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Path file;

    public ExportFormatException(final Path file, final String what) {
        super(file + ": " + what);
        this.file = file;
    }

    public ExportFormatException(final Path file, final String what, final Throwable cause) {
        super(file + ": " + what, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
