package org.jdvc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdvc.cache.LinkType;
import org.jdvc.cache.Linker;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.FileHasher;
import org.jdvc.hash.HashInfo;
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
 * Per-file cost of putting small files into the cache ({@code LocalCache.add}: copy while hashing to a read-only
 * temp file, verify, rename; a fresh, empty cache each invocation) and of materialising them in a fresh workspace
 * folder ({@code Linker.link}, one file at a time as checkout does) as hard links or copies. 1,000 files of 150-400
 * bytes in 10 folders per invocation; time per file. The fresh folders are made and deleted outside the timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheBenchmark {
    static final int FILES = 1_000;

    @Param({"hardlink", "copy"})
    public String link;

    private Path dir;
    private List<Path> sources;
    private HashInfo[] oids;
    private LocalCache filledCache;
    private Linker linker;
    private Path[] targets;
    private int round;
    private LocalCache freshCache;
    private Path freshWorkspace;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Fixtures.tempDir("cache");
        sources = Fixtures.writeTree(dir.resolve("src"), FILES, 10, 6);
        oids = new HashInfo[FILES];
        filledCache = new LocalCache(dir.resolve("cache"));
        for (int i = 0; i < FILES; i++) {
            oids[i] = HashInfo.md5(FileHasher.md5(sources.get(i)));
            filledCache.add(oids[i], sources.get(i), false);
        }
        linker = new Linker(List.of(LinkType.fromConfig(link)));
        targets = new Path[FILES];
    }

    @Setup(Level.Invocation)
    public void freshFolders() throws IOException {
        round++;
        freshCache = new LocalCache(dir.resolve("fresh-cache-" + round));
        freshWorkspace = dir.resolve("ws-" + round);
        for (int i = 0; i < FILES; i++) {
            targets[i] = freshWorkspace.resolve(Fixtures.relpath(i, FILES, 10));
            if (i % (FILES / 10) == 0) {
                Files.createDirectories(targets[i].getParent());
            }
        }
    }

    @TearDown(Level.Invocation)
    public void deleteFolders() throws IOException {
        Fixtures.delete(freshCache.root());
        Fixtures.delete(freshWorkspace);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Fixtures.delete(dir);
    }

    /** LocalCache.add into an empty cache (no reflink): per file. Independent of {@code link}. */
    @Benchmark
    @OperationsPerInvocation(FILES)
    public void cacheAdd() throws IOException {
        for (int i = 0; i < FILES; i++) {
            freshCache.add(oids[i], sources.get(i), false);
        }
    }

    /** Linker.link from the cache into an empty workspace folder: per file. */
    @Benchmark
    @OperationsPerInvocation(FILES)
    public void link() throws IOException {
        for (int i = 0; i < FILES; i++) {
            linker.link(filledCache.pathOf(oids[i]), targets[i], false);
        }
    }
}
