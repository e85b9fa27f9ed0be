package org.jdvc.scm;

import java.nio.file.Path;
import java.util.Collection;

/**
 * The {@link Scm} of a repository without git ({@code dvc init --no-scm}, or {@code core.no_scm}): nothing is tracked or
 * ignored, staging does nothing. Immutable and thread-safe.
 */
public record NoScm(Path root) implements Scm {
    public NoScm {
        root = root.toAbsolutePath().normalize();
    }

    @Override
    public boolean isGit() {
        return false;
    }

    @Override
    public boolean isTracked(Path path) {
        return false;
    }

    @Override
    public boolean isIgnored(Path path) {
        return false;
    }

    @Override
    public void add(Collection<Path> paths) {
    }
}
