package org.jdvc.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdvc.JdvcException;
import org.jdvc.internal.AtomicFiles;
import org.jdvc.model.DvcFileException;
import org.jdvc.pipeline.ParamSpec;
import org.jdvc.pipeline.PipelineException;
import org.jdvc.pipeline.PipelineFile;
import org.jdvc.pipeline.PipelineStage;
import org.jdvc.pipeline.Project;
import org.jdvc.pipeline.StageDefinition;
import org.jdvc.pipeline.StageGraph;
import org.jdvc.pipeline.StageNode;
import org.jdvc.pipeline.StageOut;
import org.jdvc.repo.RepoLock;
import org.jdvc.repo.Repository;
import org.jdvc.scm.GitIgnoreFile;

/**
 * {@code dvc stage add}: writes a stage into {@code ./dvc.yaml} (comments and layout of the file kept) without running
 * it, after checking that no other stage produces its outputs and that it creates no cycle; cached outputs get
 * {@code .gitignore} entries.
 */
public final class StageAddCommand {
    private final Repository repo;
    private final Path cwd;
    private String name;
    private String cmd;
    private String wdir;
    private String desc;
    private boolean force;
    private boolean alwaysChanged;
    private final List<String> deps = new ArrayList<>();
    private final List<String> params = new ArrayList<>();
    private final List<StageOut> outs = new ArrayList<>();

    StageAddCommand(Repository repo, Path cwd) {
        this.repo = repo;
        this.cwd = cwd;
    }

    public StageAddCommand name(String value) {
        name = value;
        return this;
    }

    public StageAddCommand cmd(String value) {
        cmd = value;
        return this;
    }

    public StageAddCommand wdir(String value) {
        wdir = value;
        return this;
    }

    public StageAddCommand desc(String value) {
        desc = value;
        return this;
    }

    public StageAddCommand force(boolean value) {
        force = value;
        return this;
    }

    public StageAddCommand alwaysChanged(boolean value) {
        alwaysChanged = value;
        return this;
    }

    public StageAddCommand deps(List<String> value) {
        deps.addAll(value);
        return this;
    }

    /** {@code -p} values: {@code key1,key2} (params.yaml) or {@code file:key1,key2} or {@code file:} (whole file). */
    public StageAddCommand params(List<String> value) {
        params.addAll(value);
        return this;
    }

    /** An output of a kind, with {@code cache: false} when {@code cache} is false and {@code persist: true} if set. */
    public StageAddCommand out(String path, StageOut.Kind kind, boolean cache, boolean persist) {
        Map<String, Object> flags = new LinkedHashMap<>();
        if (!cache) {
            flags.put("cache", false);
        }
        if (persist) {
            flags.put("persist", true);
        }
        outs.add(new StageOut(path, kind, flags));
        return this;
    }

    /** The file written and the files that belong in git. */
    public record StageAddResult(Path file, List<Path> changedFiles) {
    }

    public StageAddResult call() {
        if (name == null || name.isEmpty()) {
            throw new JdvcException("stage name is required (-n)", JdvcException.BAD_ARGUMENTS);
        }
        if (name.chars().anyMatch(c -> "\\/@:".indexOf(c) >= 0)) {
            throw new JdvcException("Invalid stage name '" + name + "': names cannot contain the following "
                    + "characters: \\ / @ :", JdvcException.REFUSED);
        }
        try (RepoLock lock = repo.lock()) {
            Path file = cwd.resolve(PipelineFile.NAME);
            Project project;
            try {
                project = Project.collect(repo);
            } catch (DvcFileException e) {
                throw new JdvcException(e.getMessage(), JdvcException.REFUSED, e);
            }
            PipelineFile pf = project.pipelineFile(file).orElse(PipelineFile.empty(file, repo.root()));
            if (pf.stage(name).isPresent() && !force) {
                throw new JdvcException("Stage '" + name + "' already exists in '" + cwd.relativize(file)
                        + "'. Use '--force' to overwrite.", JdvcException.REFUSED);
            }
            Path stageWdir = wdir == null ? cwd : cwd.resolve(wdir).normalize();
            PipelineStage stage = new PipelineStage(name, file, stageWdir, cmd, deps, paramSpecs(), outs, false,
                    alwaysChanged, desc, null, false);
            checkGraph(project, stage);
            Map<String, Object> data = new LinkedHashMap<>(pf.data());
            @SuppressWarnings("unchecked")
            Map<String, Object> stages = data.get("stages") instanceof Map<?, ?> m
                    ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            stages.put(name, StageDefinition.toDict(stage, wdir));
            data.put("stages", stages);
            List<Path> changed = new ArrayList<>();
            AtomicFiles.writeString(file, pf.render(data));
            changed.add(file);
            if (repo.scm().isGit()) {
                GitIgnoreFile ignore = new GitIgnoreFile(repo.scm());
                for (StageOut o : outs) {
                    if (o.cache()) {
                        ignore.ensureIgnored(stage.resolve(o.path())).ifPresent(changed::add);
                    }
                }
            }
            if (repo.config().autostage() && repo.scm().isGit()) {
                repo.scm().add(changed);
            }
            return new StageAddResult(file, changed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ParamSpec> paramSpecs() {
        Map<String, List<String>> byFile = new LinkedHashMap<>();
        for (String p : params) {
            int colon = p.indexOf(':');
            String f = colon < 0 ? ParamSpec.DEFAULT_FILE : p.substring(0, colon);
            String keys = colon < 0 ? p : p.substring(colon + 1);
            List<String> list = byFile.computeIfAbsent(f, k -> new ArrayList<>());
            for (String k : keys.split(",")) {
                if (!k.isBlank() && !list.contains(k.strip())) {
                    list.add(k.strip());
                }
            }
        }
        List<ParamSpec> specs = new ArrayList<>();
        byFile.forEach((f, keys) -> specs.add(new ParamSpec(f, keys)));
        return specs;
    }

    /** DVC refuses a stage whose output another stage (or .dvc file) already produces, and cycles. */
    private void checkGraph(Project project, PipelineStage stage) {
        List<StageNode> nodes = new ArrayList<>();
        for (StageNode n : project.nodes()) {
            if (n instanceof PipelineStage s && s.file().equals(stage.file()) && s.name().equals(stage.name())) {
                continue;
            }
            nodes.add(n);
        }
        for (Path out : stage.outPaths()) {
            List<String> owners = new ArrayList<>();
            for (StageNode n : nodes) {
                if (n.outPaths().contains(out)) {
                    owners.add(n.addressing(cwd));
                }
            }
            if (!owners.isEmpty()) {
                String shown = cwd.relativize(out).toString();
                throw new PipelineException("output '" + shown + "' is already specified in "
                        + (owners.size() == 1 ? "stage: '" + owners.getFirst() + "'" : "stages:\n\t" + String.join(
                        "\n\t", owners)) + ".\nUse `dvc remove " + String.join(" ", owners) + "` to stop tracking "
                        + "the overlapping output.");
            }
        }
        nodes.add(stage);
        StageGraph.build(nodes, cwd);
    }
}
