package org.jdvc.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.JdvcException;
import org.jdvc.pipeline.PipelineFile;
import org.jdvc.pipeline.PipelineStage;
import org.jdvc.pipeline.Project;
import org.jdvc.pipeline.StageNode;
import org.jdvc.pipeline.StageOut;
import org.jdvc.repo.Repository;

/** {@code dvc stage list}: the stages of {@code ./dvc.yaml} (or the targets) with DVC's one-line description. */
public final class StageListCommand {
    private final Repository repo;
    private final Path cwd;
    private final List<String> targets = new ArrayList<>();
    private boolean all;

    StageListCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public StageListCommand targets(List<String> value) {
        targets.addAll(value);
        return this;
    }

    /** {@code --all}: every stage of the project. */
    public StageListCommand all(boolean value) {
        all = value;
        return this;
    }

    public record StageInfo(String name, String description) {
    }

    public List<StageInfo> call() {
        List<PipelineFile> files = Project.pipelineFiles(repo);
        List<PipelineStage> stages = new ArrayList<>();
        if (all) {
            files.forEach(f -> stages.addAll(f.stages()));
        } else if (targets.isEmpty()) {
            Path here = cwd.resolve(PipelineFile.NAME);
            PipelineFile f = files.stream().filter(x -> x.path().equals(here)).findFirst()
                    .orElseThrow(() -> new JdvcException("'" + PipelineFile.NAME + "' does not exist"));
            stages.addAll(f.stages());
        } else {
            Project project = Project.collect(repo);
            for (String t : targets) {
                for (StageNode n : project.resolve(t, cwd)) {
                    if (n instanceof PipelineStage s) {
                        stages.add(s);
                    }
                }
            }
        }
        List<StageInfo> list = new ArrayList<>();
        for (PipelineStage s : stages) {
            list.add(new StageInfo(s.addressing(cwd), s.desc() != null && !s.desc().isBlank()
                    ? s.desc().lines().findFirst().orElse("") : describe(s)));
        }
        return list;
    }

    /** DVC's generated description: {@code Outputs a, b; Reports m.json} or {@code Depends on x}. */
    static String describe(PipelineStage s) {
        if (s.deps().isEmpty() && s.outs().isEmpty()) {
            return "No outputs or dependencies";
        }
        if (s.outs().isEmpty()) {
            return "Depends on " + String.join(", ", s.deps());
        }
        List<String> parts = new ArrayList<>();
        List<String> plain = s.outs().stream().filter(o -> o.kind() == StageOut.Kind.OUTS).map(StageOut::path)
                .toList();
        List<String> reports = s.outs().stream().filter(o -> o.kind() != StageOut.Kind.OUTS).map(StageOut::path)
                .toList();
        if (!plain.isEmpty()) {
            parts.add("Outputs " + String.join(", ", plain));
        }
        if (!reports.isEmpty()) {
            parts.add("Reports " + String.join(", ", reports));
        }
        return String.join("; ", parts);
    }
}
