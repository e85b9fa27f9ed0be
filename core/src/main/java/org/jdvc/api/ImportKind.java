package org.jdvc.api;

import org.jdvc.model.Dependency;
import org.jdvc.model.DvcFile;

/**
 * What kind of stage a {@code .dvc} file holds, as far as imports are concerned; {@code update} and {@code status}
 * dispatch on it.
 */
enum ImportKind {
    /** {@code dvc import}: a dependency with {@code repo:} (data from another DVC/git repository). */
    REPO,
    /** {@code dvc import-url}: one dependency on a URL or path, recorded with its native checksum. */
    URL,
    /** Anything else ({@code dvc add} files have no dependencies). */
    NONE;

    static ImportKind of(DvcFile file) {
        if (file.deps().stream().anyMatch(d -> d.repo() != null)) {
            return REPO;
        }
        if (file.deps().size() == 1 && file.outs().size() == 1 && file.deps().getFirst().get("db") == null) {
            return URL;
        }
        return NONE;
    }

    /** The single dependency of a {@link #URL} stage. */
    static Dependency urlDependency(DvcFile file) {
        return file.deps().getFirst();
    }
}
