package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.repo.RepoLock;
import org.jdvc.repo.CheckoutRecord;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedFiles;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.repo.WorkspaceCheckout;
import org.jdvc.scm.GitIgnoreFile;

/**
 * {@code dvc remove}: stops tracking: deletes {@code .dvc} files and their {@code .gitignore} entries. The data
 * stays in the workspace (as writable files, not cache links) unless {@link #outs} is set.
 */
public final class RemoveCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private boolean outs;

    RemoveCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public RemoveCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    public RemoveCommand outs(boolean value) {
        this.outs = value;
        return this;
    }

    /** The {@code .dvc} files removed and {@code .gitignore} files changed. */
    public record RemoveResult(List<Path> removed, List<Path> gitFiles) {
    }

    public RemoveResult call() {
        try (RepoLock lock = repo.lock()) {
            List<TrackedFile> files = new ArrayList<>();
            List<Path> stageFiles = new ArrayList<>();
            for (String t : targets) {
                Path abs = cwd.resolve(t).normalize();
                if (org.jdvc.pipeline.StageEditor.looksLikeStage(t)) {
                    stageFiles.addAll(new org.jdvc.pipeline.StageEditor(repo, cwd).remove(t, outs));
                    continue;
                }
                if (!Files.isRegularFile(abs) || !abs.getFileName().toString().endsWith(".dvc")) {
                    throw new JdvcException("'" + abs + "' does not exist");
                }
                files.add(TrackedFiles.read(abs, repo.root()));
            }
            List<Path> removed = new ArrayList<>();
            List<Path> gitFiles = new ArrayList<>(stageFiles);
            CheckoutRecord record = CheckoutRecord.load(repo);
            for (TrackedFile f : files) {
                for (TrackedOutput o : TrackedOutput.of(f)) {
                    if (repo.scm().isGit()) {
                        new GitIgnoreFile(repo.scm()).remove(o.path()).ifPresent(gitFiles::add);
                    }
                    if (outs) {
                        WorkspaceCheckout.deleteAny(o.path());
                    } else if (Files.exists(o.path())) {
                        repo.linker().unprotect(o.path());
                    }
                    record.remove(repo.relpath(o.path()));
                }
                Files.delete(f.path());
                removed.add(f.path());
            }
            record.save();
            return new RemoveResult(removed, gitFiles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
