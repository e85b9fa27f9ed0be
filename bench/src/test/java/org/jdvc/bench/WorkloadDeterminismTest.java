package org.jdvc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The smoke test of the whole-process benchmarks (the benchmarks themselves never run in ./test.sh): the workload
 * generator must make the same bytes every time, or numbers measured on different days are not comparable.
 * Runs {@code bench/workloads.sh tiny} twice (needs bash, openssl, coreutils: all in a fresh Debian) and checks
 * the tree fingerprint against the one documented in bench/README.md.
 */
class WorkloadDeterminismTest {

    /** md5 of the sorted md5sum listing of tiny's data/ (bench/README.md). */
    static final String TINY_FINGERPRINT = "bac9937b5ac265ffc3c2da16fa9f9502";

    @Test
    void tinyIsTheSameTwiceAndMatchesTheDocumentedFingerprint(@TempDir Path first, @TempDir Path second)
            throws Exception {
        String a = generate("tiny", first);
        String b = generate("tiny", second);

        assertThat(a).isEqualTo(b).isEqualTo(TINY_FINGERPRINT);
        // The script's own FINGERPRINT file must agree with the independent computation above.
        assertThat(Files.readString(first.resolve("tiny/FINGERPRINT")).strip()).isEqualTo(TINY_FINGERPRINT);
        try (Stream<Path> files = Files.walk(first.resolve("tiny/data"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(201);
        }
    }

    /** Runs the generator into {@code out} and returns the fingerprint of {@code out/<workload>/data}. */
    private static String generate(String workload, Path out) throws Exception {
        Path script = script();
        Process p = new ProcessBuilder("bash", script.toString(), workload, out.toString())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("generator finished").isTrue();
        assertThat(p.exitValue()).as("generator exit code; output:%n%s", output).isZero();
        return fingerprint(out.resolve(workload));
    }

    private static Path script() {
        Path dir = Path.of(System.getProperty("user.dir"));
        for (Path candidate : List.of(dir.resolve("workloads.sh"), dir.resolve("bench/workloads.sh"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("bench/workloads.sh not found from " + dir);
    }

    /**
     * What workloads.sh computes, independently: md5 of the lines {@code <md5>  data/<path>} of every file under
     * data/, sorted by path in byte order (LC_ALL=C).
     */
    static String fingerprint(Path workloadDir) throws IOException {
        List<String> paths;
        try (Stream<Path> files = Files.walk(workloadDir.resolve("data"))) {
            paths = files.filter(Files::isRegularFile)
                    .map(f -> workloadDir.relativize(f).toString())
                    .sorted() // NOTE: the names are ASCII, so String order is byte order
                    .toList();
        }
        StringBuilder listing = new StringBuilder();
        for (String path : paths) {
            listing.append(md5Hex(Files.readAllBytes(workloadDir.resolve(path))))
                    .append("  ")
                    .append(path)
                    .append('\n');
        }
        return md5Hex(listing.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
