package org.jdvc.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDbTest {
    private static final String H1 = "acbd18db4cc2f85cedef654fccc4a4d8";
    private static final String H2 = "37b51d194a7513e45b56f6524f2d51f2";

    @TempDir
    Path tmp;

    private Path db() {
        return tmp.resolve("state/jdvc-state");
    }

    @Test
    void roundTripsThroughTheFile() throws IOException {
        StateDb s = StateDb.open(db());
        FileStamp st = new FileStamp(42, 1_700_000_000_123_456_789L, 3);
        Path unicode = Path.of("/data/\u00e9\ud83d\ude00/f");
        s.put(Path.of("/data/foo"), st, HashInfo.MD5, H1);
        s.put(unicode, st, HashInfo.MD5_DOS2UNIX, H2);
        s.put(Path.of("/data/dir"), st, HashInfo.MD5, H1 + ".dir");
        s.save();

        StateDb t = StateDb.open(db());
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.get(Path.of("/data/foo"), st, HashInfo.MD5)).contains(H1);
        assertThat(t.get(unicode, st, HashInfo.MD5_DOS2UNIX)).contains(H2);
        assertThat(t.get(Path.of("/data/dir"), st, HashInfo.MD5)).contains(H1 + ".dir");
    }

    @Test
    void anyChangedStampOrHashNameMisses() {
        StateDb s = StateDb.open(db());
        FileStamp st = new FileStamp(42, 1000, 3);
        Path p = Path.of("/data/foo");
        s.put(p, st, HashInfo.MD5, H1);
        assertThat(s.get(p, st, HashInfo.MD5)).contains(H1);
        assertThat(s.get(p, new FileStamp(43, 1000, 3), HashInfo.MD5)).isEmpty();
        assertThat(s.get(p, new FileStamp(42, 1001, 3), HashInfo.MD5)).isEmpty();
        assertThat(s.get(p, new FileStamp(42, 1000, 4), HashInfo.MD5)).isEmpty();
        assertThat(s.get(p, st, HashInfo.MD5_DOS2UNIX)).isEmpty();
        assertThat(s.get(Path.of("/data/other"), st, HashInfo.MD5)).isEmpty();
    }

    @Test
    void missingTruncatedOrGarbageFilesOpenEmpty() throws IOException {
        assertThat(StateDb.open(db()).size()).isZero();
        StateDb s = StateDb.open(db());
        for (int i = 0; i < 100; i++) {
            s.put(Path.of("/f" + i), new FileStamp(i, i, i), HashInfo.MD5, H1);
        }
        s.save();
        byte[] good = Files.readAllBytes(db());
        assertThat(StateDb.open(db()).size()).isEqualTo(100);
        Random r = new Random(7);
        for (int cut : new int[] {0, 1, 8, 15, good.length / 2, good.length - 1}) {
            Files.write(db(), Arrays.copyOf(good, cut));
            assertThat(StateDb.open(db()).size()).as("truncated at %d", cut).isZero();
        }
        for (int i = 0; i < 20; i++) {
            byte[] bad = good.clone();
            int at = r.nextInt(bad.length);
            bad[at] ^= (byte) (1 + r.nextInt(255));
            Files.write(db(), bad);
            assertThat(StateDb.open(db()).size()).as("byte %d flipped", at).isZero();
        }
        byte[] garbage = new byte[5000];
        r.nextBytes(garbage);
        Files.write(db(), garbage);
        assertThat(StateDb.open(db()).size()).isZero();
        Files.delete(db());
        Files.createDirectory(db()); // unreadable as a file
        assertThat(StateDb.open(db()).size()).isZero();
    }

    @Test
    void savesOnlyWhenDirtyAndLeavesNoTempFiles() throws IOException {
        StateDb s = StateDb.open(db());
        s.save();
        assertThat(Files.exists(db())).isFalse(); // nothing to write
        FileStamp st = new FileStamp(1, 2, 3);
        s.put(Path.of("/a"), st, HashInfo.MD5, H1);
        s.save();
        byte[] first = Files.readAllBytes(db());
        Files.write(db(), new byte[] {1, 2, 3}); // a later save without changes must not rewrite
        s.put(Path.of("/a"), st, HashInfo.MD5, H1); // same record: not a change
        s.save();
        assertThat(Files.readAllBytes(db())).containsExactly(1, 2, 3);
        s.put(Path.of("/b"), st, HashInfo.MD5, H2);
        s.save();
        assertThat(Files.readAllBytes(db())).isNotEqualTo(first);
        assertThat(StateDb.open(db()).size()).isEqualTo(2);
        try (Stream<Path> files = Files.list(db().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("jdvc-state");
        }
    }

    @Test
    void concurrentPutsAreAllKept() throws Exception {
        StateDb s = StateDb.open(db());
        IntStream.range(0, 20_000).parallel()
                .forEach(i -> s.put(Path.of("/p/" + i), new FileStamp(i, i, i), HashInfo.MD5, H1));
        s.save();
        StateDb t = StateDb.open(db());
        assertThat(t.size()).isEqualTo(20_000);
        for (int i : List.of(0, 7777, 19_999)) {
            assertThat(t.get(Path.of("/p/" + i), new FileStamp(i, i, i), HashInfo.MD5)).contains(H1);
        }
    }

    @Test
    void stampsFollowSymlinksAndSeeChanges() throws IOException {
        Path f = tmp.resolve("f");
        Files.writeString(f, "foo");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), f);
        FileStamp a = FileStamp.of(f);
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.inode()).isEqualTo(Files.getAttribute(f, "unix:ino"));
        assertThat(a.mtimeNanos()).isEqualTo(Files.getLastModifiedTime(f).to(java.util.concurrent.TimeUnit.NANOSECONDS));
        assertThat(FileStamp.of(link)).isEqualTo(a);
        Files.writeString(f, "foo2");
        assertThat(FileStamp.of(f)).isNotEqualTo(a);
    }
}
