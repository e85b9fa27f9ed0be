package org.jdvc.repo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.ContentSink;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.Parallel;

/**
 * Stores hashed workspace data in the cache: every file of a directory first, its {@code .dir} manifest last, so a
 * manifest in the cache always means its files are there too.
 *
 * <p>Small files can be stored while they are hashed: pass {@link #sink()} to
 * {@link WorkspaceHasher#hash(java.nio.file.Path, String, ContentSink)}, then {@link #store} skips what the sink
 * already wrote. One writer per operation; thread-safe.
 */
public final class CacheWriter {
    private final Repository repo;
    private final LocalCache cache;
    private final boolean allowReflink;
    private final Set<HashInfo> stored = ConcurrentHashMap.newKeySet();

    public CacheWriter(Repository repo, boolean allowReflink) {
        this.repo = repo;
        this.cache = repo.cache();
        this.allowReflink = allowReflink;
    }

    /**
     * Writes each small file the hasher read into the cache from the hasher's buffer (one read of the source in
     * all), unless the object is already there.
     */
    public ContentSink sink() {
        return (hash, content, length) -> {
            // NOTE: claim first, so identical files hashed at once are written once
            if (stored.add(hash)) {
                cache.addDigested(hash, content, length);
            }
        };
    }

    public void store(java.nio.file.Path source, HashedPath hashed) throws IOException {
        if (!hashed.isDir()) {
            if (!stored.contains(hashed.hash())) {
                cache.add(hashed.hash(), source, allowReflink, hashed.files().getFirst().stamp());
            }
            return;
        }
        String name = hashed.hash().name();
        List<Integer> indexes = new ArrayList<>(hashed.files().size());
        for (int i = 0; i < hashed.files().size(); i++) {
            if (!stored.contains(new HashInfo(name, hashed.fileHashes().get(i)))) {
                indexes.add(i);
            }
        }
        // NOTE: a re-add of unchanged data: the directory is known complete (prefix-directory times unchanged), so
        // no object needs a look.
        if (!indexes.isEmpty() && !repo.cachePresence().isComplete(hashed.hash())) {
            Parallel.forEach(indexes, i -> {
                HashInfo oid = new HashInfo(name, hashed.fileHashes().get(i));
                if (stored.add(oid)) {
                    cache.add(oid, hashed.files().get(i).path(), allowReflink, hashed.files().get(i).stamp());
                }
            });
        }
        cache.addBytes(hashed.hash(), hashed.manifest().toBytes());
        repo.cachePresence().markComplete(hashed.hash(), hashed.manifest());
    }
}
