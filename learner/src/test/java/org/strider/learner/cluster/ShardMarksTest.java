package org.strider.learner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMarksTest {
    private static final String REF0 = "pekko://strider@127.0.0.1:40001/user/replay#-1288394532";
    private static final String REF1 = "pekko://strider@127.0.0.1:40002/user/replay#77";

    @TempDir
    Path dir;

    @Test
    void shouldGiveEachMarkedShardItsCountOnceWhenItRejoinsFromTheSameNode() throws IOException {
        ShardMarks.write(dir, 3000, List.of(new ShardMarks.Mark(0, REF0, 1800), new ShardMarks.Mark(1, REF1, 1200)));
        final ShardMarks marks = ShardMarks.read(dir, 3000);
        assertEquals(2, marks.list().size());
        assertEquals(0, marks.take(0, REF1), "another node under shard 0's id counts from 0");
        assertEquals(1800, marks.take(0, REF0));
        assertEquals(0, marks.take(0, REF0), "a mark is used once");
        assertEquals(0, marks.take(2, REF1), "an unmarked id counts from 0");
        assertEquals(1200, marks.take(1, REF1));
        assertTrue(marks.isEmpty());
    }

    @Test
    void shouldKeepTheNextActorIdSoAResumedRunNeverReusesOne() throws IOException {
        ShardMarks.write(dir, 3000, 7, List.of(new ShardMarks.Mark(0, REF0, 1800)));
        assertTrue(Files.readString(dir.resolve(ShardMarks.FILE)).startsWith("env_steps 3000\nnext_actor 7\n"));
        final ShardMarks marks = ShardMarks.read(dir, 3000);
        assertEquals(7, marks.nextActorId());
        assertEquals(1800, marks.take(0, REF0));
        ShardMarks.write(dir, 4000, List.of());
        assertEquals(0, ShardMarks.read(dir, 4000).nextActorId(), "a file without the line: none known");
        assertEquals(0, ShardMarks.read(dir, 3000).nextActorId(), "marks of another checkpoint: none known");
        Files.writeString(dir.resolve(ShardMarks.FILE), "env_steps 3000\nnext_actor -2\n");
        final IOException e = assertThrows(IOException.class, () -> ShardMarks.read(dir, 3000));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("negative"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShardMarks.write(dir, 1, -1, List.of()));
    }

    @Test
    void shouldIgnoreMarksWhenTheyBelongToAnotherCheckpoint() throws IOException {
        ShardMarks.write(dir, 2000, List.of(new ShardMarks.Mark(0, REF0, 2000)));
        assertTrue(ShardMarks.read(dir, 3000).isEmpty(), "marks of the checkpoint before (learner died in between)");
        assertTrue(ShardMarks.read(dir.resolve("none"), 3000).isEmpty(), "no file: no marks");
    }

    @Test
    void shouldNameTheFileAndLineWhenAMarkIsMalformed() throws IOException {
        Files.writeString(dir.resolve(ShardMarks.FILE), "env_steps 3000\nshard 0 many " + REF0 + "\n");
        final IOException e = assertThrows(IOException.class, () -> ShardMarks.read(dir, 3000));
        assertTrue(e.getMessage().contains(ShardMarks.FILE) && e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(dir.resolve(ShardMarks.FILE), "shard 0 10 " + REF0 + "\n");
        final IOException first = assertThrows(IOException.class, () -> ShardMarks.read(dir, 3000));
        assertTrue(first.getMessage().contains("line 1"), first.getMessage());
        Files.writeString(dir.resolve(ShardMarks.FILE), "env_steps 3000\nshard 0 1 a\nshard 0 2 b\n");
        final IOException twice = assertThrows(IOException.class, () -> ShardMarks.read(dir, 3000));
        assertTrue(twice.getMessage().contains("marked twice"), twice.getMessage());
    }

    @Test
    void shouldRefuseAMarkThatCouldNotBeReadBack() {
        assertThrows(IllegalArgumentException.class, () -> new ShardMarks.Mark(0, "a b", 1));
        assertThrows(IllegalArgumentException.class, () -> new ShardMarks.Mark(-1, REF0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShardMarks.Mark(0, REF0, -1));
    }
}
