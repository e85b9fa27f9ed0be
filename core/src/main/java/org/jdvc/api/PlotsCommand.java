package org.jdvc.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdvc.pipeline.PlotRenderer;
import org.jdvc.pipeline.Project;
import org.jdvc.pipeline.RevisionFiles;
import org.jdvc.repo.Repository;

/**
 * {@code dvc plots show} (the workspace) and {@code dvc plots diff} (git revisions, the workspace last): the plots as
 * Vega-Lite specs in DVC's JSON shape.
 */
public final class PlotsCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> revisions = new ArrayList<>();
    private boolean workspace = true;

    PlotsCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    /**
     * For {@code diff}: the git revisions to compare; with none, {@code HEAD} and the workspace; with one, it and the
     * workspace; with two or more, only those revisions.
     */
    public PlotsCommand revisions(List<String> revs) {
        revisions.clear();
        revisions.addAll(revs);
        if (revs.isEmpty()) {
            revisions.add("HEAD");
        }
        workspace = revs.size() < 2;
        return this;
    }

    /** {@code {"data": {plot: [{"type": "vega", "revisions": [...], "content": spec}]}}}. */
    public Map<String, Object> call() {
        List<RevisionFiles> revs = new ArrayList<>();
        for (String r : revisions) {
            revs.add(RevisionFiles.git(repo, r));
        }
        if (workspace) {
            revs.add(RevisionFiles.workspace(repo));
        }
        return new PlotRenderer(repo, Project.pipelineFiles(repo)).render(revs, cwd);
    }
}
