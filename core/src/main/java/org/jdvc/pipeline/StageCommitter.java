package org.jdvc.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.repo.Repository;

/**
 * {@code dvc commit} for pipeline stages: records the workspace's current dependencies, parameters and outputs in
 * {@code dvc.lock} and stores the cached outputs, without running anything. A stage whose record would change is
 * only committed with {@code force} (DVC asks for confirmation there; without a terminal it refuses). Callers hold
 * the repository lock.
 */
public final class StageCommitter {
    private final Repository repo;
    private final Path cwd;

    public StageCommitter(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    /**
     * Commits {@code stages}.
     *
     * @param prefix how the error starts ({@code failed to commit - } or {@code failed to commit x - })
     * @return the lock files written
     */
    public List<Path> commit(List<PipelineStage> stages, boolean force, String prefix) {
        Map<Path, LockFile> locks = new HashMap<>();
        StageRecorder recorder = new StageRecorder(repo);
        List<LockEntry> entries = new ArrayList<>();
        for (PipelineStage s : stages) {
            LockFile lock = locks.computeIfAbsent(s.lockFile(), p -> LockFile.read(p, repo.root()));
            LockEntry entry;
            try {
                entry = recorder.record(s, false);
            } catch (JdvcException e) {
                throw new JdvcException(prefix + e.getMessage());
            }
            LockEntry old = lock.get(s.name());
            boolean same = old != null && LockFile.render(Map.of(s.name(), old))
                    .equals(LockFile.render(Map.of(s.name(), entry)));
            if (!same && !force) {
                throw new JdvcException(prefix + "unable to commit changed stage: '" + s.addressing(cwd)
                        + "'. Use `-f|--force` to force.");
            }
            entries.add(entry);
        }
        LinkedHashSet<Path> written = new LinkedHashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            PipelineStage s = stages.get(i);
            recorder.record(s, true);
            LockFile lock = locks.get(s.lockFile());
            if (lock.put(s.name(), entries.get(i))) {
                written.add(lock.path());
            }
        }
        return new ArrayList<>(written);
    }
}
