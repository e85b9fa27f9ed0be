package org.jdvc.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.repo.TrackedFile;
import org.jdvc.repo.TrackedOutput;

/** A {@code .dvc} file as a node of the pipeline graph (its outputs feed stages that depend on them). */
public record DataSource(TrackedFile file) implements StageNode {
    @Override
    public String addressing(Path cwd) {
        return cwd.relativize(file.path()).toString();
    }

    @Override
    public List<Path> depPaths() {
        List<Path> deps = new ArrayList<>();
        for (var d : file.content().deps()) {
            if (d.repo() == null && !d.path().contains("://")) {
                deps.add(file.baseDir().resolve(d.path()).normalize());
            }
        }
        return deps;
    }

    @Override
    public List<Path> outPaths() {
        return TrackedOutput.of(file).stream().map(TrackedOutput::path).toList();
    }
}
