package org.jdvc.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jdvc.hash.TreeManifest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code .dir} manifest of a 70,000-file directory ({@code many}'s relpaths {@code dNN/fNNNNN.bin}): build
 * (validate + code-point sort of entries in walk order), serialize, digest, parse. Serialization alone is not public:
 * it is {@code serialize} minus {@code buildSorted}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TreeManifestBenchmark {
    @Param({"70000"})
    public int entries;

    private List<TreeManifest.Entry> shuffled;
    private List<TreeManifest.Entry> sorted;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void setUp() {
        List<TreeManifest.Entry> list = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            list.add(new TreeManifest.Entry(Fixtures.relpath(i, entries, 70), Fixtures.fakeMd5(i)));
        }
        sorted = List.copyOf(list);
        Collections.shuffle(list, new Random(3)); // a parallel walk returns files in no particular order
        shuffled = List.copyOf(list);
        bytes = TreeManifest.of(sorted).toBytes();
    }

    /** TreeManifest.of on entries in walk order: relpath checks + sort + duplicate check. */
    @Benchmark
    public TreeManifest buildShuffled() {
        return TreeManifest.of(shuffled);
    }

    /** TreeManifest.of on entries already sorted (the sort degenerates to one pass). */
    @Benchmark
    public TreeManifest buildSorted() {
        return TreeManifest.of(sorted);
    }

    /** buildSorted + the JSON bytes (about 5.2 MB for 70k entries). */
    @Benchmark
    public byte[] serialize() {
        return TreeManifest.of(sorted).toBytes();
    }

    /** What hashing a directory does after the files are hashed: build from walk order, serialize, MD5. */
    @Benchmark
    public String buildSerializeDigest() {
        return TreeManifest.of(shuffled).digest();
    }

    /** Parse + validate the JSON bytes (what checkout, push and status -c do with a .dir object). */
    @Benchmark
    public TreeManifest parse() {
        return TreeManifest.parse(bytes, "bench");
    }
}
