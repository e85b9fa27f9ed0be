package org.jdvc.api;

import java.io.IOException;
import java.nio.file.Path;
import org.jdvc.JdvcException;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitHistory;

/** Where a DVC project sits inside its git work tree. */
final class Revisions {
    private Revisions() {
    }

    /** The project root relative to the git work tree, POSIX, {@code ""} when they are the same folder. */
    static String prefix(GitHistory git, Repository repo) {
        return prefix(git.workTree(), repo.root());
    }

    static String prefix(Path workTree, Path projectRoot) {
        try {
            // NOTE: real paths: git reports the work tree with symlinks resolved (/tmp on macOS, symlinked homes)
            Path top = workTree.toRealPath();
            Path root = projectRoot.toRealPath();
            if (!root.startsWith(top)) {
                throw new JdvcException("'" + projectRoot + "' is not inside the git work tree '" + workTree + "'");
            }
            return top.relativize(root).toString().replace('\\', '/');
        } catch (IOException e) {
            throw new JdvcException("cannot resolve '" + projectRoot + "': " + e.getMessage());
        }
    }
}
