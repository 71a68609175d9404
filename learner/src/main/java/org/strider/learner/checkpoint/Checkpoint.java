package org.strider.learner.checkpoint;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.nd4j.linalg.factory.Nd4j;
import org.strider.env.Box;
import org.strider.learner.dqn.DqnConfig;
import org.strider.learner.dqn.DqnState;
import org.strider.learner.nn.Network;
import org.strider.learner.optim.Adam;
import org.strider.learner.td3.Td3Config;
import org.strider.learner.td3.Td3State;

/**
 * A {@link Td3State} on disk. Layout (big-endian): the 16-byte magic {@code "STRIDER-TD3-CKPT"}, the format
 * version (int), then sections, each {@code tag (4 ASCII bytes) | payload length (long) | payload | CRC32 of the
 * payload (int)}, in this order:
 * <pre>
 *   HEAD  env id, the config's {@link Td3Config#describe()}, run seed, observation size, action bounds, whether
 *         the replay buffer follows, env steps and updates (for {@link #inspect})
 *   NETS  actor, actor target, critic 1, its target[, critic 2, its target]: parameter count, float values
 *   OPTM  per Adam (actor, critic 1[, critic 2]): step count, first and second moments
 *   RNGS  target-noise, exploration, warm-up and replay-sampling generator states; the OU noise value
 *   PROG  env steps, updates, learning-starts step, episodes, the episode in progress (actions, observation)
 *   RPLY  optional: the replay buffer's rows and ring position ({@code ReplayBuffer.writeState})
 *   END   empty: a file without it was cut short
 * </pre>
 * Writing goes to a temporary file moved over the target at the end, so a crash never leaves half a checkpoint.
 * {@link #read} builds a new state and checks every section's length and CRC, the header against the expected
 * env and config, and every array's size; on any failure it throws a {@link CheckpointException} that says what
 * is wrong, and the caller's state is untouched (there is no partial load).
 *
 * <p>A {@link DqnState} has its own magic, {@code "STRIDER-DQN-CKPT"}, and the same section framing:
 * <pre>
 *   HEAD  env id, the config's {@link DqnConfig#describe()}, run seed, observation size, number of actions,
 *         whether the replay buffer follows, env steps and updates
 *   NETS  Q network, its target (batch-norm running statistics included): parameter count, float values
 *   OPTM  the Adam's step count, first and second moments
 *   RNGS  exploration, warm-up and replay-sampling generator states
 *   PROG  env steps, updates, learning-starts step, episodes, the episode in progress (return, action indices,
 *         observation)
 *   RPLY  optional, as above;  END
 * </pre>
 */
public final class Checkpoint {
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "STRIDER-TD3-CKPT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DQN_MAGIC = "STRIDER-DQN-CKPT".getBytes(StandardCharsets.US_ASCII);
    private static final String[] NET_NAMES = {"actor", "actor target", "critic 1", "critic 1 target", "critic 2",
        "critic 2 target"};
    private static final String[] ADAM_NAMES = {"actor Adam", "critic 1 Adam", "critic 2 Adam"};

    private Checkpoint() {
    }

    /** What a checkpoint's header says, read without loading the rest. */
    public record Info(int formatVersion, String envId, String config, long seed, int obsSize, float[] actionLow,
        float[] actionHigh, boolean hasReplay, long envSteps, long updates) {
    }

    /** What a DQN checkpoint's header says, read without loading the rest. */
    public record DqnInfo(int formatVersion, String envId, String config, long seed, int obsSize, int actions,
        boolean hasReplay, long envSteps, long updates) {
    }

