package org.jdvc.repo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.FileStamp;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.AtomicFiles;

/**
 * The state database's rule ("same inode, mtime and size: same content") lifted to whole directories: a tracked
 * directory whose files have exactly the stamps they had when it was last hashed has the same {@code .dir} hash. The
 * files' stamps are combined into an order-independent 128-bit fingerprint, so a no-op status of 70,000 files needs
 * their stats but no state lookups, no manifest sort and no hashing.
 */
public final class DirectoryStates {
    /** A remembered directory hash and what it was computed from. */
    record Known(String hashName, long fingerprintA, long fingerprintB, int nfiles, long size, String oid) {
    }

    private final Path file;
    private Map<String, Known> known;
    private boolean dirty;

    DirectoryStates(Path file) {
        this.file = file;
    }

    /**
     * The order-independent fingerprint of a directory's files (their relpaths and stamps), their count and total
     * size, accumulated file by file. The fingerprints of disjoint sets of files {@linkplain #merge merge} into that
     * of their union (a sum and an xor), so parallel walks fingerprint their parts. Not thread-safe.
     */
    static final class Fingerprint {
        /** The hash of an empty relpath; {@link #pathHash(long, char)} continues it by one char. */
        static final long PATH_START = 0xcbf29ce484222325L;

        private long a;
        private long b;
        private int nfiles;
        private long size;

        /** FNV-1a over the relpath's chars: continues {@code h} by {@code c}. */
        static long pathHash(long h, char c) {
            return (h ^ c) * 0x100000001b3L;
        }

        /** Continues {@code h} by the chars of {@code s}. */
        static long pathHash(long h, String s) {
            for (int i = 0; i < s.length(); i++) {
                h = pathHash(h, s.charAt(i));
            }
            return h;
        }

        /** Adds a file: its relpath's {@linkplain #pathHash hash} and its stamp. */
        void add(long pathHash, long inode, long mtimeNanos, long size) {
            long x = mix(pathHash ^ mix(inode) ^ Long.rotateLeft(mix(mtimeNanos), 21) ^ Long.rotateLeft(mix(size),
                    42));
            a += x;
            b ^= mix(x + 0x9e3779b97f4a7c15L);
            nfiles++;
            this.size += size;
        }

        /** Adds the files of {@code other}, none of which may be in this one. */
        void merge(Fingerprint other) {
            a += other.a;
            b ^= other.b;
            nfiles += other.nfiles;
            size += other.size;
        }

        int nfiles() {
            return nfiles;
        }

        long size() {
            return size;
        }

        /** Equal: the same count, size and 128 bits, i.e. (almost certainly) the same files with the same stamps. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Fingerprint f && a == f.a && b == f.b && nfiles == f.nfiles && size == f.size;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(a);
        }

        @Override
        public String toString() {
            return nfiles + " files, " + size + " bytes, " + Long.toHexString(a) + "/" + Long.toHexString(b);
        }
    }

    /** The fingerprint of a scan's files. */
    static Fingerprint fingerprint(List<Workspace.FileEntry> files) {
        Fingerprint fp = new Fingerprint();
        for (Workspace.FileEntry f : files) {
            FileStamp s = f.stamp();
            fp.add(Fingerprint.pathHash(Fingerprint.PATH_START, f.relpath()), s.inode(), s.mtimeNanos(), s.size());
        }
        return fp;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The remembered hash of {@code relpath} if its files still have the fingerprinted stamps. */
    HashInfo lookup(String relpath, String hashName, Fingerprint fp) {
        Known k = known().get(relpath);
        if (k != null && k.hashName().equals(hashName) && k.fingerprintA() == fp.a && k.fingerprintB() == fp.b
                && k.nfiles() == fp.nfiles && k.size() == fp.size) {
            return new HashInfo(hashName, k.oid());
        }
        return null;
    }

    /** How many files {@code relpath} held when it was last remembered, or -1. */
    int fileCount(String relpath) {
        Known k = known().get(relpath);
        return k == null ? -1 : k.nfiles();
    }

    void remember(String relpath, String hashName, Fingerprint fp, String oid) {
        Known k = new Known(hashName, fp.a, fp.b, fp.nfiles, fp.size, oid);
        if (!k.equals(known().put(relpath, k))) {
            dirty = true;
        }
    }

    private Map<String, Known> known() {
        if (known == null) {
            known = new HashMap<>();
            try {
                if (Files.exists(file)) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        String[] p = line.split("\t");
                        if (p.length == 7) {
                            known.put(p[0], new Known(p[1], Long.parseLong(p[2]), Long.parseLong(p[3]),
                                    Integer.parseInt(p[4]), Long.parseLong(p[5]), p[6]));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                known.clear(); // NOTE: a private memo: unreadable means "hash again", never an error
            }
        }
        return known;
    }

    void save() throws IOException {
        if (!dirty) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        known.forEach((rel, k) -> sb.append(rel).append('\t').append(k.hashName()).append('\t')
                .append(k.fingerprintA()).append('\t').append(k.fingerprintB()).append('\t').append(k.nfiles())
                .append('\t').append(k.size()).append('\t').append(k.oid()).append('\n'));
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, sb.toString());
        dirty = false;
    }
}
