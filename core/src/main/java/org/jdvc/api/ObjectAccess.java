package org.jdvc.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.jdvc.cache.HashMismatchException;
import org.jdvc.cache.LocalCache;
import org.jdvc.config.Config;
import org.jdvc.config.RemoteConfig;
import org.jdvc.hash.CorruptObjectException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.objects.CorruptRemoteObjectException;
import org.jdvc.objects.ObjectStore;
import org.jdvc.repo.Repository;

/**
 * Reads data objects for the history features: from a cache first, else from a remote (the default one unless named),
 * without writing to the cache and without touching a workspace. The remote is opened on first need and only once.
 *
 * <p>Not thread-safe. {@link #open} throws {@link NoSuchFileException} when neither place has the object.
 */
final class ObjectAccess implements AutoCloseable {
    private final LocalCache cache;
    private final Config config;
    private final TransferScope scope;
    private final String remoteName;
    private ObjectStore remote;
    private boolean remoteTried;

    /** Objects of {@code repo}: its cache, then {@code remoteName} or its default remote (none: cache only). */
    ObjectAccess(Repository repo, String remoteName) {
        this.cache = repo.cache();
        this.config = repo.config();
        this.scope = new TransferScope(repo, repo.root(), "");
        this.remoteName = remoteName;
    }

    LocalCache cache() {
        return cache;
    }

    boolean inCache(HashInfo oid) {
        try {
            return cache.contains(oid);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The object's bytes as a stream; the caller closes it. Every byte is verified against the object's id: a cache
     * object as it is read (a mismatch fails the read that reaches its end), a remote object before the stream is
     * returned ({@link CorruptRemoteObjectException}).
     */
    InputStream open(HashInfo oid) throws IOException {
        if (inCache(oid)) {
            return cache.openVerified(oid);
        }
        return new java.io.ByteArrayInputStream(fromRemote(oid));
    }

    /** The whole object, verified; a corrupt cache copy is dropped and the remote asked instead. */
    byte[] readAllBytes(HashInfo oid) throws IOException {
        if (inCache(oid)) {
            try {
                return cache.readAllBytes(oid);
            } catch (HashMismatchException e) {
                // NOTE: the cache has quarantined its copy; the remote may still hold a good one
            }
        }
        return fromRemote(oid);
    }

    private byte[] fromRemote(HashInfo oid) throws IOException {
        Optional<ObjectStore> r = remote();
        if (r.isEmpty()) {
            throw new NoSuchFileException(oid.value(), null, "not in the cache and no remote is configured");
        }
        // NOTE: straight from the remote, not into the cache: a read-only view must not fill the user's cache behind
        // them; verified here instead, as a download into the cache would be
        byte[] bytes = r.get().read(oid);
        String actual = LocalCache.digestOf(oid.name(), bytes);
        if (!actual.equals(oid.digest())) {
            throw new CorruptRemoteObjectException(remoteName != null ? remoteName
                    : config.defaultRemote().orElse(""), oid, actual);
        }
        return bytes;
    }

    /** The manifest of a {@code .dir} object, or empty when it is nowhere to be found or corrupt. */
    Optional<TreeManifest> manifest(HashInfo dir) {
        try {
            return Optional.of(TreeManifest.parse(readAllBytes(dir), dir.value()));
        } catch (IOException | CorruptObjectException e) {
            return Optional.empty();
        }
    }

    /** Whether any place (cache or remote) has it: for the "not in cache" column only the cache counts. */
    Optional<ObjectStore> remote() {
        if (!remoteTried) {
            remoteTried = true;
            String name = remoteName != null ? remoteName : config.defaultRemote().orElse(null);
            if (name != null) {
                RemoteConfig rc = scope.remoteConfig(name);
                remote = scope.open(rc);
            }
        }
        return Optional.ofNullable(remote);
    }

    @Override
    public void close() {
        if (remote != null) {
            remote.close();
        }
    }
}
