package org.jdvc.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.CorruptObjectException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;

/**
 * Answers "is this output entirely in the cache?": for a file its object; for a directory its {@code .dir}
 * manifest and the object of every file it lists (what DVC's status calls "not in cache" otherwise).
 */
public final class CachePresence {
    private final Repository repo;

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

    private boolean check(HashInfo hash) throws IOException {
        LocalCache cache = repo.cache();
        if (!cache.contains(hash)) {
            return false;
        }
        if (!hash.isDir()) {
            return true;
        }
        TreeManifest manifest;
        try {
            manifest = TreeManifest.parse(cache.readAllBytes(hash), cache.pathOf(hash).toString());
        } catch (CorruptObjectException e) {
            return false;
        }
        for (TreeManifest.Entry e : manifest.entries()) {
            if (!cache.contains(new HashInfo(hash.name(), e.md5()))) {
                return false;
            }
        }
        return true;
    }
}
