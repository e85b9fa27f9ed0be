package org.jdvc.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.hash.ContentSink;
import org.jdvc.hash.FileHasher;
import org.jdvc.hash.FileStamp;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.ParallelHasher;
import org.jdvc.hash.StateDb;
import org.jdvc.hash.TreeManifest;

/**
 * Hashes workspace files and directories the way DVC does, asking the state database first so unchanged files are
 * never read again.
 */
public final class WorkspaceHasher {
    private final Repository repo;

    public WorkspaceHasher(Repository repo) {
        this.repo = repo;
    }

    public Repository repository() {
        return repo;
    }

    /** Hashes {@code abs} with {@code hashName}, with a directory's manifest and file hashes; null when absent. */
    public HashedPath hash(Path abs, String hashName) throws IOException {
        return hash(abs, hashName, true, null);
    }

    /**
     * Like {@link #hash(Path, String)}, handing the content of the small files of a directory that had to be read to
     * {@code sink} (see {@link ParallelHasher#hashAll(List, List, String, ContentSink)}).
     */
    public HashedPath hash(Path abs, String hashName, ContentSink sink) throws IOException {
        return hash(abs, hashName, true, sink);
    }

    /**
     * Like {@link #hash(Path, String)}, but a directory whose files are unchanged since it was last hashed gives a
     * {@linkplain HashedPath#isShallow() shallow} result (its hash only): what status needs.
     */
    public HashedPath hashShallow(Path abs, String hashName) throws IOException {
        return hash(abs, hashName, false, null);
    }

    private HashedPath hash(Path abs, String hashName, boolean full, ContentSink sink) throws IOException {
        if (!Files.exists(abs)) {
            return null;
        }
        if (Files.isDirectory(abs)) {
            return hashDirectory(abs, hashName, full, sink);
        }
        FileStamp stamp = FileStamp.of(abs);
        StateDb state = repo.state();
        String value = state.get(abs, stamp, hashName).orElse(null);
        if (value == null) {
            value = FileHasher.hash(abs, hashName).value();
            state.put(abs, stamp, hashName, value);
        }
        boolean exec = Files.isExecutable(abs) && isExecBitSet(abs);
        Workspace.FileEntry self = new Workspace.FileEntry(abs.getFileName().toString(), abs, stamp, exec);
        return new HashedPath(new HashInfo(hashName, value), stamp.size(), -1, exec, null, List.of(self), List.of());
    }

    private HashedPath hashDirectory(Path dir, String hashName, boolean full, ContentSink sink) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new JdvcException("'" + repo.relpath(dir) + "' is a symlink to a directory: DVC cannot track it");
        }
        String rel = repo.relpath(dir);
        Workspace workspace = Workspace.forExpectedFiles(repo.directoryStates().fileCount(rel));
        if (!full) {
            // NOTE: an unchanged directory is told by its fingerprint alone; the walk that makes no object per file
            // answers most trees, and anything it declines or that changed takes the full scan below.
            DirectoryStates.Fingerprint quick = workspace.fingerprint(dir, repo.ignore(), rel);
            HashInfo known = quick == null ? null : repo.directoryStates().lookup(rel, hashName, quick);
            if (known != null) {
                return new HashedPath(known, quick.size(), quick.nfiles(), false, null, List.of(), null);
            }
        }
        List<Workspace.FileEntry> files = workspace.scan(dir, repo.ignore(), rel);
        DirectoryStates.Fingerprint fingerprint = DirectoryStates.fingerprint(files);
        long size = fingerprint.size();
        HashInfo known = repo.directoryStates().lookup(rel, hashName, fingerprint);
        if (known != null && !full) {
            return new HashedPath(known, size, files.size(), false, null, files, null);
        }
        List<Path> paths = new ArrayList<>(files.size());
        List<FileStamp> stamps = new ArrayList<>(files.size());
        for (Workspace.FileEntry e : files) {
            paths.add(e.path());
            stamps.add(e.stamp());
        }
        List<String> hashes;
        try (ParallelHasher hasher = new ParallelHasher(repo.state())) {
            hashes = hasher.hashAll(paths, stamps, hashName, sink);
        }
        List<TreeManifest.Entry> entries = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            entries.add(new TreeManifest.Entry(files.get(i).relpath(), hashes.get(i)));
        }
        TreeManifest manifest = TreeManifest.of(entries);
        HashInfo hash = new HashInfo(hashName, manifest.digest() + HashInfo.DIR_SUFFIX);
        repo.directoryStates().remember(rel, hashName, fingerprint, hash.value());
        return new HashedPath(hash, size, files.size(), false, manifest, files, hashes);
    }

    private static boolean isExecBitSet(Path file) throws IOException {
        int mode = (Integer) Files.getAttribute(file, "unix:mode");
        return (mode & 0111) != 0;
    }

    static boolean isDirectoryNoFollow(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }
}
