package org.strider.cli;

import java.nio.file.Path;
import java.util.Map;
import org.strider.wire.RunKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The run's data-plane key, shared by every role: with one, each frame carries an HMAC-SHA256 tag (16 bytes) and
 * frames without the right tag are dropped and counted ({@code BAD_MAC}, {@code UNAUTHENTICATED}). Every node of a
 * run needs the same key; on Kubernetes, mount it from a Secret.
 */
final class KeyOptions {
    /** Environment variable holding the key when no {@code --key-file} is given. */
    static final String ENV = "STRIDER_RUN_KEY";

    @Option(names = "--key-file", paramLabel = "FILE", description = "The run's data-plane key (hex, base64 or raw "
        + "bytes, at least 16): every frame signed and checked with HMAC-SHA256; all nodes of a run need the same "
        + "key (default: $" + ENV + ", else unsigned frames).")
    Path keyFile;

    /** The key from {@code --key-file}, else from {@code $STRIDER_RUN_KEY}, else null; a bad key is a usage error. */
    RunKey key(final CommandSpec spec) {
        return key(spec, System.getenv());
    }

    RunKey key(final CommandSpec spec, final Map<String, String> env) {
        final RunKey key = read(spec, env);
        if (key != null) {
            // The fingerprint (never the key) lets an operator check that every node holds the same key.
            spec.commandLine().getErr().println("data plane: frames signed with run key " + key);
        }
        return key;
    }

    private RunKey read(final CommandSpec spec, final Map<String, String> env) {
        try {
            if (keyFile != null) {
                return RunKey.fromFile(keyFile);
            }
            final String text = env.get(ENV);
            return text == null || text.isBlank() ? null : RunKey.parse(text.trim(), "$" + ENV);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), (keyFile != null ? "--key-file " + keyFile : "$" + ENV)
                + ": " + e.getMessage(), e);
        }
    }
}
