package org.jdvc.repo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.HashInfo;
import org.jdvc.internal.Parallel;

/**
 * Stores hashed workspace data in the cache: every file of a directory first, its {@code .dir} manifest last, so a
 * manifest in the cache always means its files are there too.
 */
public final class CacheWriter {
    private final Repository repo;
    private final LocalCache cache;
    private final boolean allowReflink;

    public CacheWriter(Repository repo, boolean allowReflink) {
        this.repo = repo;
        this.cache = repo.cache();
        this.allowReflink = allowReflink;
    }

    public void store(java.nio.file.Path source, HashedPath hashed) throws IOException {
        if (!hashed.isDir()) {
            cache.add(hashed.hash(), source, allowReflink, hashed.files().getFirst().stamp());
            return;
        }
        String name = hashed.hash().name();
        List<Integer> indexes = new ArrayList<>(hashed.files().size());
        for (int i = 0; i < hashed.files().size(); i++) {
            indexes.add(i);
        }
        Parallel.forEach(indexes, i -> cache.add(new HashInfo(name, hashed.fileHashes().get(i)),
                hashed.files().get(i).path(), allowReflink, hashed.files().get(i).stamp()));
        cache.addBytes(hashed.hash(), hashed.manifest().toBytes());
        repo.cachePresence().markComplete(hashed.hash(), hashed.manifest());
    }
}
