package org.jdvc.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jdvc.hash.FileStamp;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.StateDb;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state database with 70,000 entries (absolute paths like {@code /tmp/.../data/dNN/fNNNNN.bin}): lookups of
 * every entry (time per get), loading the file (page cache warm), and saving after one change (serialize all,
 * write, fsync, rename, fsync the directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StateDbBenchmark {
    static final int ENTRIES = 70_000;

    @Param({"70000"})
    public int entries;

    private Path dir;
    private Path file;
    private Path[] paths;
    private FileStamp[] stamps;
    private StateDb db;
    private long tick;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Fixtures.tempDir("state");
        file = dir.resolve(".dvc/tmp/jdvc-state");
        Path data = dir.resolve("data");
        SplittableRandom rnd = new SplittableRandom(4);
        paths = new Path[entries];
        stamps = new FileStamp[entries];
        db = StateDb.open(file);
        for (int i = 0; i < entries; i++) {
            paths[i] = data.resolve(Fixtures.relpath(i, entries, 70));
            stamps[i] = new FileStamp(13_000_000L + i, 1_764_000_000_000_000_000L + rnd.nextLong(1_000_000_000L),
                    150 + rnd.nextInt(251));
            db.put(paths[i], stamps[i], HashInfo.MD5, Fixtures.fakeMd5(i));
        }
        db.save();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Fixtures.delete(dir);
    }

    /** StateDb.get of every entry, all hits (what a no-op hash of 70k files costs beyond the stats). Per get. */
    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int getAll() {
        if (entries != ENTRIES) {
            throw new IllegalStateException("getAll's per-op count is fixed at " + ENTRIES);
        }
        int hits = 0;
        for (int i = 0; i < paths.length; i++) {
            if (db.get(paths[i], stamps[i], HashInfo.MD5).isPresent()) {
                hits++;
            }
        }
        return hits;
    }

    /** StateDb.open: read the file, check its CRC, build the map. */
    @Benchmark
    public StateDb open() {
        return StateDb.open(file);
    }

    /** One put with a new stamp, then save (the whole file is rewritten and fsynced). */
    @Benchmark
    public void putOneAndSave() throws IOException {
        FileStamp s = stamps[0];
        db.put(paths[0], new FileStamp(s.inode(), s.mtimeNanos() + ++tick, s.size()), HashInfo.MD5,
                Fixtures.fakeMd5(0));
        db.save();
    }
}
