package org.jdvc.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdvc.JdvcException;
import org.jdvc.model.DvcFileException;
import org.jdvc.pipeline.PipelineFile;
import org.jdvc.pipeline.Project;
import org.jdvc.pipeline.ReproListener;
import org.jdvc.pipeline.Reproducer;
import org.jdvc.pipeline.StageGraph;
import org.jdvc.pipeline.StageNode;
import org.jdvc.repo.RepoLock;
import org.jdvc.repo.Repository;

/**
 * {@code dvc repro}: reproduces the stages of {@code ./dvc.yaml} (or the targets) and everything upstream of them,
 * reporting progress to a {@link ReproListener} as it goes. Any problem with the pipeline files, the graph or a stage
 * fails with DVC's exit code 255.
 */
public final class ReproCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private boolean force;
    private boolean single;
    private boolean downstream;
    private boolean pipeline;
    private boolean allPipelines;
    private boolean recursive;
    private boolean allowMissing;
    private boolean pull;
    private boolean dry;
    private boolean noCommit;
    private boolean keepGoing;
    private boolean ignoreErrors;
    private boolean forceDownstream;
    private boolean runCache = true;
    private int jobs = 1;
    private ReproListener listener;

    ReproCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public ReproCommand targets(List<String> value) {
        targets.addAll(value);
        return this;
    }

    public ReproCommand force(boolean value) {
        force = value;
        return this;
    }

    /** {@code -s}: only the targets, not their upstream stages. */
    public ReproCommand single(boolean value) {
        single = value;
        return this;
    }

    public ReproCommand downstream(boolean value) {
        downstream = value;
        return this;
    }

    /** {@code -p}: the whole pipelines the targets belong to. */
    public ReproCommand pipeline(boolean value) {
        pipeline = value;
        return this;
    }

    /** {@code -P}: every pipeline of the project. */
    public ReproCommand allPipelines(boolean value) {
        allPipelines = value;
        return this;
    }

    /** {@code -R}: targets are directories; every stage defined in or below them. */
    public ReproCommand recursive(boolean value) {
        recursive = value;
        return this;
    }

    /** {@code --allow-missing}: stages whose only change is missing outputs are skipped. */
    public ReproCommand allowMissing(boolean value) {
        allowMissing = value;
        return this;
    }

    /**
     * {@code --pull}: first fetch what the pipelines and {@code .dvc} files record from their remotes, and check out
     * {@code .dvc} outputs missing from the workspace, so stages can be restored instead of run.
     */
    public ReproCommand pull(boolean value) {
        pull = value;
        return this;
    }

    public ReproCommand dry(boolean value) {
        dry = value;
        return this;
    }

    public ReproCommand noCommit(boolean value) {
        noCommit = value;
        return this;
    }

    public ReproCommand keepGoing(boolean value) {
        keepGoing = value;
        return this;
    }

    public ReproCommand ignoreErrors(boolean value) {
        ignoreErrors = value;
        return this;
    }

    public ReproCommand forceDownstream(boolean value) {
        forceDownstream = value;
        return this;
    }

    public ReproCommand runCache(boolean value) {
        runCache = value;
        return this;
    }

    /** Independent stages run at the same time, up to {@code value}. */
    public ReproCommand jobs(int value) {
        jobs = Math.max(1, value);
        return this;
    }

    public ReproCommand listener(ReproListener value) {
        listener = value;
        return this;
    }

    /** The stages reproduced (run or restored) and the files that belong in git. */
    public record ReproResult(List<String> reproduced, List<Path> changedFiles) {
    }

    public ReproResult call() {
        if (pull && !dry) {
            pullMissing();
        }
        RepoLock[] held = {repo.lock()};
        try {
            Project project;
            try {
                project = Project.collect(repo);
            } catch (DvcFileException e) {
                throw new JdvcException(e.getMessage(), JdvcException.REFUSED, e);
            }
            StageGraph graph = StageGraph.build(project.nodes(), cwd);
            List<StageNode> selected = select(project, graph);
            List<StageNode> plan = single ? graph.plan(selected, false, false)
                    : graph.plan(selected, !downstream, downstream);
            Reproducer.Options options = new Reproducer.Options(force, dry, noCommit, keepGoing, ignoreErrors,
                    forceDownstream, runCache, jobs, allowMissing);
            Reproducer.Result r = new Reproducer(repo, cwd, options, listener).lockHandle(new Reproducer.LockHandle() {
                @Override
                public void release() {
                    held[0].close();
                    held[0] = null;
                }

                @Override
                public void reacquire() {
                    held[0] = repo.lock();
                }
            }).run(graph, plan);
            if (repo.config().autostage() && !r.changedFiles().isEmpty() && repo.scm().isGit()) {
                repo.scm().add(r.changedFiles());
            }
            return new ReproResult(r.reproduced(), r.changedFiles());
        } finally {
            if (held[0] != null) {
                held[0].close();
            }
        }
    }

    private void pullMissing() {
        new FetchCommand(repo, cwd, "failed to pull data from the cloud - ").call();
        List<String> missing = new ArrayList<>();
        for (org.jdvc.repo.TrackedOutput o : org.jdvc.repo.OutputIndex.collect(repo).outputs()) {
            if (o.output().hash() != null && o.output().cache() && !Files.exists(o.path())) {
                missing.add(cwd.relativize(o.path()).toString());
            }
        }
        if (!missing.isEmpty()) {
            new CheckoutCommand(repo, cwd).targets(missing).allowMissing(true).call();
        }
    }

    private List<StageNode> select(Project project, StageGraph graph) {
        Set<StageNode> selected = new LinkedHashSet<>();
        if (allPipelines) {
            return graph.nodes();
        }
        if (targets.isEmpty()) {
            Path here = cwd.resolve(PipelineFile.NAME);
            if (Files.exists(here)) {
                selected.addAll(project.pipelineFile(here).orElseThrow().stages());
            } else {
                selected.addAll(project.stages());
            }
        }
        for (String t : targets) {
            Path dir = cwd.resolve(t).normalize();
            if (recursive && Files.isDirectory(dir)) {
                for (PipelineFile f : project.pipelineFiles()) {
                    if (f.path().startsWith(dir)) {
                        selected.addAll(f.stages());
                    }
                }
                continue;
            }
            selected.addAll(project.resolve(t, cwd));
        }
        if (pipeline) {
            Set<StageNode> whole = new LinkedHashSet<>();
            for (StageNode n : selected) {
                whole.addAll(graph.pipelineOf(n));
            }
            return new ArrayList<>(whole);
        }
        return new ArrayList<>(selected);
    }
}
