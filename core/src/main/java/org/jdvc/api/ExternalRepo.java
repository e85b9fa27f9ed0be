package org.jdvc.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdvc.JdvcException;
import org.jdvc.cache.LocalCache;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.repo.DataIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.WorkspaceCheckout;
import org.jdvc.scm.GitHistory;

/**
 * Another DVC repository read through git, for {@code ls}, {@code get}, {@code import} and {@code update}: a local
 * work tree is read in place (its cache first, then its default remote); any other URL is cloned (no checkout) into a
 * temporary folder removed by {@link #close}, and read through the remote its {@code .dvc/config} names at the
 * revision.
 *
 * <p>NOTE: objects come through {@link ObjectAccess}, i.e. the transfer layer's {@code ObjectStore}: any remote type
 * jdvc supports works for a source repository too. Not thread-safe.
 */
final class ExternalRepo implements AutoCloseable {
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+://|^[^/]+@[^/:]+:");

    private final String url;
    private final GitHistory git;
    private final Path clone;
    private final Map<String, String> env;
    private ObjectAccess objects;
    private String objectsCommit;

    private ExternalRepo(String url, GitHistory git, Path clone, Map<String, String> env) {
        this.url = url;
        this.git = git;
        this.clone = clone;
        this.env = env;
    }

    /** Opens {@code url}; a relative local path is relative to {@code cwd}. */
    static ExternalRepo open(String url, Path cwd, Map<String, String> env) {
        Path local = localPath(url, cwd);
        if (local != null) {
            if (!Files.isDirectory(local)) {
                throw new JdvcException("'" + url + "' is not a git repository: no such directory");
            }
            GitHistory g;
            try {
                g = GitHistory.open(local);
            } catch (JdvcException e) {
                throw new JdvcException("'" + url + "' is not a git repository");
            }
            return new ExternalRepo(url, g, null, env);
        }
        Path into;
        try {
            into = Files.createTempDirectory("jdvc-clone-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new ExternalRepo(url, GitHistory.cloneOf(url, into), into, env);
        } catch (RuntimeException e) {
            deleteQuietly(into);
            throw e;
        }
    }

    private static Path localPath(String url, Path cwd) {
        if (url.startsWith("file://")) {
            return Path.of(URI.create(url));
        }
        if (SCHEME.matcher(url).find()) {
            return null;
        }
        return cwd.resolve(url).toAbsolutePath().normalize();
    }

    String url() {
        return url;
    }

    /** Whether this is a local work tree read in place (not a temporary clone). */
    boolean isLocal() {
        return clone == null;
    }

    GitHistory git() {
        return git;
    }

    /** The commit {@code rev} names, {@code HEAD} when null. */
    String resolve(String rev) {
        return git.resolve(rev == null ? "HEAD" : rev);
    }

    DataIndex index(String commit) {
        return DataIndex.atCommit(git, commit, "");
    }

    /**
     * Object access for the source at {@code commit}: a local work tree uses its own cache and config; a clone uses
     * the {@code .dvc/config} of the commit (so its relative remote paths resolve as in a clone of the repository).
     */
    ObjectAccess objects(String commit) {
        if (objects != null && commit.equals(objectsCommit)) {
            return objects;
        }
        if (objects != null) {
            objects.close();
        }
        Path root = git.workTree();
        if (clone != null) {
            try {
                Files.createDirectories(root.resolve(Repository.DVC_DIR));
                Optional<byte[]> config = git.readFile(commit, ".dvc/config");
                Path file = root.resolve(Repository.DVC_DIR).resolve("config");
                if (config.isPresent()) {
                    AtomicFiles.write(file, config.get());
                } else {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (!Files.isDirectory(root.resolve(Repository.DVC_DIR))) {
            throw new JdvcException("'" + url + "' is not a DVC repository");
        }
        objects = new ObjectAccess(Repository.at(root, env), null);
        objectsCommit = commit;
        return objects;
    }

    /**
     * Copies the object found (with, for a directory, its manifest and every file) from the source into
     * {@code cache}, verified; objects {@code cache} already has are skipped.
     *
     * @throws JdvcException naming the first object that is neither in the source's cache nor on its remote
     */
    void fetch(String commit, Found found, LocalCache cache) {
        ObjectAccess src = objects(commit);
        HashInfo hash = found.hash();
        try {
            if (found.derived() != null) {
                for (HashInfo f : org.jdvc.objects.Transfer.entries(hash, found.derived())) {
                    copy(src, f, cache);
                }
                cache.addBytes(hash, found.derived().toBytes());
                return;
            }
            if (hash.isDir()) {
                TreeManifest m = src.manifest(hash).orElseThrow(() -> missing(hash));
                for (HashInfo f : org.jdvc.objects.Transfer.entries(hash, m)) {
                    copy(src, f, cache);
                }
            }
            copy(src, hash, cache);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copy(ObjectAccess src, HashInfo oid, LocalCache cache) throws IOException {
        if (cache.contains(oid)) {
            return;
        }
        try (InputStream in = src.open(oid)) {
            cache.addStream(oid, in);
        } catch (NoSuchFileException e) {
            throw missing(oid);
        } catch (org.jdvc.remote.RemoteException e) {
            throw new JdvcException("'" + url + "' has no reachable remote: " + e.getMessage(), JdvcException.FAILED,
                    e);
        }
    }

    private JdvcException missing(HashInfo oid) {
        return new JdvcException("object " + oid.value() + " is neither in the cache of '" + url
                + "' nor on its default remote");
    }

    /** The data entry at or containing {@code path}, with the hash of {@code path} itself. */
    record Found(DataIndex.DataEntry owner, HashInfo hash, Long size, Long nfiles, boolean isExec,
                 TreeManifest derived) {
    }

    /** What the source tracks at {@code path} in {@code commit}; empty when DVC does not track it. */
    Optional<Found> find(String commit, String path) {
        DataIndex index = index(commit);
        Optional<DataIndex.DataEntry> owner = index.owning(path);
        if (owner.isEmpty() || owner.get().hash() == null) {
            return Optional.empty();
        }
        DataIndex.DataEntry e = owner.get();
        if (e.path().equals(path)) {
            return Optional.of(new Found(e, e.hash(), e.output().size(), e.output().nfiles(), e.output().isexec(), null));
        }
        if (!e.hash().isDir()) {
            return Optional.empty();
        }
        String rel = path.substring(e.path().length() + 1);
        TreeManifest m = objects(commit).manifest(e.hash()).orElseThrow(() -> missing(e.hash()));
        List<TreeManifest.Entry> files = m.entries().stream().filter(f -> f.relpath().equals(rel)).toList();
        if (files.size() == 1) {
            return Optional.of(new Found(e, new HashInfo(e.hash().name(), files.getFirst().md5()), null, null, false,
                    null));
        }
        List<TreeManifest.Entry> inside = m.entries().stream().filter(f -> f.relpath().startsWith(rel + "/")).toList();
        if (inside.isEmpty()) {
            return Optional.empty();
        }
        // NOTE: a folder inside a tracked directory: its own manifest, built from the entries below it
        TreeManifest sub = TreeManifest.of(inside.stream().map(
                f -> new TreeManifest.Entry(f.relpath().substring(rel.length() + 1), f.md5())).toList(), e.hash().name());
        return Optional.of(new Found(e, sub.hashInfo(), null, (long) inside.size(), false, sub));
    }

    @Override
    public void close() {
        if (objects != null) {
            objects.close();
        }
        git.close();
        if (clone != null) {
            deleteQuietly(clone);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            WorkspaceCheckout.deleteAny(p);
        } catch (IOException e) {
            // NOTE: a temporary clone left behind is harmless; the command's own result matters more
        }
    }
}
