package org.jdvc.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.repo.RepoLock;
import org.jdvc.model.DvcFile;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedFiles;

/**
 * {@code dvc freeze} / {@code unfreeze} of {@code .dvc} files: a frozen stage's dependencies are not checked and it
 * is not updated. (Pipeline stages in {@code dvc.yaml} arrive with pipelines.)
 */
public final class FreezeCommand {
    private final Repository repo;
    private final Path cwd;
    private final boolean freeze;
    private final List<String> targets = new ArrayList<>();

    private java.util.function.Consumer<String> reporter = line -> { };

    FreezeCommand(Repository repo, Path cwd, boolean freeze) {
        this.repo = repo;
        this.cwd = cwd;
        this.freeze = freeze;
    }

    public FreezeCommand targets(List<String> names) {
        targets.addAll(names);
        return this;
    }

    /** Receives DVC's report line for each dvc.yaml stage modified ({@code Modifying stage 'x' in 'dvc.yaml'}). */
    public FreezeCommand reporter(java.util.function.Consumer<String> value) {
        reporter = value;
        return this;
    }

    /** The files modified. */
    public List<Path> call() {
        try (RepoLock lock = repo.lock()) {
            List<Path> changed = new ArrayList<>();
            for (String t : targets) {
                Path abs = cwd.resolve(t).normalize();
                if (org.jdvc.pipeline.StageEditor.looksLikeStage(t)) {
                    try {
                        reporter.accept(new org.jdvc.pipeline.StageEditor(repo, cwd).setFrozen(t, freeze));
                        changed.add(cwd.resolve(org.jdvc.pipeline.PipelineFile.NAME));
                        continue;
                    } catch (JdvcException e) {
                        throw new JdvcException("failed to " + (freeze ? "freeze" : "unfreeze") + " '" + t + "' - "
                                + e.getMessage());
                    }
                }
                if (!t.endsWith(".dvc") || !Files.isRegularFile(abs)) {
                    throw new JdvcException("failed to " + (freeze ? "freeze" : "unfreeze") + " '" + t
                            + "' - Stage '" + t + "' not found inside 'dvc.yaml' file");
                }
                TrackedFile f = TrackedFiles.read(abs, repo.root());
                if (f.content().frozen() != freeze) {
                    DvcFile updated = f.content().withFrozen(freeze);
                    AtomicFiles.writeString(abs, DvcFile.rewrite(f.text(), updated));
                    changed.add(abs);
                }
            }
            return changed;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
