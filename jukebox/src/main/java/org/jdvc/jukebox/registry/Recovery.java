package org.jdvc.jukebox.registry;

import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.project.Project;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings back a registered version's model and exact data into the workspace, the course's rollback: check out the
 * version's {@code .dvc}/{@code dvc.lock} files and params from its tag, then {@code jdvc pull -f} (from the cache,
 * else the remote), then verify every file against the md5 the registry recorded.
 */
public final class Recovery {
    private final Project project;

    public Recovery(Project project) {
        this.project = project;
    }

    /** One file's check: the md5 the registry recorded and the md5 of the recovered file (null when missing). */
    public record Check(String path, String expected, String actual) {
        public boolean ok() {
            return expected != null && expected.equals(actual);
        }
    }

    /** What came back; {@link #exact()} when every file has its recorded md5. */
    public record Result(ModelVersion version, List<Check> checks) {
        public boolean exact() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
        }
    }

    /** Recovers version {@code name} ({@code v1} or {@code model@v1}). */
    public Result recover(String name) throws IOException {
        ModelVersion v = new ModelRegistry(project).require(name);
        List<String> pinned = new ArrayList<>();
        for (String t : Layout.TABLES) {
            pinned.add(t + ".dvc");
        }
        pinned.add(Layout.PARAMS);
        for (String f : List.of(Layout.MODEL_DIR + ".dvc", "dvc.lock")) {
            if (!project.gitQuiet("ls-tree", "--name-only", v.tag(), "--", f).isBlank()) {
                pinned.add(f);
            }
        }
        List<String> checkout = new ArrayList<>(List.of("checkout", v.tag(), "--"));
        checkout.addAll(pinned);
        project.git(checkout.toArray(String[]::new));
        project.jdvc("pull", "-f");
        Map<String, String> expected = new LinkedHashMap<>(v.dataMd5());
        expected.putAll(v.modelMd5());
        List<Check> checks = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            var file = project.dir().resolve(e.getKey());
            checks.add(new Check(e.getKey(), e.getValue(), Files.isRegularFile(file) ? FileHasher.md5(file) : null));
        }
        return new Result(v, List.copyOf(checks));
    }
}
