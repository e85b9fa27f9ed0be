package org.jdvc.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdvc.hash.FileHasher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code FileHasher.md5} as shipped, on one 64 MiB file and on 7,000 files of 150-400 bytes (page cache warm), next
 * to the floors: MD5 of bytes already in memory (CPU bound) and other ways of reading small files. The small-file
 * methods report time per file ({@code @OperationsPerInvocation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Md5Benchmark {
    static final int BIG_MIB = 64;
    static final int SMALL_FILES = 7_000;

    private Path dir;
    private Path big;
    private byte[] inMemory;
    private Path[] small;
    private final ByteBuffer smallBuf = ByteBuffer.allocate(256 << 10);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Fixtures.tempDir("md5");
        big = dir.resolve("big.bin");
        Fixtures.writeBigFile(big, (long) BIG_MIB << 20, 1);
        inMemory = Files.readAllBytes(big);
        List<Path> files = Fixtures.writeTree(dir.resolve("small"), SMALL_FILES, 70, 2);
        small = files.toArray(new Path[0]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Fixtures.delete(dir);
    }

    /** FileHasher.md5 of the 64 MiB file (256 KiB heap buffer). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public String bigFileHasher() throws IOException {
        return FileHasher.md5(big);
    }

    /** MD5 of the same 64 MiB already in a byte[]: the CPU floor of hashing it. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] bigInMemoryDigest() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("MD5").digest(inMemory);
    }

    /** FileHasher.md5 per small file. */
    @Benchmark
    @OperationsPerInvocation(SMALL_FILES)
    public void smallFileHasher(Blackhole bh) throws IOException {
        for (Path p : small) {
            bh.consume(FileHasher.md5(p));
        }
    }

    /** Files.readAllBytes + MessageDigest per small file. */
    @Benchmark
    @OperationsPerInvocation(SMALL_FILES)
    public void smallReadAllBytes(Blackhole bh) throws IOException, NoSuchAlgorithmException {
        for (Path p : small) {
            bh.consume(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p)));
        }
    }

    /** FileChannel + reused heap buffer + one reused MessageDigest (reset by digest()), raw bytes out. */
    @Benchmark
    @OperationsPerInvocation(SMALL_FILES)
    public void smallChannelReusedDigest(Blackhole bh) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("MD5");
        ByteBuffer buf = smallBuf;
        for (Path p : small) {
            try (FileChannel ch = FileChannel.open(p)) {
                buf.clear();
                while (ch.read(buf) >= 0) {
                    if (!buf.hasRemaining()) {
                        md.update(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                }
                md.update(buf.array(), 0, buf.position());
            }
            bh.consume(md.digest());
        }
    }

    /** MessageDigest.getInstance("MD5") alone: the provider lookup FileHasher pays per file. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public MessageDigest md5Instance() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("MD5");
    }
}
