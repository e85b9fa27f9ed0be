package org.jdvc.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.CorruptObjectException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.internal.AtomicFiles;

/**
 * Answers "is this output entirely in the cache?": for a file its object; for a directory its {@code .dir}
 * manifest and the object of every file it lists (what DVC's status calls "not in cache" otherwise).
 *
 * <p>A directory of 70,000 files would need 70,000 checks on every status. Instead, once a manifest has been found
 * complete, the modification times of the cache's prefix directories ({@code files/md5/ab/}) holding its objects are
 * remembered in jdvc's private directory: deleting or adding an object changes its prefix directory's time, so while
 * none of them changed the manifest is still complete, and only the changed prefixes are checked again otherwise.
 * Objects are read-only (0444) and DVC itself trusts such objects without re-hashing them, so content is not re-read.
 */
public final class CachePresence {
    private final Repository repo;
    private Map<String, Map<String, Long>> memo;
    private boolean dirty;

    CachePresence(Repository repo) {
        this.repo = repo;
    }

    public boolean isComplete(HashInfo hash) {
        try {
            return check(hash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records that every object of {@code manifest} (stored as {@code hash}) was just written to the cache. */
    public void markComplete(HashInfo hash, TreeManifest manifest) throws IOException {
        Map<String, Long> prefixes = new TreeMap<>();
        prefixes.put(prefixOf(hash), null);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TreeManifest.Entry e : manifest.entries()) {
            // NOTE: at most 256 prefix directories for any number of files: resolve each once
            if (seen.add(e.md5().substring(0, 2))) {
                prefixes.put(prefixOf(new HashInfo(hash.name(), e.md5())), null);
            }
        }
        for (String prefix : prefixes.keySet()) {
            prefixes.put(prefix, mtime(prefixDir(prefix)));
        }
        memo().put(hash.name() + ":" + hash.value(), prefixes);
        dirty = true;
    }

    private boolean check(HashInfo hash) throws IOException {
        LocalCache cache = repo.cache();
        if (!hash.isDir()) {
            return cache.contains(hash);
        }
        String key = hash.name() + ":" + hash.value();
        Map<String, Long> recorded = memo().get(key);
        Map<String, Long> now = new HashMap<>();
        if (recorded != null && unchanged(recorded, now)) {
            return true;
        }
        if (!cache.contains(hash)) {
            return false;
        }
        TreeManifest manifest;
        try {
            manifest = TreeManifest.parse(cache.readAllBytes(hash), cache.pathOf(hash).toString());
        } catch (CorruptObjectException e) {
            return false;
        }
        Map<String, Long> prefixes = new TreeMap<>();
        prefixes.put(prefixOf(hash), null);
        for (TreeManifest.Entry e : manifest.entries()) {
            HashInfo file = new HashInfo(hash.name(), e.md5());
            String prefix = prefixOf(file);
            boolean prefixUnchanged = recorded != null && recorded.containsKey(prefix)
                    && recorded.get(prefix).equals(now.get(prefix));
            if (!prefixUnchanged && !cache.contains(file)) {
                return false;
            }
            prefixes.put(prefix, null);
        }
        for (String prefix : prefixes.keySet()) {
            prefixes.put(prefix, now.containsKey(prefix) ? now.get(prefix) : mtime(prefixDir(prefix)));
        }
        memo().put(key, prefixes);
        dirty = true;
        return true;
    }

    /** Whether every recorded prefix directory still has its recorded time (filling {@code now} as it goes). */
    private boolean unchanged(Map<String, Long> recorded, Map<String, Long> now) throws IOException {
        boolean same = true;
        for (Map.Entry<String, Long> e : recorded.entrySet()) {
            long t = mtime(prefixDir(e.getKey()));
            now.put(e.getKey(), t);
            if (t != e.getValue()) {
                same = false;
            }
        }
        return same;
    }

    private String prefixOf(HashInfo h) {
        Path p = repo.cache().pathOf(h).getParent();
        return repo.cache().root().relativize(p).toString();
    }

    private Path prefixDir(String prefix) {
        return repo.cache().root().resolve(prefix);
    }

    private static long mtime(Path dir) throws IOException {
        try {
            return Files.readAttributes(dir, BasicFileAttributes.class).lastModifiedTime().to(TimeUnit.NANOSECONDS);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    private Path memoFile() {
        return repo.privateDir().resolve("cache-presence");
    }

    private Map<String, Map<String, Long>> memo() {
        if (memo == null) {
            memo = new LinkedHashMap<>();
            try {
                if (Files.exists(memoFile())) {
                    for (String line : Files.readAllLines(memoFile(), StandardCharsets.UTF_8)) {
                        String[] parts = line.split("\t");
                        if (parts.length != 2) {
                            continue;
                        }
                        Map<String, Long> prefixes = new TreeMap<>();
                        for (String item : parts[1].split(",")) {
                            int eq = item.lastIndexOf('=');
                            prefixes.put(item.substring(0, eq), Long.parseLong(item.substring(eq + 1)));
                        }
                        memo.put(parts[0], prefixes);
                    }
                }
            } catch (IOException | RuntimeException e) {
                memo.clear(); // NOTE: a private memo: unreadable means "check again", never an error
            }
        }
        return memo;
    }

    /** Saves what was verified during this command. */
    void save() throws IOException {
        if (!dirty) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        memo.forEach((oid, prefixes) -> {
            sb.append(oid).append('\t');
            StringBuilder items = new StringBuilder();
            prefixes.forEach((p, t) -> items.append(items.isEmpty() ? "" : ",").append(p).append('=').append(t));
            sb.append(items).append('\n');
        });
        Files.createDirectories(memoFile().getParent());
        AtomicFiles.writeString(memoFile(), sb.toString());
        dirty = false;
    }
}