    /** Whether {@code file} starts with the DQN checkpoint magic (false for TD3 checkpoints and other files). */
    public static boolean isDqn(final Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(DQN_MAGIC.length), DQN_MAGIC);
        }
    }

    /** Writes a DQN {@code state} (trained on {@code envId}) to {@code file}, with the replay buffer if asked. */
    public static void write(final Path file, final String envId, final DqnState state, final boolean withReplay)
        throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
            1 << 16))) {
            out.write(DQN_MAGIC);
            out.writeInt(FORMAT_VERSION);
            section(out, "HEAD", d -> {
                d.writeUTF(envId);
                d.writeUTF(state.config().describe());
                d.writeLong(state.seed());
                d.writeInt(state.obsSize());
                d.writeInt(state.actions());
                d.writeBoolean(withReplay);
                d.writeLong(state.envSteps());
                d.writeLong(state.updates());
            });
            section(out, "NETS", d -> {
                d.writeInt(2);
                writeFloats(d, state.q().paramsToFloats());
                writeFloats(d, state.qTarget().paramsToFloats());
            });
            section(out, "OPTM", d -> {
                d.writeInt(1);
                d.writeLong(state.optimiser().stepCount());
                writeFloats(d, state.optimiser().firstMoment().toFloatVector());
                writeFloats(d, state.optimiser().secondMoment().toFloatVector());
            });
            section(out, "RNGS", d -> {
                d.writeLong(state.explorationRng().state());
                d.writeLong(state.warmupRng().state());
                d.writeLong(state.replay().rngState());
            });
            section(out, "PROG", d -> {
                d.writeLong(state.envSteps());
                d.writeLong(state.updates());
                d.writeLong(state.learningStartsAt());
                d.writeLong(state.episodes());
                d.writeBoolean(state.inEpisode());
                d.writeDouble(state.episodeReturn());
                final int[] actions = state.episodeActions();
                d.writeInt(actions.length);
                for (final int a : actions) {
                    d.writeInt(a);
                }
                writeFloats(d, state.obs());
            });
            if (withReplay) {
                writeTag(out, "RPLY");
                out.writeLong(state.replay().stateBytes());
                final CheckedOutputStream checked = new CheckedOutputStream(nonClosing(out), new CRC32());
                final DataOutputStream d = new DataOutputStream(checked);
                state.replay().writeState(d);
                d.flush();
                out.writeInt((int) checked.getChecksum().getValue());
            }
            section(out, "END ", d -> {
            });
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The header of a DQN checkpoint. */
    public static DqnInfo inspectDqn(final Path file) throws IOException {
        try (Reader r = new Reader(file)) {
            return r.dqnHeader();
        }
    }

    /** Loads a DQN checkpoint with the config it was written with (for {@code envId}). */
    public static DqnState readDqn(final Path file, final String envId) throws IOException {
        final DqnConfig config;
        try {
            config = DqnConfig.parse(inspectDqn(file).config());
        } catch (final IllegalArgumentException e) {
            throw new CheckpointException(file, "its config does not parse in this build: " + e.getMessage(), e);
        }
        return readDqn(file, envId, config);
    }

    /**
     * Loads a DQN checkpoint into a new state, which must have been written for {@code envId} and {@code config}.
     *
     * @throws CheckpointException if the file is not a DQN checkpoint, is corrupt or cut short, or was written for
     *                             another env, config or format version; nothing is half-loaded
     */
    public static DqnState readDqn(final Path file, final String envId, final DqnConfig config) throws IOException {
        try (Reader r = new Reader(file)) {
            final DqnInfo info = r.dqnHeader();
            if (!info.envId().equals(envId)) {
                throw r.fail("written for env " + info.envId() + ", not " + envId);
            }
            if (!info.config().equals(config.describe())) {
                throw r.fail("written for another config: " + difference(info.config(), config.describe()));
            }
            final DqnState state = DqnState.create(config, info.obsSize(), info.actions(), info.seed());
            r.section("NETS", d -> {
                r.expect("network count", d.readInt(), 2);
                state.q().setParams(readFloats(d, state.q().paramCount(), "Q network parameters", r));
                state.qTarget().setParams(readFloats(d, state.qTarget().paramCount(), "target parameters", r));
            });
            r.section("OPTM", d -> {
                r.expect("optimiser count", d.readInt(), 1);
                final long steps = d.readLong();
                final int n = (int) state.optimiser().firstMoment().length();
                final float[] m = readFloats(d, n, "Adam first moment", r);
                final float[] v = readFloats(d, n, "Adam second moment", r);
                if (steps < 0) {
                    throw r.fail("Adam has a negative step count " + steps);
                }
                state.optimiser().restore(steps, Nd4j.createFromArray(m), Nd4j.createFromArray(v));
            });
            r.section("RNGS", d -> {
                state.explorationRng().state(d.readLong());
                state.warmupRng().state(d.readLong());
                state.replay().rngState(d.readLong());
            });
            r.section("PROG", d -> {
                final long envSteps = d.readLong();
                final long updates = d.readLong();
                final long learningStartsAt = d.readLong();
                final long episodes = d.readLong();
                final boolean inEpisode = d.readBoolean();
                final double episodeReturn = d.readDouble();
                final int steps = d.readInt();
                if (envSteps < 0 || updates < 0 || episodes < 0 || steps < 0 || steps > envSteps
                    || (inEpisode && episodes == 0)) {
                    throw r.fail("progress counters are inconsistent: env steps " + envSteps + ", updates " + updates
                        + ", episodes " + episodes + ", episode steps " + steps);
                }
                final int[] actions = new int[steps];
                for (int t = 0; t < steps; t++) {
                    actions[t] = d.readInt();
                }
                final float[] obs = readFloats(d, state.obsSize(), "observation", r);
                state.restoreProgress(envSteps, updates, info.hasReplay() ? learningStartsAt
                    : Math.max(learningStartsAt, envSteps + config.replay().warmupSteps()), episodes, inEpisode,
                    episodeReturn, actions, obs);
            });
            if (info.hasReplay()) {
                r.streamedSection("RPLY", d -> state.replay().readState(d));
            }
            r.section("END ", d -> {
            });
            r.expectEndOfFile();
            return state;
        }
    }

    /** Writes {@code state} (trained on {@code envId}) to {@code file}, with the replay buffer if asked. */
    public static void write(final Path file, final String envId, final Td3State state, final boolean withReplay)
        throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp),
            1 << 16))) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            section(out, "HEAD", d -> {
                d.writeUTF(envId);
                d.writeUTF(state.config().describe());
                d.writeLong(state.seed());
                d.writeInt(state.obsSize());
                writeFloats(d, state.actionLow());
                writeFloats(d, state.actionHigh());
                d.writeBoolean(withReplay);
                d.writeLong(state.envSteps());
                d.writeLong(state.updates());
            });
            section(out, "NETS", d -> {
                final Network[] nets = networks(state);
                d.writeInt(nets.length);
                for (final Network net : nets) {
                    writeFloats(d, net.paramsToFloats());
                }
            });
            section(out, "OPTM", d -> {
                final Adam[] optimisers = optimisers(state);
                d.writeInt(optimisers.length);
                for (final Adam adam : optimisers) {
                    d.writeLong(adam.stepCount());
                    writeFloats(d, adam.firstMoment().toFloatVector());
                    writeFloats(d, adam.secondMoment().toFloatVector());
                }
            });
            section(out, "RNGS", d -> {
                d.writeLong(state.targetNoiseRng().state());
                d.writeLong(state.explorationRng().state());
                d.writeLong(state.warmupRng().state());
                d.writeLong(state.replay().rngState());
                d.writeInt(state.ouNoise().length);
                for (final double x : state.ouNoise()) {
                    d.writeDouble(x);
                }
            });
            section(out, "PROG", d -> {
                d.writeLong(state.envSteps());
                d.writeLong(state.updates());
                d.writeLong(state.learningStartsAt());
                d.writeLong(state.episodes());
                d.writeBoolean(state.inEpisode());
                d.writeInt(state.episodeSteps());
                d.writeDouble(state.episodeReturn());
                writeFloats(d, state.episodeActions());
                writeFloats(d, state.obs());
            });
            if (withReplay) {
                writeTag(out, "RPLY");
                out.writeLong(state.replay().stateBytes());
                final CheckedOutputStream checked = new CheckedOutputStream(nonClosing(out), new CRC32());
                final DataOutputStream d = new DataOutputStream(checked);
                state.replay().writeState(d);
                d.flush();
                out.writeInt((int) checked.getChecksum().getValue());
            }
            section(out, "END ", d -> {
            });
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The header of {@code file}: what it was written for and how far the run was. */
    public static Info inspect(final Path file) throws IOException {
        try (Reader r = new Reader(file)) {
            return r.header();
        }
    }

    /** Loads {@code file} with the config it was written with (for {@code envId}); see {@link #read(Path, String, Td3Config)}. */
    public static Td3State read(final Path file, final String envId) throws IOException {
        final Td3Config config;
        try {
            config = Td3Config.parse(inspect(file).config());
        } catch (final IllegalArgumentException e) {
            throw new CheckpointException(file, "its config does not parse in this build: " + e.getMessage(), e);
        }
        return read(file, envId, config);
    }

    /**
     * Loads {@code file} into a new state, which must have been written for {@code envId} and {@code config}.
     *
     * @throws CheckpointException if the file is not a checkpoint, is corrupt or cut short, or was written for
     *                             another env, config or format version; nothing is half-loaded
     */
    public static Td3State read(final Path file, final String envId, final Td3Config config) throws IOException {
        try (Reader r = new Reader(file)) {
            final Info info = r.header();
            if (!info.envId().equals(envId)) {
                throw r.fail("written for env " + info.envId() + ", not " + envId);
            }
            if (!info.config().equals(config.describe())) {
                throw r.fail("written for another config: " + difference(info.config(), config.describe()));
            }
            final Td3State state = Td3State.create(config, info.obsSize(),
                new Box(info.actionLow(), info.actionHigh(), info.actionLow().length), info.seed());
            r.section("NETS", d -> {
                final Network[] nets = networks(state);
                r.expect("network count", d.readInt(), nets.length);
                for (int k = 0; k < nets.length; k++) {
                    nets[k].setParams(readFloats(d, nets[k].paramCount(), NET_NAMES[k] + " parameters", r));
                }
            });
            r.section("OPTM", d -> {
                final Adam[] optimisers = optimisers(state);
                r.expect("optimiser count", d.readInt(), optimisers.length);
                for (int k = 0; k < optimisers.length; k++) {
                    final long steps = d.readLong();
                    final int n = (int) optimisers[k].firstMoment().length();
                    final float[] m = readFloats(d, n, ADAM_NAMES[k] + " first moment", r);
                    final float[] v = readFloats(d, n, ADAM_NAMES[k] + " second moment", r);
                    if (steps < 0) {
                        throw r.fail(ADAM_NAMES[k] + " has a negative step count " + steps);
                    }
                    optimisers[k].restore(steps, Nd4j.createFromArray(m), Nd4j.createFromArray(v));
                }
            });
            r.section("RNGS", d -> {
                state.targetNoiseRng().state(d.readLong());
                state.explorationRng().state(d.readLong());
                state.warmupRng().state(d.readLong());
                state.replay().rngState(d.readLong());
                r.expect("OU noise size", d.readInt(), state.actionSize());
                for (int j = 0; j < state.actionSize(); j++) {
                    state.ouNoise()[j] = d.readDouble();
                }
            });
            r.section("PROG", d -> {
                final long envSteps = d.readLong();
                final long updates = d.readLong();
                final long learningStartsAt = d.readLong();
                final long episodes = d.readLong();
                final boolean inEpisode = d.readBoolean();
                final int episodeSteps = d.readInt();
                final double episodeReturn = d.readDouble();
                if (envSteps < 0 || updates < 0 || episodes < 0 || episodeSteps < 0 || (inEpisode && episodes == 0)) {
                    throw r.fail("progress counters are inconsistent: env steps " + envSteps + ", updates " + updates
                        + ", episodes " + episodes + ", episode steps " + episodeSteps);
                }
                final float[] actions = readFloats(d, Math.multiplyExact(episodeSteps, state.actionSize()),
                    "episode actions", r);
                final float[] obs = readFloats(d, state.obsSize(), "observation", r);
                state.restoreProgress(envSteps, updates, info.hasReplay() ? learningStartsAt
                    : Math.max(learningStartsAt, envSteps + config.replay().warmupSteps()), episodes, inEpisode,
                    episodeSteps, episodeReturn, actions, obs);
            });
            if (info.hasReplay()) {
                r.streamedSection("RPLY", d -> state.replay().readState(d));
            }
            r.section("END ", d -> {
            });
            r.expectEndOfFile();
            return state;
        }
    }

    private static Network[] networks(final Td3State s) {
        return s.critic2() == null
            ? new Network[] {s.actor(), s.actorTarget(), s.critic1(), s.critic1Target()}
            : new Network[] {s.actor(), s.actorTarget(), s.critic1(), s.critic1Target(), s.critic2(),
                s.critic2Target()};
    }

    private static Adam[] optimisers(final Td3State s) {
        return s.critic2Optimiser() == null
            ? new Adam[] {s.actorOptimiser(), s.critic1Optimiser()}
            : new Adam[] {s.actorOptimiser(), s.critic1Optimiser(), s.critic2Optimiser()};
    }

    /** The keys whose values differ, as {@code key is A in the file, B expected}. */
    private static String difference(final String inFile, final String expected) {
        final Map<String, String> file = keyValues(inFile);
        final Map<String, String> here = keyValues(expected);
        final List<String> diffs = new ArrayList<>();
        for (final Map.Entry<String, String> e : here.entrySet()) {
            final String theirs = file.get(e.getKey());
            if (!e.getValue().equals(theirs)) {
                diffs.add(e.getKey() + " is " + (theirs == null ? "missing" : theirs) + " in the file, "
                    + e.getValue() + " expected");
            }
        }
        for (final String key : file.keySet()) {
            if (!here.containsKey(key)) {
                diffs.add(key + " is in the file but not in this build's config");
            }
        }
        return String.join("; ", diffs);
    }

    private static Map<String, String> keyValues(final String text) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (final String line : text.split("\n")) {
            final int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }

    @FunctionalInterface
    private interface Body {
        void write(DataOutput out) throws IOException;
    }

    @FunctionalInterface
    private interface Parse {
        void read(DataInput in) throws IOException;
    }

    private static void section(final DataOutputStream out, final String tag, final Body body) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream d = new DataOutputStream(bytes);
        body.write(d);
        d.flush();
        final byte[] payload = bytes.toByteArray();
        final CRC32 crc = new CRC32();
        crc.update(payload);
        writeTag(out, tag);
        out.writeLong(payload.length);
        out.write(payload);
        out.writeInt((int) crc.getValue());
    }

    private static void writeTag(final DataOutput out, final String tag) throws IOException {
        out.write(tag.getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeFloats(final DataOutput out, final float[] values) throws IOException {
        out.writeInt(values.length);
        final ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }

    private static float[] readFloats(final DataInput in, final int expected, final String what, final Reader r)
        throws IOException {
        r.expect(what + " count", in.readInt(), expected);
        final byte[] bytes = new byte[expected * Float.BYTES];
        in.readFully(bytes);
        final float[] values = new float[expected];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return values;
    }

    private static OutputStream nonClosing(final OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(final int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }

    /** Sequential, position-tracking reader of the section stream. */
    private static final class Reader implements AutoCloseable {
        private final Path file;
        private final long fileSize;
        private final DataInputStream in;
        private long position;
        private String current = "header";

        Reader(final Path file) throws IOException {
            this.file = file;
            this.fileSize = Files.size(file);
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        }

        Info header() throws IOException {
            final byte[] magic = new byte[MAGIC.length];
            if (fileSize < MAGIC.length + 4) {
                throw fail("not a Strider TD3 checkpoint (" + fileSize + " bytes, too short for a header)");
            }
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw fail("not a Strider TD3 checkpoint (the file does not start with STRIDER-TD3-CKPT"
                    + (Arrays.equals(magic, DQN_MAGIC) ? "; it is a DQN checkpoint" : "") + ")");
            }
            final int version = version();
            final Info[] info = new Info[1];
            section("HEAD", d -> {
                final String envId = d.readUTF();
                final String config = d.readUTF();
                final long seed = d.readLong();
                final int obsSize = d.readInt();
                final int actions = d.readInt();
                if (obsSize <= 0 || actions <= 0 || actions > 1 << 16) {
                    throw fail("header has observation size " + obsSize + " and " + actions + " action dimensions");
                }
                final float[] low = new float[actions];
                for (int j = 0; j < actions; j++) {
                    low[j] = d.readFloat();
                }
                final float[] high = readFloats(d, actions, "action high", this);
                info[0] = new Info(version, envId, config, seed, obsSize, low, high, d.readBoolean(), d.readLong(),
                    d.readLong());
            });
            return info[0];
        }

        DqnInfo dqnHeader() throws IOException {
            final byte[] magic = new byte[DQN_MAGIC.length];
            if (fileSize < DQN_MAGIC.length + 4) {
                throw fail("not a Strider DQN checkpoint (" + fileSize + " bytes, too short for a header)");
            }
            in.readFully(magic);
            if (!Arrays.equals(magic, DQN_MAGIC)) {
                throw fail("not a Strider DQN checkpoint (the file does not start with STRIDER-DQN-CKPT"
                    + (Arrays.equals(magic, MAGIC) ? "; it is a TD3 checkpoint" : "") + ")");
            }
            final int version = version();
            final DqnInfo[] info = new DqnInfo[1];
            section("HEAD", d -> {
                final String envId = d.readUTF();
                final String config = d.readUTF();
                final long seed = d.readLong();
                final int obsSize = d.readInt();
                final int actions = d.readInt();
                if (obsSize <= 0 || actions < 2 || actions > 1 << 20) {
                    throw fail("header has observation size " + obsSize + " and " + actions + " actions");
                }
                info[0] = new DqnInfo(version, envId, config, seed, obsSize, actions, d.readBoolean(), d.readLong(),
                    d.readLong());
            });
            return info[0];
        }

        private int version() throws IOException {
            final int version = in.readInt();
            position = MAGIC.length + 4;
            if (version != FORMAT_VERSION) {
                throw fail("format version " + version + "; this build reads version " + FORMAT_VERSION);
            }
            return version;
        }

        /** Reads a whole section, checks its CRC, then parses it; the parse must use every byte. */
        void section(final String tag, final Parse parse) throws IOException {
            final long length = sectionHeader(tag);
            final byte[] payload = new byte[(int) length];
            readFully(payload, tag);
            final CRC32 crc = new CRC32();
            crc.update(payload);
            checkCrc(tag, crc.getValue());
            final ByteArrayInputStream bytes = new ByteArrayInputStream(payload);
            try {
                parse.read(new DataInputStream(bytes));
            } catch (final EOFException e) {
                throw fail("section " + tag + " is shorter than its contents need (" + length + " bytes)", e);
            } catch (final IllegalArgumentException e) {
                throw fail("section " + tag + " does not fit: " + e.getMessage(), e);
            }
            if (bytes.available() != 0) {
                throw fail("section " + tag + " has " + bytes.available() + " bytes left over after its contents");
            }
        }

        /** A section parsed while it streams (the replay buffer); its CRC is checked at the end. */
        void streamedSection(final String tag, final Parse parse) throws IOException {
            final long length = sectionHeader(tag);
            final Bounded bounded = new Bounded(in, length);
            final CheckedInputStream checked = new CheckedInputStream(bounded, new CRC32());
            try {
                parse.read(new DataInputStream(checked));
            } catch (final EOFException e) {
                throw fail("section " + tag + " is shorter than its contents need (" + length + " bytes)", e);
            } catch (final CheckpointException e) {
                throw e;
            } catch (final IOException e) {
                throw fail("section " + tag + " does not fit: " + e.getMessage(), e);
            }
            if (bounded.left != 0) {
                throw fail("section " + tag + " has " + bounded.left + " bytes left over after its contents");
            }
            position += length;
            checkCrc(tag, checked.getChecksum().getValue());
        }

        int expect(final String what, final int actual, final int expected) throws CheckpointException {
            if (actual != expected) {
                throw fail("section " + current + ": " + what + " is " + actual + " in the file, " + expected
                    + " for this config");
            }
            return actual;
        }

        void expectEndOfFile() throws IOException {
            if (in.read() != -1) {
                throw fail("has " + (fileSize - position) + " bytes after its END section");
            }
        }

        CheckpointException fail(final String message) {
            return new CheckpointException(file, message);
        }

        CheckpointException fail(final String message, final Throwable cause) {
            return new CheckpointException(file, message, cause);
        }

        private long sectionHeader(final String tag) throws IOException {
            current = tag;
            if (fileSize - position < 12) {
                throw fail("truncated: " + (fileSize - position) + " bytes left at offset " + position
                    + " where section " + tag + " should start");
            }
            final byte[] tagBytes = new byte[4];
            in.readFully(tagBytes);
            final String found = new String(tagBytes, StandardCharsets.US_ASCII);
            if (!found.equals(tag)) {
                throw fail("expected section " + tag + " at offset " + position + ", found '" + printable(found)
                    + "' (corrupt, or written by another format)");
            }
            final long length = in.readLong();
            position += 12;
            final long left = fileSize - position;
            if (length < 0 || length > left - 4) {
                throw fail("truncated or corrupt: section " + tag + " says it has " + length + " bytes, the file has "
                    + Math.max(0, left - 4) + " left for it");
            }
            if (length > Integer.MAX_VALUE - 8 && !tag.equals("RPLY")) {
                throw fail("section " + tag + " is implausibly large (" + length + " bytes)");
            }
            return length;
        }

        private void readFully(final byte[] payload, final String tag) throws IOException {
            try {
                in.readFully(payload);
            } catch (final EOFException e) {
                throw fail("truncated inside section " + tag, e);
            }
            position += payload.length;
        }

        private void checkCrc(final String tag, final long actual) throws IOException {
            final int stored;
            try {
                stored = in.readInt();
            } catch (final EOFException e) {
                throw fail("truncated: section " + tag + " has no CRC32", e);
            }
            position += 4;
            if (stored != (int) actual) {
                throw fail(String.format("section %s is corrupt: CRC32 %08x stored, %08x computed", tag, stored,
                    (int) actual));
            }
        }

        private static String printable(final String s) {
            return s.replaceAll("[^\\x20-\\x7e]", "?");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** At most {@code limit} bytes of {@code in}, never closing it. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(final InputStream in, final long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            final int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            final int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
        }
    }
}
