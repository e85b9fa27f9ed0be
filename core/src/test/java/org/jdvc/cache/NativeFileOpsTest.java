package org.jdvc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
