package org.jdvc.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic fixtures for the benchmarks: trees shaped like the {@code many} workload (folders {@code dNN} of files
 * {@code fNNNNN.bin}, 150-400 bytes each, pseudo-random content), big files, synthetic relpaths and hashes. Everything
 * is made under a fresh temp directory and deleted by {@link #delete}.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** A fresh temp directory; {@code BENCH_TMP} (else java.io.tmpdir) chooses the file system. */
    static Path tempDir(String prefix) throws IOException {
        String base = System.getenv("BENCH_TMP");
        return base == null || base.isEmpty() ? Files.createTempDirectory("jdvc-jmh-" + prefix)
                : Files.createTempDirectory(Files.createDirectories(Path.of(base)), "jdvc-jmh-" + prefix);
    }

    /** The relpath of file {@code i} of a tree of {@code folders} folders: {@code dNN/fNNNNN.bin} as in {@code many}. */
    static String relpath(int i, int files, int folders) {
        int perFolder = Math.max(1, files / folders);
        return String.format("d%02d/f%05d.bin", i / perFolder, i);
    }

    /** Writes {@code files} files of 150-400 bytes in {@code folders} folders under {@code root}; returns them. */
    static List<Path> writeTree(Path root, int files, int folders, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Path> out = new ArrayList<>(files);
        for (int i = 0; i < files; i++) {
            Path p = root.resolve(relpath(i, files, folders));
            if (i % Math.max(1, files / folders) == 0) {
                Files.createDirectories(p.getParent());
            }
            byte[] b = new byte[150 + rnd.nextInt(251)];
            rnd.nextBytes(b);
            Files.write(p, b);
            out.add(p);
        }
        return out;
    }

    /** Writes {@code bytes} pseudo-random bytes to {@code file}. */
    static void writeBigFile(Path file, long bytes, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                rnd.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    /** A 32-digit lowercase hex string derived from {@code i} (a stand-in md5). */
    static String fakeMd5(long i) {
        long a = mix(i);
        long b = mix(a ^ 0x9e3779b97f4a7c15L);
        return String.format("%016x%016x", a, b);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Deletes {@code dir} recursively (read-only cache objects included); no-op for null. */
    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
