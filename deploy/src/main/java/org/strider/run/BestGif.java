package org.strider.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.strider.learner.td3.Td3State;

/**
 * {@code best.gif}: the best policy ({@code checkpoints/best.ckpt}) on the first evaluation episode
 * ({@link Td3State#evalSeed}(0)), acting deterministically, every second frame kept, as
 * {@code strider evaluate --render} draws it. Written to a temporary file and moved into place.
 */
public final class BestGif {
    public static final String NAME = "best.gif";

    private BestGif() {
    }

    /** Why a GIF was not drawn, or null when it was. */
    public static String write(final Path runDir) throws IOException {
        final Path best = runDir.resolve("checkpoints").resolve("best.ckpt");
        if (!Files.isRegularFile(best)) {
            return "no best.ckpt (no evaluation ran)";
        }
        final Path tmp = runDir.resolve(NAME + ".tmp");
        final String skipped = CheckpointPolicy.read(best).writeEpisodeGif(tmp);
        if (skipped != null) {
            Files.deleteIfExists(tmp);
            return skipped;
        }
        Files.move(tmp, runDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }
}
