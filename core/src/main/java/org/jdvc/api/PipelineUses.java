package org.jdvc.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.model.Output;
import org.jdvc.pipeline.Project;
import org.jdvc.pipeline.StageOutputs;
import org.jdvc.repo.Repository;

/**
 * The cached outputs of the workspace's pipeline stages, as their {@code dvc.lock} files record them, in the shape the
 * transfer commands use for objects ({@link UsedObjects.Use}), so {@code push} / {@code fetch} / {@code pull} move
 * them like the outputs of {@code .dvc} files.
 */
final class PipelineUses {
    private PipelineUses() {
    }

    /**
     * The uses, narrowed to outputs at or below a target path when there are targets; {@code forPush} leaves out
     * {@code push: false} outputs.
     */
    static List<UsedObjects.Use> workspace(Repository repo, Path cwd, List<String> targets, boolean forPush) {
        List<String> wanted = targets.stream().map(t -> repo.relpath(cwd.resolve(t).normalize())).toList();
        List<UsedObjects.Use> uses = new ArrayList<>();
        List<org.jdvc.pipeline.PipelineStage> stages = new ArrayList<>();
        Project.pipelineFiles(repo).forEach(f -> stages.addAll(f.stages()));
        for (StageOutputs.Recorded r : StageOutputs.recorded(repo, stages)) {
            String path = repo.relpath(r.path());
            if (forPush && !r.push()
                    || !wanted.isEmpty() && wanted.stream().noneMatch(w -> path.equals(w) || path.startsWith(w + "/"))) {
                continue;
            }
            Output o = Output.of(path, r.hash(), r.size(), r.nfiles(), r.isExec()).withRemote(r.remote());
            uses.add(new UsedObjects.Use("workspace", path, o));
        }
        return uses;
    }

    /** {@code a} with {@code b}'s lists appended per remote name. */
    static Map<String, List<UsedObjects.Use>> merge(Map<String, List<UsedObjects.Use>> a,
            Map<String, List<UsedObjects.Use>> b) {
        Map<String, List<UsedObjects.Use>> out = new LinkedHashMap<>();
        a.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        b.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }
}
