package org.jdvc.repo;

import java.util.List;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;

/**
 * The current state of a workspace path, hashed: for a file its hash, size and executable bit; for a directory the
 * {@code .dir} hash of its manifest, total size, file count, the files it was built from (possibly none listed when
 * the result is {@linkplain #isShallow() shallow}) and, unless shallow, the manifest and each file's hash. For a file,
 * {@code files} holds the file itself with the stamp it had when it was hashed.
 */
public record HashedPath(HashInfo hash, long size, int nfiles, boolean isExec, TreeManifest manifest,
                         List<Workspace.FileEntry> files, List<String> fileHashes) {
    public boolean isDir() {
        return hash.isDir();
    }

    /** A directory hash known from {@link DirectoryStates}: no manifest and no per-file hashes. */
    public boolean isShallow() {
        return isDir() && manifest == null;
    }
}
