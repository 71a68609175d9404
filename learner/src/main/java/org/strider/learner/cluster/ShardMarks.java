package org.strider.learner.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code checkpoints/latest.shards}: how many of each replay shard's own inserts the env steps of {@code latest.ckpt}
 * hold, with the shard's node (its serialized actor reference, one per process). A learner that dies and resumes
 * from that checkpoint finds shards that outlived it still counting from their start; a shard that rejoins from the
 * same node is added with its mark ({@link BatchSource#addShard(org.strider.control.ShardInfo,
 * org.strider.control.Endpoint, long)}), so only its inserts after the checkpoint add to the restored count, and the
 * run still ends at its configured env steps. Shards without a mark (new ones, or restarted under the same id) count
 * from 0.
 *
 * <p>Written after {@code latest.ckpt} (to a temporary name, then moved) and stamped with the checkpoint's env steps:
 * a learner that died between the two writes leaves marks of the checkpoint before, which {@link #read} refuses by
 * their stamp (the survivors then count in full: the run ends early by what they had inserted).
 *
 * <p>It also keeps the next actor id the run's coordinator would have given ({@code next_actor}, optional): a resumed
 * coordinator numbers new actors above it (plus a margin for actors admitted after the checkpoint), so a new actor
 * never takes the id of one that served the run before. The surviving shards remember each actor id's last batch
 * sequence number and drop lower ones as replayed; a new actor counting from 0 under an old id would lose its data.
 *
 * <pre>
 * env_steps 3000
 * next_actor 3
 * shard 0 3000 pekko://strider@127.0.0.1:40001/user/replay#-1288394532
 * </pre>
 */
public final class ShardMarks {
    public static final String FILE = "latest.shards";

    /** Shard {@code shardId} on node {@code nodeRef}: its first {@code counted} inserts are in the checkpoint. */
    public record Mark(int shardId, String nodeRef, long counted) {
        public Mark {
            if (shardId < 0 || counted < 0 || nodeRef == null || nodeRef.isBlank() || nodeRef.contains(" ")
                || nodeRef.contains("\n")) {
                throw new IllegalArgumentException("a shard mark needs a shard id >= 0, inserts >= 0 and a node "
                    + "reference without spaces, got " + shardId + ", " + counted + ", '" + nodeRef + "'");
            }
        }
    }

    private final Map<Integer, Mark> marks;
    private final int nextActorId;

    private ShardMarks(final Map<Integer, Mark> marks, final int nextActorId) {
        this.marks = marks;
        this.nextActorId = nextActorId;
    }

    /** No marks: every shard counts from 0. */
    public static ShardMarks none() {
        return new ShardMarks(new HashMap<>(), 0);
    }

    /** Writes {@code dir/latest.shards} for a checkpoint at {@code envSteps}, without an actor id. */
    public static void write(final Path dir, final long envSteps, final List<Mark> marks) throws IOException {
        write(dir, envSteps, 0, marks);
    }

    /**
     * Writes {@code dir/latest.shards} for a checkpoint at {@code envSteps}; {@code nextActorId}: one above the
     * highest actor id admitted so far (0: none).
     */
    public static void write(final Path dir, final long envSteps, final int nextActorId, final List<Mark> marks)
        throws IOException {
        if (nextActorId < 0) {
            throw new IllegalArgumentException("next actor id must be >= 0, got " + nextActorId);
        }
        final StringBuilder text = new StringBuilder();
        text.append("env_steps ").append(envSteps).append('\n');
        if (nextActorId > 0) {
            text.append("next_actor ").append(nextActorId).append('\n');
        }
        for (final Mark m : marks) {
            text.append(String.format(Locale.ROOT, "shard %d %d %s%n", m.shardId(), m.counted(), m.nodeRef()));
        }
        Files.createDirectories(dir);
        final Path tmp = dir.resolve(FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The marks of {@code dir/latest.shards} if they belong to a checkpoint at {@code envSteps}; none when the file
     * is missing or stamped with other env steps.
     *
     * @throws IOException naming the file and line when it cannot be read or a line is malformed
     */
    public static ShardMarks read(final Path dir, final long envSteps) throws IOException {
        final Path file = dir.resolve(FILE);
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException e) {
            return none();
        }
        final Map<Integer, Mark> marks = new HashMap<>();
        long stamp = -1;
        int nextActor = 0;
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            final String[] f = line.split(" ");
            try {
                if (i == 0 && f.length == 2 && f[0].equals("env_steps")) {
                    stamp = Long.parseLong(f[1]);
                } else if (i == 1 && f.length == 2 && f[0].equals("next_actor")) {
                    nextActor = Integer.parseInt(f[1]);
                    if (nextActor < 0) {
                        throw new IllegalArgumentException("a negative next actor id");
                    }
                } else if (i > 0 && f.length == 4 && f[0].equals("shard")) {
                    final Mark m = new Mark(Integer.parseInt(f[1]), f[3], Long.parseLong(f[2]));
                    if (marks.put(m.shardId(), m) != null) {
                        throw new IllegalArgumentException("shard " + m.shardId() + " is marked twice");
                    }
                } else {
                    throw new IllegalArgumentException("expected 'env_steps N' first, then optionally 'next_actor N', then "
                        + "'shard ID INSERTS NODE'");
                }
            } catch (final IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage() + ": '" + line + "'", e);
            }
        }
        if (stamp < 0) {
            throw new IOException(file + " has no 'env_steps N' line");
        }
        return stamp == envSteps ? new ShardMarks(marks, nextActor) : none();
    }

    /** One above the highest actor id admitted when the checkpoint was written (0: unknown or none). */
    public int nextActorId() {
        return nextActorId;
    }

    /** Whether there is no mark. */
    public boolean isEmpty() {
        return marks.isEmpty();
    }

    /**
     * The inserts of shard {@code shardId} the checkpoint counted, if it rejoined from the node that was marked (and
     * only the first time: the mark is used up); else 0.
     */
    public long take(final int shardId, final String nodeRef) {
        final Mark m = marks.get(shardId);
        if (m == null || !m.nodeRef().equals(nodeRef)) {
            return 0;
        }
        marks.remove(shardId);
        return m.counted();
    }

    /** The marks, by shard id (a copy). */
    public List<Mark> list() {
        return new ArrayList<>(marks.values());
    }
}
