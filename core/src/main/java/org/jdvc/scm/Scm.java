package org.jdvc.scm;

import java.nio.file.Path;
import java.util.Collection;

/**
 * What jdvc's local commands need from the version control system around the workspace: whether paths are tracked or
 * ignored, and staging the metadata files a command wrote ({@code core.autostage}).
 *
 * <p>Paths may be absolute or relative to the process' working directory; paths outside {@link #root()} are never
 * tracked nor ignored. Implementations are safe for concurrent use but not fast enough to call per data file: these
 * calls belong to mutating commands, a handful per command. Failures of the underlying tool raise
 * {@link org.jdvc.JdvcException}.
 */
public interface Scm {
    /** The top directory of the working tree. */
    Path root();

    /** Whether the file, or any file below the directory, is in the index. */
    boolean isTracked(Path path);

    /**
     * Whether some ignore rule excludes the path (the index is not consulted: a tracked file can be "ignored"). A
     * directory-only rule ({@code dir/}) applies if the path exists as a directory.
     */
    boolean isIgnored(Path path);

    /** Whether this is a real git working tree (outputs get {@code .gitignore} entries, hints mention git). */
    default boolean isGit() {
        return true;
    }

    /** Stages the given files ({@code git add}); an empty collection is a no-op. */
    void add(Collection<Path> paths);
}
