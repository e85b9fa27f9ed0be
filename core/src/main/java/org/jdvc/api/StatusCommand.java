package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.StageChecksum;
import org.jdvc.model.Output;
import org.jdvc.repo.HashedPath;
import org.jdvc.repo.OutputIndex;
import org.jdvc.repo.Repository;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedOutput;
import org.jdvc.repo.WorkspaceHasher;

/**
 * {@code dvc status} (workspace): for each {@code .dvc} file, which outputs are {@code modified}, {@code deleted},
 * {@code new} or {@code not in cache}, and whether its stage checksum changed.
 */
public final class StatusCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();

    StatusCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public StatusCommand targets(List<String> paths) {
        targets.addAll(paths);
        return this;
    }

    /**
     * One stage's changes: {@code changed deps} (path → status; for a params file, path → key → status; for
     * import-url stages that are not frozen, the source as written), {@code changed outs} (path → status),
     * {@code always changed}, {@code changed checksum} (.dvc files), {@code changed command} (pipeline stages).
     */
    public record StageStatus(String name, Map<String, Object> changedDeps, Map<String, String> changedOuts,
            boolean alwaysChanged, boolean changedChecksum, boolean changedCommand) {
        public StageStatus(String name, Map<String, String> changedOuts, boolean changedChecksum) {
            this(name, Map.of(), changedOuts, false, changedChecksum, false);
        }

        public StageStatus(String name, Map<String, String> changedOuts, boolean changedChecksum,
                Map<String, String> changedDeps) {
            this(name, new java.util.LinkedHashMap<>(changedDeps), changedOuts, false, changedChecksum, false);
        }

        /** DVC's status structure for this stage, in DVC's order: deps, outs, always changed, checksum, command. */
        public List<Object> toStatus() {
            List<Object> list = new ArrayList<>();
            if (!changedDeps.isEmpty()) {
                list.add(Map.of("changed deps", changedDeps));
            }
            if (!changedOuts.isEmpty()) {
                list.add(Map.of("changed outs", changedOuts));
            }
            if (alwaysChanged) {
                list.add("always changed");
            }
            if (changedChecksum) {
                list.add("changed checksum");
            }
            if (changedCommand) {
                list.add("changed command");
            }
            return list;
        }
    }

    /**
     * The result: stages with changes, in the order found. {@code tracksNothing} when the project has no
     * {@code .dvc} files (DVC prints a getting-started hint then).
     */
    public record StatusResult(List<StageStatus> stages, boolean tracksNothing, List<String> warnings) {
        public StatusResult(List<StageStatus> stages, boolean tracksNothing) {
            this(stages, tracksNothing, List.of());
        }

        public boolean clean() {
            return stages.isEmpty();
        }
    }

    public StatusResult call() {
        // NOTE: pipeline stages (dvc.yaml) come first, as DVC lists them; targets naming stages are taken here.
        List<org.jdvc.pipeline.PipelineFile> pipelines = org.jdvc.pipeline.Project.pipelineFiles(repo);
        List<String> dataTargets = new ArrayList<>(targets);
        List<org.jdvc.pipeline.PipelineStage> stages = PipelineTargets.select(pipelines, cwd, targets, dataTargets);
        org.jdvc.pipeline.PipelineStatus.Result pipelineStatus =
                org.jdvc.pipeline.PipelineStatus.of(repo, cwd, stages);
        if (!targets.isEmpty() && dataTargets.isEmpty()) {
            return new StatusResult(pipelineStages(pipelineStatus), false, pipelineStatus.warnings());
        }
        List<String> allTargets = new ArrayList<>(targets);
        targets.clear();
        targets.addAll(dataTargets);
        OutputIndex index = OutputIndex.collect(repo);
        List<TrackedFile> files = selectFiles(index);
        targets.clear();
        targets.addAll(allTargets);
        List<StageStatus> changed = pipelineStages(pipelineStatus);
        List<String> warnings = new ArrayList<>(pipelineStatus.warnings());
        WorkspaceHasher hasher = new WorkspaceHasher(repo);
        try {
            for (TrackedFile f : files) {
                Map<String, String> deps = urlDependencyStatus(f, warnings);
                Map<String, String> outs = new LinkedHashMap<>();
                for (TrackedOutput o : TrackedOutput.of(f)) {
                    String s = outputStatus(o, hasher);
                    if (s != null) {
                        outs.put(display(o.path()), s);
                    }
                }
                boolean checksum = f.content().md5() != null
                        && !f.content().md5().equals(StageChecksum.compute(f.content().toDict()));
                if (!deps.isEmpty() || !outs.isEmpty() || checksum) {
                    changed.add(new StageStatus(display(f.path()), outs, checksum, deps));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        repo.flush();
        return new StatusResult(changed, index.files().isEmpty() && stages.isEmpty(), warnings);
    }

    private static List<StageStatus> pipelineStages(org.jdvc.pipeline.PipelineStatus.Result r) {
        List<StageStatus> list = new ArrayList<>();
        for (org.jdvc.pipeline.PipelineStatus.Entry e : r.changed()) {
            var c = e.changes();
            list.add(new StageStatus(e.name(), c.deps(), c.outs(), c.alwaysChanged(), false, c.commandChanged()));
        }
        return list;
    }

    /**
     * The dependency of an import-url stage: {@code modified} when the source's native checksum differs from the
     * recorded one, {@code deleted} when the source is gone. DVC does not look at the dependencies of a frozen stage
     * (import-url stages are frozen from birth) and warns instead, so the usual answer is that warning.
     */
    private Map<String, String> urlDependencyStatus(TrackedFile f, List<String> warnings) throws IOException {
        if (ImportKind.of(f.content()) != ImportKind.URL) {
            return Map.of();
        }
        if (f.content().frozen()) {
            warnings.add("stage: '" + display(f.path()) + "' is frozen. Its dependencies are not going to be shown "
                    + "in the status output.");
            return Map.of();
        }
        var dep = ImportKind.urlDependency(f.content());
        try (UrlSource source = UrlSource.open(repo, f.baseDir(), dep.path(), UpdateCommand.fsConfigOf(dep))) {
            UrlSource.State state = source.state(ImportTransfer.jobs(null));
            if (dep.hash() == null || !dep.hash().value().equals(state.hash().value())) {
                return Map.of(dep.path(), "modified");
            }
            return Map.of();
        } catch (UrlSource.SourceMissingException e) {
            return Map.of(dep.path(), "deleted");
        }
    }

    private List<TrackedFile> selectFiles(OutputIndex index) {
        if (targets.isEmpty()) {
            return index.files();
        }
        List<TrackedFile> selected = new ArrayList<>();
        for (String t : targets) {
            Path abs = cwd.resolve(t).normalize();
            var file = index.file(abs).or(() -> index.at(abs).map(TrackedOutput::file));
            if (file.isEmpty()) {
                throw new JdvcException("failed to obtain data status - '" + t + "' does not exist as an output or "
                        + "a stage name in 'dvc.yaml': 'dvc.yaml' does not exist");
            }
            selected.add(file.get());
        }
        return selected;
    }

    /** DVC's status of one output, or null when it is up to date. */
    static String outputStatus(TrackedOutput o, WorkspaceHasher hasher) throws IOException {
        Output out = o.output();
        HashInfo recorded = out.hash();
        if (recorded == null) {
            return java.nio.file.Files.exists(o.path()) ? "new" : "deleted";
        }
        Repository repo = hasher.repository();
        if (out.cache() && !repo.cachePresence().isComplete(recorded)) {
            return "not in cache";
        }
        HashedPath current = hasher.hashShallow(o.path(), recorded.name());
        if (current == null) {
            return "deleted";
        }
        if (!current.hash().equals(recorded) || (out.isexec() && !current.isExec() && !current.isDir())) {
            return "modified";
        }
        return null;
    }

    private String display(Path abs) {
        return cwd.relativize(abs).toString();
    }
}
