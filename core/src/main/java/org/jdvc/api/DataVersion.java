package org.jdvc.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.repo.DataIndex;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitHistory;

/**
 * The tracked data of a project as one git revision records it, readable without checking anything out:
 * {@code jdvc.dataAt("v1").open("data.csv")}. Bytes come from the cache, else from the default remote.
 *
 * <p>Paths are relative to the project root, POSIX; a path may name a tracked file, or a file inside a tracked
 * directory. Not thread-safe; close it to release git and the remote connection.
 */
public final class DataVersion implements AutoCloseable {
    private final String rev;
    private final String commit;
    private final DataIndex index;
    private final ObjectAccess objects;

    DataVersion(Repository repo, String rev) {
        this.rev = rev;
        try (GitHistory git = GitHistory.open(repo.root())) {
            this.commit = git.resolve(rev);
            this.index = DataIndex.atCommit(git, commit, Revisions.prefix(git, repo));
        }
        this.objects = new ObjectAccess(repo, null);
    }

    /** The revision as given. */
    public String rev() {
        return rev;
    }

    /** The full commit id it resolved to. */
    public String commit() {
        return commit;
    }

    /** Every output this revision records. */
    public DataIndex index() {
        return index;
    }

    /**
     * The hash of a tracked file or directory, or of a file inside a tracked directory (then read from the
     * directory's manifest); empty when the revision tracks no such path.
     */
    public Optional<HashInfo> hash(String path) {
        String p = normalize(path);
        Optional<DataIndex.DataEntry> owner = index.owning(p);
        if (owner.isEmpty() || owner.get().hash() == null) {
            return Optional.empty();
        }
        HashInfo h = owner.get().hash();
        if (owner.get().path().equals(p)) {
            return Optional.of(h);
        }
        if (!h.isDir()) {
            return Optional.empty();
        }
        String rel = p.substring(owner.get().path().length() + 1);
        TreeManifest m = objects.manifest(h).orElseThrow(() -> new JdvcException(
                "the manifest of '" + owner.get().path() + "' at '" + rev + "' is neither in the cache nor on the remote"));
        return m.entries().stream().filter(e -> e.relpath().equals(rel)).findFirst()
                .map(e -> new HashInfo(h.name(), e.md5()));
    }

    /** The files of this revision's tracked data below {@code path} ("" for all), expanded from directories. */
    public List<String> files(String path) {
        String p = normalize(path);
        List<String> out = new ArrayList<>();
        for (DataIndex.DataEntry e : index.entries()) {
            if (e.hash() == null) {
                continue;
            }
            if (!e.hash().isDir()) {
                if (p.isEmpty() || e.path().equals(p) || e.path().startsWith(p + "/")) {
                    out.add(e.path());
                }
                continue;
            }
            objects.manifest(e.hash()).ifPresent(m -> m.entries().forEach(f -> {
                String full = e.path() + "/" + f.relpath();
                if (p.isEmpty() || full.equals(p) || full.startsWith(p + "/")) {
                    out.add(full);
                }
            }));
        }
        out.sort(null);
        return out;
    }

    /**
     * Opens a tracked file as it was at this revision; the caller closes the stream. Its bytes are verified against
     * the recorded hash: a corrupt remote object is refused here, a corrupt cache object by the read that reaches its
     * end ({@link org.jdvc.cache.HashMismatchException}); whoever reads to the end has read the recorded bytes.
     *
     * @throws JdvcException when the revision does not track the file, or its bytes are neither in the cache nor on
     *     the remote
     */
    public InputStream open(String path) {
        HashInfo h = fileHash(path);
        try {
            return objects.open(h);
        } catch (IOException e) {
            throw failure(path, h, e);
        }
    }

    /** The whole file at this revision, verified; a corrupt cache copy is dropped and the remote's used instead. */
    public byte[] readAllBytes(String path) {
        HashInfo h = fileHash(path);
        try {
            return objects.readAllBytes(h);
        } catch (IOException e) {
            throw failure(path, h, e);
        }
    }

    /** A read's failure as the caller should see it: one line naming the file and revision where it is the data's. */
    private RuntimeException failure(String path, HashInfo h, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new JdvcException("'" + path + "' at revision '" + rev + "' is neither in the cache nor on the "
                    + "remote (" + h.value() + ")");
        }
        if (e instanceof org.jdvc.objects.CorruptRemoteObjectException) {
            return new JdvcException("'" + path + "' at revision '" + rev + "': " + e.getMessage());
        }
        return new UncheckedIOException(e);
    }

    private HashInfo fileHash(String path) {
        HashInfo h = hash(path).orElseThrow(() -> new JdvcException(
                "'" + path + "' is not tracked by DVC at revision '" + rev + "'"));
        if (h.isDir()) {
            throw new JdvcException("'" + path + "' is a directory at revision '" + rev + "'");
        }
        return h;
    }

    private static String normalize(String path) {
        return Path.of(path).normalize().toString().replace('\\', '/').replaceAll("/+$", "")
                .replaceFirst("^\\./?", "");
    }

    @Override
    public void close() {
        objects.close();
    }
}
