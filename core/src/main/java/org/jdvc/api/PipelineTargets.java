package org.jdvc.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdvc.pipeline.PipelineFile;
import org.jdvc.pipeline.PipelineStage;

/**
 * Splits user targets of data commands ({@code status}, {@code commit}, ...) into pipeline stages and the rest:
 * a target naming a stage ({@code train}, {@code sub/dvc.yaml:train}) or a {@code dvc.yaml} selects stages; other
 * targets are left for the {@code .dvc} handling.
 */
final class PipelineTargets {
    private PipelineTargets() {
    }

    /**
     * The stages the targets select (all stages when there are no targets); {@code rest} keeps only the targets that
     * named no stage.
     */
    static List<PipelineStage> select(List<PipelineFile> files, Path cwd, List<String> targets, List<String> rest) {
        List<PipelineStage> all = new ArrayList<>();
        for (PipelineFile f : files) {
            all.addAll(f.stages());
        }
        if (targets.isEmpty()) {
            return all;
        }
        List<PipelineStage> selected = new ArrayList<>();
        rest.clear();
        for (String t : targets) {
            List<PipelineStage> hit = match(files, cwd, t);
            if (hit.isEmpty()) {
                rest.add(t);
            }
            for (PipelineStage s : hit) {
                if (!selected.contains(s)) {
                    selected.add(s);
                }
            }
        }
        return selected;
    }

    private static List<PipelineStage> match(List<PipelineFile> files, Path cwd, String target) {
        int colon = target.lastIndexOf(':');
        Path file = cwd.resolve(colon > 0 ? target.substring(0, colon) : PipelineFile.NAME).normalize();
        String name = colon > 0 ? target.substring(colon + 1) : target;
        Path asPath = cwd.resolve(target).normalize();
        for (PipelineFile f : files) {
            if (f.path().equals(asPath)) {
                return f.stages();
            }
            if (f.path().equals(file)) {
                List<PipelineStage> hit = new ArrayList<>();
                for (PipelineStage s : f.stages()) {
                    if (s.name().equals(name) || s.name().startsWith(name + "@")) {
                        hit.add(s);
                    }
                }
                if (!hit.isEmpty()) {
                    return hit;
                }
            }
        }
        return List.of();
    }
}
