package org.jdvc.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdvc.pipeline.Project;
import org.jdvc.pipeline.RevisionFiles;
import org.jdvc.pipeline.TrackedValues;
import org.jdvc.repo.Repository;

/** {@code dvc metrics show} and {@code dvc metrics diff}: the metrics files of the pipelines, read and compared. */
public final class MetricsCommand {
    private final Repository repo;
    private final Path cwd;
    private String aRev = "HEAD";
    private String bRev;
    private boolean all;
    private final java.util.List<String> targets = new java.util.ArrayList<>();

    MetricsCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    /** For {@link #diff}: the revisions compared (null {@code b} = workspace). */
    public MetricsCommand revisions(String a, String b) {
        if (a != null) {
            aRev = a;
        }
        bRev = b;
        return this;
    }

    /** Only these metrics files (paths relative to the working directory). */
    public MetricsCommand targets(java.util.List<String> files) {
        targets.addAll(files);
        return this;
    }

    public MetricsCommand all(boolean value) {
        all = value;
        return this;
    }

    /** The workspace's metrics: file (relative to cwd) → values as in the file. */
    public Map<String, Map<String, Object>> show() {
        TrackedValues values = new TrackedValues(repo, Project.pipelineFiles(repo));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        values.metrics(RevisionFiles.workspace(repo)).forEach((f, v) -> out.put(values.show(f, cwd), v));
        PathFilter.keep(out, targets, cwd);
        return out;
    }

    public record MetricsDiff(String aName, String bName, Map<String, Map<String, TrackedValues.Change>> changes) {
    }

    public MetricsDiff diff() {
        TrackedValues values = new TrackedValues(repo, Project.pipelineFiles(repo));
        RevisionFiles a = RevisionFiles.git(repo, aRev);
        RevisionFiles b = bRev == null ? RevisionFiles.workspace(repo) : RevisionFiles.git(repo, bRev);
        var diff = TrackedValues.diff(values.metrics(a), values.metrics(b), all);
        Map<String, Map<String, TrackedValues.Change>> shown = new LinkedHashMap<>();
        diff.forEach((f, c) -> shown.put(values.show(f, cwd), c));
        PathFilter.keep(shown, targets, cwd);
        return new MetricsDiff(a.name(), b.name(), shown);
    }
}
