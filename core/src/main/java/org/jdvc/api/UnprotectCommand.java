package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.repo.RepoLock;
import org.jdvc.repo.Repository;

/**
 * {@code dvc unprotect}: replaces hardlinks/symlinks to cache objects by writable copies (and makes copies
 * writable), so tracked data can be edited in place without corrupting the cache.
 */
public final class UnprotectCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();

    UnprotectCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public UnprotectCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public void call() {
        try (RepoLock lock = repo.lock()) {
            for (String t : targets) {
                Path abs = cwd.resolve(t).normalize();
                repo.containment().check(abs, "", t);
                if (!Files.exists(abs)) {
                    throw new JdvcException("unexpected error - can't unprotect non-existing data '" + t + "'",
                            JdvcException.REFUSED);
                }
                repo.linker().unprotect(abs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
