package org.jdvc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeFileOpsTest {
    @TempDir
    Path tmp;
    Path src;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"));
        src = tmp.resolve("src");
        Files.writeString(src, "content");
    }

    @Test
    void callsLibcDirectlyOnLinux() {
        assertThat(NativeFileOps.NATIVE).as("FFM downcalls available (needs --enable-native-access)").isTrue();
    }

    @Test
    void ficloneEitherClonesOrReportsAFallThroughErrnoAndLeavesNothing() throws IOException {
        Path dst = tmp.resolve("clone");
        int err = NativeFileOps.ficlone(src, dst);
        if (err == 0) {
            assertThat(dst).hasContent("content");
        } else {
            // ext4: EOPNOTSUPP; other file systems without clone support: EXDEV/EINVAL/ENOTTY
            assertThat(err).isIn(NativeFileOps.EOPNOTSUPP, NativeFileOps.EXDEV, NativeFileOps.EINVAL,
                    NativeFileOps.ENOTTY);
            assertThat(Files.exists(dst)).isFalse();
        }
    }

    @Test
    void errnoIsCapturedExactly() throws IOException {
        assertThat(NativeFileOps.ficlone(tmp.resolve("missing"), tmp.resolve("x"))).isEqualTo(NativeFileOps.ENOENT);
        assertThat(NativeFileOps.link(src, tmp.resolve("hard"))).isZero();
        assertThat(Files.isSameFile(src, tmp.resolve("hard"))).isTrue();
        assertThat(NativeFileOps.link(src, tmp.resolve("hard"))).isEqualTo(NativeFileOps.EEXIST);
        assertThat(NativeFileOps.link(src, tmp.resolve("no/such/dir"))).isEqualTo(NativeFileOps.ENOENT);
        assertThat(NativeFileOps.symlink(src, tmp.resolve("sym"))).isZero();
        assertThat(Files.readSymbolicLink(tmp.resolve("sym"))).isEqualTo(src);
    }

    @Test
    void nonAsciiNamesRoundTrip() throws IOException {
        Path dst = tmp.resolve("dätä-файл");
        assertThat(NativeFileOps.link(src, dst)).isZero();
        assertThat(dst).hasContent("content");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, (1 << 20) + 1})
    void createWithAndCreateCopyMakeExactFilesWithTheGivenMode(int size) throws IOException {
        assumeTrue(NativeFileOps.unnamedFiles(), "O_TMPFILE fast path enabled");
        byte[] content = new byte[size + 7];
        new Random(size).nextBytes(content);
        byte[] expected = java.util.Arrays.copyOf(content, size);
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Path made = dir.resolve("made");
        assertThat(NativeFileOps.createWith(made, 0444, content, size)).isZero();
        assertThat(Files.readAllBytes(made)).isEqualTo(expected);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("r--r--r--");

        Path copied = dir.resolve("copied");
        assertThat(NativeFileOps.createCopy(made, copied, 0644)).isZero();
        assertThat(Files.readAllBytes(copied)).isEqualTo(expected);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied))).isEqualTo("rw-r--r--");
        assertThat(names(dir)).containsExactly("copied", "made");
    }

    @Test
    void anExistingNameIsLeftUntouched() throws IOException {
        assumeTrue(NativeFileOps.unnamedFiles());
        Path dst = tmp.resolve("dst");
        Files.writeString(dst, "old");
        assertThat(NativeFileOps.createWith(dst, 0444, "new".getBytes(), 3)).isEqualTo(NativeFileOps.EEXIST);
        assertThat(NativeFileOps.createCopy(src, dst, 0644)).isEqualTo(NativeFileOps.EEXIST);
        assertThat(dst).hasContent("old");
        assertThat(names(tmp)).containsExactly("dst", "src");
    }

    @Test
    void aFailedCopyLeavesNoNameAndNoTempFile() throws IOException {
        assumeTrue(NativeFileOps.unnamedFiles());
        Path dir = Files.createDirectory(tmp.resolve("d"));
        // a missing source, then a source that cannot be read (a directory: read fails with EISDIR)
        assertThat(NativeFileOps.createCopy(tmp.resolve("missing"), dir.resolve("a"), 0644))
                .isEqualTo(NativeFileOps.ENOENT);
        assertThat(NativeFileOps.createCopy(tmp, dir.resolve("b"), 0644)).isNotZero();
        assertThat(names(dir)).isEmpty();
        assertThat(NativeFileOps.unnamedFiles()).as("a failure of one file does not disable the fast path").isTrue();
    }

    @Test
    void aMissingDirectoryIsReportedAndLeavesNothing() throws IOException {
        assumeTrue(NativeFileOps.unnamedFiles());
        Path dir = Files.createDirectory(tmp.resolve("d"));
        // open(O_TMPFILE) in a directory that does not exist: ENOENT, which does not disable the fast path
        Path dst = dir.resolve("sub").resolve("x");
        assertThat(NativeFileOps.createWith(dst, 0444, new byte[10], 10)).isEqualTo(NativeFileOps.ENOENT);
        assertThat(names(dir)).isEmpty();
    }

    private static java.util.List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void thePropertyDisablesUnnamedFiles() {
        boolean disabled = "false".equals(System.getProperty("jdvc.tmpfile"));
        if (disabled) {
            assertThat(NativeFileOps.unnamedFiles()).isFalse();
            assertThat(NativeFileOps.createCopy(src, tmp.resolve("x"), 0644)).isEqualTo(NativeFileOps.EOPNOTSUPP);
            assertThat(tmp.resolve("x")).doesNotExist();
        } else {
            assertThat(NativeFileOps.unnamedFiles()).as("ext4/tmpfs support O_TMPFILE").isTrue();
        }
    }
}
