package org.jdvc.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.hash.HashInfo;
import org.jdvc.repo.Repository;

/** The cached outputs of pipeline stages as their {@code dvc.lock} entries record them (what checkout restores). */
public final class StageOutputs {
    private StageOutputs() {
    }

    /**
     * One recorded output: where it goes, which cached version, and its transfer flags.
     *
     * @param remote the output's {@code remote:} flag, or null for the default remote
     * @param push false for {@code push: false}
     */
    public record Recorded(Path path, HashInfo hash, boolean isExec, Long size, Long nfiles, String remote,
            boolean push) {
    }

    /** The cached outputs of {@code stages} that have a hash in their lock file; others are skipped. */
    public static List<Recorded> recorded(Repository repo, List<PipelineStage> stages) {
        Map<Path, LockFile> locks = new HashMap<>();
        List<Recorded> out = new ArrayList<>();
        for (PipelineStage s : stages) {
            LockEntry e = locks.computeIfAbsent(s.lockFile(), p -> LockFile.read(p, repo.root())).get(s.name());
            if (e == null) {
                continue;
            }
            for (StageOut o : s.outs()) {
                Map<String, Object> item = e.out(o.path()).orElse(null);
                HashInfo h = ChangeDetector.hashOf(item);
                if (o.cache() && h != null) {
                    out.add(new Recorded(s.resolve(o.path()), h, Boolean.TRUE.equals(item.get("isexec")),
                            item.get("size") instanceof Long l ? l : null,
                            item.get("nfiles") instanceof Long n ? n : null, o.remote(), o.push()));
                }
            }
        }
        return out;
    }

    /**
     * Refuses paths that some stage declares as an output, in DVC's words ({@code output 'x' is already specified
     * in stage: 'train'.}).
     */
    public static void checkNotProduced(List<PipelineFile> files, List<Path> paths, Path cwd) {
        for (Path p : paths) {
            for (PipelineFile f : files) {
                for (PipelineStage s : f.stages()) {
                    if (s.outPaths().contains(p)) {
                        String name = s.addressing(cwd);
                        throw new PipelineException("output '" + cwd.relativize(p) + "' is already specified in stage: '"
                                + name + "'.\nUse `dvc remove " + name + "` to stop tracking the overlapping output.");
                    }
                }
            }
        }
    }
}
