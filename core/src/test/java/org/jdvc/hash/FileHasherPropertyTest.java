package org.jdvc.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileHasherPropertyTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void md5EqualsDigestOfAllBytes(long seed) throws Exception {
        Random r = new Random(seed);
        // sizes around the internal buffer (256 KiB) and the legacy chunk (1 MiB) boundaries
        int[] sizes = {0, 1, r.nextInt(1000), (256 << 10) - 1, 256 << 10, (256 << 10) + 1, (1 << 20) + r.nextInt(3) - 1,
            r.nextInt(3 << 20)};
        for (int size : sizes) {
            byte[] b = new byte[size];
            r.nextBytes(b);
            Path f = tmp.resolve("f" + size);
            Files.write(f, b);
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
            assertThat(FileHasher.md5(f)).as("size %d", size).isEqualTo(expected);
            // random bytes are binary in every chunk, so the legacy hash must not touch them
            assertThat(FileHasher.md5Dos2Unix(f)).as("size %d", size).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void dos2unixOfTextEqualsMd5OfLfText(long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder lf = new StringBuilder();
        while (lf.length() < 300_000) {
            lf.append("line ").append(r.nextInt()).append(r.nextBoolean() ? "\t" : "").append('\n');
        }
        String text = lf.toString();
        Path crlf = tmp.resolve("crlf");
        Files.writeString(crlf, text.replace("\n", "\r\n"));
        assertThat(FileHasher.md5Dos2Unix(crlf)).isEqualTo(FileHasher.md5(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
