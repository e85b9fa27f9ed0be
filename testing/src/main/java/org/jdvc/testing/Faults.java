package org.jdvc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jdvc.remote.BlobStore;

/**
 * What the fault tests of every remote share (S3, SSH, HTTP): large source files, a put that a fault interrupts once
 * enough of it has reached the server, byte counts of what the server has written, and the one-line error check.
 */
public final class Faults {
    private Faults() {
    }

    /** A fault to inject: interrupt the writer, kill the server... */
    @FunctionalInterface
    public interface Fault {
        void inject(Thread writer) throws Exception;
    }

    /** A new file of {@code size} pseudo-random bytes (seeded by the size) in {@code dir}. */
    public static Path randomFile(Path dir, long size) throws IOException {
        Path p = Files.createTempFile(dir, "src", ".bin");
        byte[] chunk = new byte[1 << 20];
        new Random(size).nextBytes(chunk);
        try (var out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
        }
        return p;
    }

    /**
     * Runs {@code store.put(key, source)} on another thread, waits until {@code progress} reports at least
     * {@code bytes} (bytes the server has written: a condition, not a time), injects {@code fault} and waits for the
     * put to end.
     *
     * @return what the put threw, or null if it completed
     */
    public static Throwable putUntil(BlobStore store, String key, Path source, LongSupplier progress, long bytes,
            Fault fault) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                store.put(key, source);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        while (writer.isAlive() && progress.getAsLong() < bytes) {
            Thread.sleep(5); // NOTE: a poll interval, not a timing assumption: the condition decides
        }
        fault.inject(writer);
        writer.join();
        return failure.get();
    }

    /** Bytes in the temp files ({@code *.tmp}) directly in {@code dir}; 0 while it does not exist. */
    public static long tempBytes(Path dir) {
        return bytesIn(dir, false);
    }

    /** Bytes in all files below {@code dir}; 0 while it does not exist. */
    public static long folderBytes(Path dir) {
        return bytesIn(dir, true);
    }

    private static long bytesIn(Path dir, boolean all) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = all ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(p -> all ? Files.isRegularFile(p) : p.getFileName().toString().endsWith(".tmp"))
                    .mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // files come and go while the server writes
        }
    }

    /** The message is one line starting with {@code start} and contains none of {@code secrets}. */
    public static void assertOneLine(Throwable e, String start, String... secrets) {
        assertThat(e.getMessage()).startsWith(start).doesNotContain("\n");
        for (String s : secrets) {
            assertThat(e.getMessage()).doesNotContain(s);
        }
    }
}
