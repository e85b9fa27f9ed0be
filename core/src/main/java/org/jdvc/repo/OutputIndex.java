package org.jdvc.repo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** All outputs of the workspace's {@code .dvc} files, searchable by path. */
public final class OutputIndex {
    private final List<TrackedFile> files;
    private final List<TrackedOutput> outputs = new ArrayList<>();

    public OutputIndex(List<TrackedFile> files) {
        this.files = files;
        for (TrackedFile f : files) {
            outputs.addAll(TrackedOutput.of(f));
        }
    }

    public static OutputIndex collect(Repository repo) {
        return new OutputIndex(TrackedFiles.collect(repo));
    }

    public List<TrackedFile> files() {
        return files;
    }

    public List<TrackedOutput> outputs() {
        return outputs;
    }

    /** The output at exactly {@code abs}. */
    public Optional<TrackedOutput> at(Path abs) {
        return outputs.stream().filter(o -> o.path().equals(abs)).findFirst();
    }

    /** The output that strictly contains {@code abs} (a tracked directory). */
    public Optional<TrackedOutput> containing(Path abs) {
        return outputs.stream().filter(o -> !o.path().equals(abs) && abs.startsWith(o.path())).findFirst();
    }

    /** Outputs strictly inside {@code abs}. */
    public List<TrackedOutput> inside(Path abs) {
        return outputs.stream().filter(o -> !o.path().equals(abs) && o.path().startsWith(abs)).toList();
    }

    /** The {@code .dvc} file at {@code abs}. */
    public Optional<TrackedFile> file(Path abs) {
        return files.stream().filter(f -> f.path().equals(abs)).findFirst();
    }
}
