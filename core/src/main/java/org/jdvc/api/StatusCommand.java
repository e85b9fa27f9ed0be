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
     * One stage's changes: {@code changed deps} (dependency path as written → {@code modified}/{@code deleted}; for
     * import-url stages that are not frozen), {@code changed outs} (path → status), {@code changed checksum}.
     */
    public record StageStatus(String name, Map<String, String> changedOuts, boolean changedChecksum,
            Map<String, String> changedDeps) {
        public StageStatus(String name, Map<String, String> changedOuts, boolean changedChecksum) {
            this(name, changedOuts, changedChecksum, Map.of());
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
        OutputIndex index = OutputIndex.collect(repo);
        List<TrackedFile> files = selectFiles(index);
        List<StageStatus> changed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
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
        return new StatusResult(changed, index.files().isEmpty(), warnings);
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
