package org.jdvc.api;

import java.nio.file.Path;
import java.util.Map;
import org.jdvc.pipeline.Project;
import org.jdvc.pipeline.RevisionFiles;
import org.jdvc.pipeline.TrackedValues;
import org.jdvc.repo.Repository;

/**
 * {@code dvc params diff [a_rev] [b_rev]}: parameter values that differ between two revisions ({@code HEAD} and the
 * workspace by default), or all of them with {@link #all}.
 */
public final class ParamsDiffCommand {
    private final Repository repo;
    private final Path cwd;
    private String aRev = "HEAD";
    private String bRev;
    private boolean all;
    private boolean deps;
    private final java.util.List<String> targets = new java.util.ArrayList<>();

    ParamsDiffCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public ParamsDiffCommand revisions(String a, String b) {
        if (a != null) {
            aRev = a;
        }
        bRev = b;
        return this;
    }

    /** {@code --deps}: only parameters that stages depend on. */
    public ParamsDiffCommand deps(boolean value) {
        deps = value;
        return this;
    }

    /** {@code --targets}: only these parameters files (paths relative to the working directory). */
    public ParamsDiffCommand targets(java.util.List<String> files) {
        targets.addAll(files);
        return this;
    }

    public ParamsDiffCommand all(boolean value) {
        all = value;
        return this;
    }

    /**
     * @param aName how the old revision is named in tables ({@code HEAD}, a tag, ...)
     * @param changes file (relative to cwd) → key → change
     */
    public record ParamsDiff(String aName, String bName, Map<String, Map<String, TrackedValues.Change>> changes) {
    }

    public ParamsDiff call() {
        TrackedValues values = new TrackedValues(repo, Project.pipelineFiles(repo)).depsOnly(deps);
        RevisionFiles a = RevisionFiles.git(repo, aRev);
        RevisionFiles b = bRev == null ? RevisionFiles.workspace(repo) : RevisionFiles.git(repo, bRev);
        var diff = TrackedValues.diff(values.params(a), values.params(b), all);
        Map<String, Map<String, TrackedValues.Change>> shown = new java.util.LinkedHashMap<>();
        diff.forEach((f, c) -> shown.put(values.show(f, cwd), c));
        PathFilter.keep(shown, targets, cwd);
        return new ParamsDiff(a.name(), b.name(), shown);
    }
}
