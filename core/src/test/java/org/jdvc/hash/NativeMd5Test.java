package org.jdvc.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeMd5Test {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 64, 1 << 20, (1 << 20) - 1, (1 << 20) + 1, 3 * (1 << 20) + 17})
    void equalsJavasMd5AtBufferBoundaries(int size) throws IOException {
        assumeTrue(NativeMd5.AVAILABLE, "libcrypto not found");
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path f = tmp.resolve("f" + size);
        Files.write(f, content);
        assertThat(NativeMd5.md5(f)).isEqualTo(FileHasher.md5(content));
        assertThat(NativeMd5.md5(f)).as("buffer reused cleanly").isEqualTo(FileHasher.md5(content));
    }

    @Test
    void aMissingFileIsNamed() {
        assumeTrue(NativeMd5.AVAILABLE, "libcrypto not found");
        assertThatThrownBy(() -> NativeMd5.md5(tmp.resolve("missing"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing");
    }
}
