package org.jdvc.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * MD5 of one big file (page cache warm) through a FileChannel into a heap or a direct ByteBuffer of 64 KiB..1 MiB:
 * the read strategies {@code FileHasher.md5} could use. One op hashes the whole file; MB/s = sizeMiB * 1.048576 / s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class Md5BufferBenchmark {
    @Param({"64"})
    public int sizeMiB;

    @Param({"64", "256", "1024"})
    public int bufferKiB;

    @Param({"heap", "direct"})
    public String buffer;

    private Path dir;
    private Path file;
    private ByteBuffer buf;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Fixtures.tempDir("md5buf");
        file = dir.resolve("big.bin");
        Fixtures.writeBigFile(file, (long) sizeMiB << 20, 1);
        buf = switch (buffer) {
            case "heap" -> ByteBuffer.allocate(bufferKiB << 10);
            case "direct" -> ByteBuffer.allocateDirect(bufferKiB << 10);
            default -> throw new IllegalArgumentException("buffer: heap or direct, not " + buffer);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Fixtures.delete(dir);
    }

    @Benchmark
    public byte[] channel() throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("MD5");
        try (FileChannel ch = FileChannel.open(file)) {
            buf.clear();
            while (ch.read(buf) >= 0) {
                if (!buf.hasRemaining()) {
                    buf.flip();
                    md.update(buf); // heap: straight from the array; direct: copied out in chunks by the JDK
                    buf.clear();
                }
            }
            buf.flip();
            md.update(buf);
        }
        return md.digest();
    }
}
