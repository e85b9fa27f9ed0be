package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitCli;
import org.jdvc.scm.GitIgnoreFile;

/** {@code dvc init}: creates {@code .dvc/}, its config and {@code .gitignore}, and {@code .dvcignore}. */
public final class InitCommand {
    static final String DVCIGNORE = """
            # Add patterns of files dvc should ignore, which could improve
            # the performance. Learn more at
            # https://dvc.org/doc/user-guide/dvcignore
            """;

    private final Path dir;
    private final Map<String, String> env;
    private boolean noScm;
    private boolean subdir;
    private boolean force;

    InitCommand(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    public InitCommand noScm(boolean value) {
        this.noScm = value;
        return this;
    }

    public InitCommand subdir(boolean value) {
        this.subdir = value;
        return this;
    }

    public InitCommand force(boolean value) {
        this.force = value;
        return this;
    }

    /** What was created; {@code scm} tells whether the files were staged in git. */
    public record InitResult(Path root, boolean scm) {
    }

    public InitResult call() {
        Path dvcDir = dir.resolve(Repository.DVC_DIR);
        boolean git = Files.isDirectory(dir.resolve(".git")) || Files.isRegularFile(dir.resolve(".git"));
        boolean insideGit = git || insideParentGit(dir);
        if (!noScm && !git && !(subdir && insideGit)) {
            throw new JdvcException("failed to initiate DVC - " + dir + " is not tracked by any supported SCM tool "
                    + "(e.g. Git). Use `--no-scm` if you don't want to use any SCM or `--subdir` if initializing "
                    + "inside a subdirectory of a parent SCM repository.");
        }
        try {
            if (Files.exists(dvcDir)) {
                if (!force) {
                    throw new JdvcException("failed to initiate DVC - '.dvc' exists. Use `-f` to force.");
                }
                deleteRecursively(dvcDir);
            }
            Files.createDirectories(dvcDir);
            AtomicFiles.writeString(dvcDir.resolve("config"), noScm ? "[core]\n    no_scm = True\n" : "");
            Path dvcignore = dir.resolve(".dvcignore");
            if (!Files.exists(dvcignore)) {
                AtomicFiles.writeString(dvcignore, DVCIGNORE);
            }
            if (!noScm) {
                new GitIgnoreFile(new GitCli(dir)).ensureDvcDirIgnores(dvcDir, true);
                new GitCli(dir).add(List.of(dvcDir.resolve(".gitignore"), dvcDir.resolve("config"), dvcignore));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InitResult(dir, !noScm);
    }

    private static boolean insideParentGit(Path dir) {
        for (Path d = dir.getParent(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
