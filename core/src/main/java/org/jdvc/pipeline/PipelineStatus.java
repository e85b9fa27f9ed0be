package org.jdvc.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.repo.Repository;

/**
 * {@code dvc status} for pipeline stages: each stage compared with its lock entry, changed ones reported in file
 * order, plus DVC's warning for every frozen stage (its dependencies are not shown).
 */
public final class PipelineStatus {
    private PipelineStatus() {
    }

    /** A changed stage, named as DVC addresses it from the working directory. */
    public record Entry(String name, StageChanges changes) {
    }

    public record Result(List<Entry> changed, List<String> warnings) {
    }

    public static Result of(Repository repo, Path cwd, List<PipelineStage> stages) {
        ChangeDetector detector = new ChangeDetector(repo, cwd);
        Map<Path, LockFile> locks = new HashMap<>();
        List<Entry> changed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (PipelineStage s : stages) {
            LockFile lock = locks.computeIfAbsent(s.lockFile(), p -> LockFile.read(p, repo.root()));
            if (s.frozen()) {
                warnings.add("stage: '" + s.addressing(cwd) + "' is frozen. Its dependencies are not going to be "
                        + "shown in the status output.");
            }
            StageChanges c = detector.changes(s, lock.get(s.name()));
            if (c.changed()) {
                changed.add(new Entry(s.addressing(cwd), c));
            }
        }
        return new Result(changed, warnings);
    }
}
