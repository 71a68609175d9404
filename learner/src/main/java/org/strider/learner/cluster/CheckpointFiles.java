package org.strider.learner.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strider.learner.checkpoint.Checkpoint;
import org.strider.learner.td3.Td3State;

/**
 * A run's {@code checkpoints/} directory: {@code latest.ckpt} (periodically and at the end), {@code best.ckpt}
 * (whenever an evaluation beats the best so far) and {@code best.json} beside it (which evaluation that was). The
 * learner's state only, no replay (the shards hold it). Every file is written to a temporary name and moved into
 * place, so a reader never sees half a file. Called on the learner thread, where the state is consistent.
 */
public final class CheckpointFiles {
    public static final String LATEST = "latest.ckpt";
    public static final String BEST = "best.ckpt";
    public static final String BEST_JSON = "best.json";
    private static final Pattern FIELD = Pattern.compile("\"(step|updates|eval_mean)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");

    private final Path dir;
    private final String envId;

    public CheckpointFiles(final Path dir, final String envId) {
        this.dir = dir;
        this.envId = envId;
    }

    public Path dir() {
        return dir;
    }

    public Path latest() {
        return dir.resolve(LATEST);
    }

    public Path best() {
        return dir.resolve(BEST);
    }

    public void writeLatest(final Td3State state) throws IOException {
        Files.createDirectories(dir);
        Checkpoint.write(latest(), envId, state, false);
    }

    /** {@code latest.ckpt} from any algorithm's state (its own checkpoint format). */
    public void writeLatest(final LearnerAlgorithm state) throws IOException {
        Files.createDirectories(dir);
        state.writeCheckpoint(latest(), envId);
    }

    /** {@code best.ckpt} from {@code state}, then {@code best.json} saying which evaluation it was. */
    public void writeBest(final Td3State state, final BestEval best) throws IOException {
        Files.createDirectories(dir);
        Checkpoint.write(best(), envId, state, false);
        writeBestJson(best);
    }

    /** {@link #writeBest(Td3State, BestEval)} for any algorithm's state (its own checkpoint format). */
    public void writeBest(final LearnerAlgorithm state, final BestEval best) throws IOException {
        Files.createDirectories(dir);
        state.writeCheckpoint(best(), envId);
        writeBestJson(best);
    }

    private void writeBestJson(final BestEval best) throws IOException {
        final Path tmp = dir.resolve(BEST_JSON + ".tmp");
        Files.writeString(tmp, best.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(BEST_JSON), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The best evaluation recorded in {@code dir/best.json}; null if there is none.
     *
     * @throws IOException naming the file if it cannot be read or lacks one of its three numbers
     */
    public static BestEval readBest(final Path dir) throws IOException {
        final Path file = dir.resolve(BEST_JSON);
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException e) {
            return null;
        }
        long step = -1;
        long updates = -1;
        double mean = Double.NaN;
        final Matcher m = FIELD.matcher(text);
        try {
            while (m.find()) {
                switch (m.group(1)) {
                    case "step" -> step = Long.parseLong(m.group(2));
                    case "updates" -> updates = Long.parseLong(m.group(2));
                    default -> mean = Double.parseDouble(m.group(2));
                }
            }
            return new BestEval(step, updates, mean);
        } catch (final IllegalArgumentException e) {
            throw new IOException(file + " is not a best-evaluation record (it needs \"step\", \"updates\" and "
                + "\"eval_mean\" numbers): " + e.getMessage(), e);
        }
    }
}
