package org.jdvc.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelHasherTest {
    private static final String WRONG = "00000000000000000000000000000000";

    @TempDir
    Path tmp;

    private List<Path> files(int n) throws IOException {
        Random r = new Random(n);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[i % 50 == 0 ? r.nextInt(600_000) : 150 + r.nextInt(250)];
            r.nextBytes(b);
            if (i % 7 == 0) {
                b = ("text\r\n" + i + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            Path p = tmp.resolve("d" + (i % 10)).resolve("f" + i);
            Files.createDirectories(p.getParent());
            Files.write(p, b);
            out.add(p);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 8, 16})
    void equalsSequentialHashingInInputOrder(int threads) throws IOException {
        List<Path> files = files(300);
        for (String name : List.of(HashInfo.MD5, HashInfo.MD5_DOS2UNIX)) {
            List<String> expected = new ArrayList<>();
            for (Path p : files) {
                expected.add(FileHasher.hash(p, name).value());
            }
            try (ParallelHasher h = new ParallelHasher(StateDb.open(tmp.resolve("state")), threads)) {
                assertThat(h.hashAll(files, null, name)).isEqualTo(expected);
            }
        }
    }

    @Test
    void unchangedStampsAreAnsweredFromStateAndComputedHashesRecorded() throws IOException {
        List<Path> files = files(200);
        StateDb state = StateDb.open(tmp.resolve("state"));
        Path lied = files.get(5);
        state.put(lied, FileStamp.of(lied), HashInfo.MD5, WRONG); // a deliberate lie proves the lookup
        List<FileStamp> stamps = new ArrayList<>();
        for (Path p : files) {
            stamps.add(FileStamp.of(p));
        }
        try (ParallelHasher h = new ParallelHasher(state, 8)) {
            List<String> got = h.hashAll(files, stamps, HashInfo.MD5);
            assertThat(got.get(5)).isEqualTo(WRONG);
            assertThat(got.get(6)).isEqualTo(FileHasher.md5(files.get(6)));
            assertThat(state.size()).isEqualTo(200);
            assertThat(state.get(files.get(6), stamps.get(6), HashInfo.MD5)).contains(got.get(6));
            // a changed file (new size) misses and is re-hashed
            Files.writeString(lied, "foo");
            assertThat(h.hashAll(List.of(lied), null, HashInfo.MD5))
                    .containsExactly("acbd18db4cc2f85cedef654fccc4a4d8");
            // another hash name misses too
            assertThat(h.hashAll(List.of(files.get(6)), null, HashInfo.MD5_DOS2UNIX))
                    .containsExactly(FileHasher.md5Dos2Unix(files.get(6)));
        }
    }

    @Test
    void failureNamesTheFile() throws IOException {
        List<Path> files = new ArrayList<>(files(50));
        Path missing = tmp.resolve("no-such-file");
        files.add(25, missing);
        try (ParallelHasher h = new ParallelHasher(StateDb.open(tmp.resolve("state")), 4)) {
            assertThatThrownBy(() -> h.hashAll(files, null, HashInfo.MD5))
                    .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
            assertThat(h.hashAll(List.of(), null, HashInfo.MD5)).isEmpty();
        }
    }

    @Test
    void smallFilesReadForHashingAreHandedToTheSinkWithTheirHash() throws IOException {
        List<Path> files = files(120);
        java.util.Map<String, byte[]> received = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> hashes;
        try (ParallelHasher hasher = new ParallelHasher(StateDb.open(tmp.resolve("state")), 4)) {
            hashes = hasher.hashAll(files, null, HashInfo.MD5,
                    (hash, content, length) -> received.put(hash.value(), java.util.Arrays.copyOf(content, length)));
        }
        int small = 0;
        for (int i = 0; i < files.size(); i++) {
            byte[] content = Files.readAllBytes(files.get(i));
            assertThat(hashes.get(i)).isEqualTo(FileHasher.md5(files.get(i)));
            if (content.length <= FileHasher.SMALL_FILE) {
                small++;
                assertThat(received.get(hashes.get(i))).isEqualTo(content);
            } else {
                assertThat(received).doesNotContainKey(hashes.get(i)); // big files stream; the caller copies them
            }
        }
        assertThat(small).isLessThan(files.size()); // both kinds were exercised
    }

    @Test
    void filesKnownToTheStateAreNotReadSoNotHandedOver() throws IOException {
        List<Path> files = files(10);
        StateDb state = StateDb.open(tmp.resolve("state"));
        try (ParallelHasher hasher = new ParallelHasher(state, 2)) {
            hasher.hashAll(files, null, HashInfo.MD5);
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            hasher.hashAll(files, null, HashInfo.MD5, (hash, content, length) -> seen.add(hash.value()));
            assertThat(seen).isEmpty();
        }
    }
}
