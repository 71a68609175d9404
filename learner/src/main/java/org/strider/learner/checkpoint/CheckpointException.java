package org.strider.learner.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be loaded: not one, corrupt, truncated, or written for another run setup. */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(final Path file, final String message) {
        super("checkpoint " + file + ": " + message);
    }

    public CheckpointException(final Path file, final String message, final Throwable cause) {
        super("checkpoint " + file + ": " + message, cause);
    }
}
