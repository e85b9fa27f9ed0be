package org.jdvc.repo;

import java.nio.file.Path;
import org.jdvc.model.Output;

/** One output of a {@code .dvc} file, with its absolute workspace path. */
public record TrackedOutput(TrackedFile file, int index, Output output, Path path) {
    public static java.util.List<TrackedOutput> of(TrackedFile file) {
        java.util.List<TrackedOutput> list = new java.util.ArrayList<>();
        for (int i = 0; i < file.content().outs().size(); i++) {
            Output o = file.content().outs().get(i);
            list.add(new TrackedOutput(file, i, o, file.baseDir().resolve(o.path()).normalize()));
        }
        return list;
    }
}
