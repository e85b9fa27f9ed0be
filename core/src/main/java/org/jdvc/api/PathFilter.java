package org.jdvc.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Narrows results keyed by a file path (relative to the working directory) to the files a user named. */
final class PathFilter {
    private PathFilter() {
    }

    /** Removes the entries whose file is none of {@code targets}; no targets keeps everything. */
    static void keep(Map<String, ?> byFile, List<String> targets, Path cwd) {
        if (targets.isEmpty()) {
            return;
        }
        List<Path> wanted = targets.stream().map(t -> cwd.resolve(t).normalize()).toList();
        byFile.keySet().removeIf(f -> !wanted.contains(cwd.resolve(f).normalize()));
    }
}
