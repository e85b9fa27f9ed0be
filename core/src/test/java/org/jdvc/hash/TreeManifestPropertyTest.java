package org.jdvc.hash;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreeManifestPropertyTest {
    private static final String[] PIECES = {"a", "b", "B", "a-b", "a.b", "-", ".x", "x.", "0", "Z", "\u00e9", "e\u0301",
        "\uff21", "\ud83d\ude00", "\ud800\udc00", "\ue000", "\uffff", "\"q\"", "back\\slash", "tab\t", "nl\n", "\u007f",
        "\u0001", "sp ace", "\u4e2d\u6587", "\ud834\udd1e"};

    private static String component(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        String s = sb.toString();
        return s.equals(".") || s.equals("..") ? s + "x" : s;
    }

    static List<TreeManifest.Entry> randomEntries(long seed) {
        Random r = new Random(seed);
        int n = r.nextInt(200);
        Set<String> seen = new HashSet<>();
        List<TreeManifest.Entry> out = new ArrayList<>();
        List<String> dirs = new ArrayList<>(List.of(""));
        for (int i = 0; i < n; i++) {
            String dir = dirs.get(r.nextInt(dirs.size()));
            String path = dir + component(r);
            if (r.nextInt(4) == 0 && dir.length() < 400) {
                // deeper nesting later; NOTE: a directory is never also a file (parse rejects such a tree)
                if (seen.add(path)) {
                    dirs.add(path + "/");
                }
                continue;
            }
            if (seen.add(path)) {
                byte[] h = new byte[8];
                r.nextBytes(h);
                out.add(new TreeManifest.Entry(path, FileHasher.md5(h)));
            }
        }
        return out;
    }

    private static int byCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return java.util.Arrays.compare(x, y);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void sortedByCodePointAndRoundTrips(long seed) {
        List<TreeManifest.Entry> entries = randomEntries(seed);
        TreeManifest m = TreeManifest.of(entries);
        List<TreeManifest.Entry> sorted = m.entries();
        assertThat(sorted).containsExactlyInAnyOrderElementsOf(entries);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(byCodePoints(sorted.get(i - 1).relpath(), sorted.get(i).relpath())).isNegative();
        }
        byte[] bytes = m.toBytes();
        for (byte b : bytes) {
            assertThat(b).isBetween((byte) 0x20, (byte) 0x7e); // ensure_ascii output, no raw controls
        }
        TreeManifest back = TreeManifest.parse(bytes, "seed " + seed);
        assertThat(back).isEqualTo(m);
        assertThat(back.toBytes()).isEqualTo(bytes);
        List<TreeManifest.Entry> shuffled = new ArrayList<>(entries);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(TreeManifest.of(shuffled).toBytes()).isEqualTo(bytes);
        assertThat(m.digest()).isEqualTo(FileHasher.md5(bytes));
    }

    @ParameterizedTest
    @ValueSource(longs = {101, 102, 103, 104, 105})
    void serializationMatchesPythonJsonOfTheSameList(long seed) {
        TreeManifest m = TreeManifest.of(randomEntries(seed));
        List<Object> list = new ArrayList<>();
        for (TreeManifest.Entry e : m.entries()) {
            list.add(java.util.Map.of("relpath", e.relpath(), "md5", e.md5()));
        }
        assertThat(new String(m.toBytes(), US_ASCII)).isEqualTo(PythonJson.dumps(list));
    }
}
