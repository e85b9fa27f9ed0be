package org.jdvc.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
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
 * Where {@code TreeManifest.of}'s time goes on 70,000 entries in walk order: sorting them by relpath with the
 * code-point comparator ({@link #codePointOrder}, a copy of TreeManifest's package-private one) versus
 * {@link String#compareTo} (an intrinsic; it equals code-point order whenever no relpath holds a char in
 * U+D800..U+FFFF, which one scan of the relpaths can establish).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RelpathSortBenchmark {
    /** Copy of TreeManifest.compareCodePoints (core, package-private). */
    static int codePointOrder(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return fixup(x) - fixup(y);
            }
        }
        return a.length() - b.length();
    }

    private static int fixup(char c) {
        if (c < 0xd800) {
            return c;
        }
        return c >= 0xe000 ? c - 0x800 : c + 0x2000;
    }

    private static final Comparator<TreeManifest.Entry> CODE_POINT =
            (a, b) -> codePointOrder(a.relpath(), b.relpath());
    private static final Comparator<TreeManifest.Entry> UTF16 = Comparator.comparing(TreeManifest.Entry::relpath);

    @Param({"70000"})
    public int entries;

    private TreeManifest.Entry[] shuffled;

    @Setup(Level.Trial)
    public void setUp() {
        List<TreeManifest.Entry> list = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            list.add(new TreeManifest.Entry(Fixtures.relpath(i, entries, 70), Fixtures.fakeMd5(i)));
        }
        Collections.shuffle(list, new Random(3));
        shuffled = list.toArray(new TreeManifest.Entry[0]);
    }

    /** Arrays.sort with the code-point comparator (what TreeManifest.of does). */
    @Benchmark
    public TreeManifest.Entry[] sortCodePoint() {
        TreeManifest.Entry[] a = shuffled.clone();
        Arrays.sort(a, CODE_POINT);
        return a;
    }

    /** Arrays.sort with String.compareTo, after the one scan that proves it equivalent. */
    @Benchmark
    public TreeManifest.Entry[] sortUtf16AfterScan() {
        TreeManifest.Entry[] a = shuffled.clone();
        for (TreeManifest.Entry e : a) {
            String p = e.relpath();
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) >= 0xd800) {
                    throw new IllegalStateException("fixture has non-BMP-safe relpaths");
                }
            }
        }
        Arrays.sort(a, UTF16);
        return a;
    }

    /** Copy of the array alone (the floor of both). */
    @Benchmark
    public TreeManifest.Entry[] cloneOnly() {
        return shuffled.clone();
    }
}
