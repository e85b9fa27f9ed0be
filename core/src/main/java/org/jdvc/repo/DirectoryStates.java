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

    /** Order-independent fingerprint of a scan: relpaths and stamps of every file. */
    static long[] fingerprint(List<Workspace.FileEntry> files) {
        long a = 0;
        long b = 0;
        for (Workspace.FileEntry f : files) {
            long h = 0xcbf29ce484222325L;
            String rel = f.relpath();
            for (int i = 0; i < rel.length(); i++) {
                h = (h ^ rel.charAt(i)) * 0x100000001b3L;
            }
            FileStamp s = f.stamp();
            long x = mix(h ^ mix(s.inode()) ^ Long.rotateLeft(mix(s.mtimeNanos()), 21) ^ Long.rotateLeft(
                    mix(s.size()), 42));
            a += x;
            b ^= mix(x + 0x9e3779b97f4a7c15L);
        }
        return new long[] {a, b};
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The remembered hash of {@code relpath} if its files still have the fingerprinted stamps. */
    HashInfo lookup(String relpath, String hashName, long[] fp, int nfiles, long size) {
        Known k = known().get(relpath);
        if (k != null && k.hashName().equals(hashName) && k.fingerprintA() == fp[0] && k.fingerprintB() == fp[1]
                && k.nfiles() == nfiles && k.size() == size) {
            return new HashInfo(hashName, k.oid());
        }
        return null;
    }

    void remember(String relpath, String hashName, long[] fp, int nfiles, long size, String oid) {
        Known k = new Known(hashName, fp[0], fp[1], nfiles, size, oid);
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
