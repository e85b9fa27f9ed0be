package org.jdvc.jukebox.registry;

import org.jdvc.hash.FileHasher;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.project.Project;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry, kept in git the way DVC's model registry (GTO) names versions: each version is an annotated
 * tag {@code model@vN} on the commit that registers it, whose message is the version's JSON record
 * ({@link ModelVersion}); the same records are appended to the committed {@code models/registry.json} so that a
 * checkout shows the history without git commands. The tags are the source of truth (an old checkout's
 * registry.json does not know later versions); the model files themselves are tracked by jdvc and pushed.
 */
public final class ModelRegistry {
    public static final String TAG_PREFIX = "model@";

    private final Project project;

    public ModelRegistry(Project project) {
        this.project = project;
    }

    /**
     * Registers the model in the workspace as the next version: tracks the model directory with jdvc (unless a
     * {@code dvc.lock} already does), pushes every tracked object to the default remote, records the lineage, commits
     * the record with the model's tracking file, metrics and plots, and tags that commit.
     *
     * @throws IllegalStateException when the data's {@code .dvc} files or params.yaml have uncommitted changes: the
     *     recorded git revision must be the one the model was trained on
     */
    public ModelVersion register() throws IOException {
        Path dir = project.dir();
        List<String> inputs = new ArrayList<>();
        for (String t : Layout.TABLES) {
            inputs.add(t + ".dvc");
        }
        inputs.add(Layout.PARAMS);
        List<String> args = new ArrayList<>(List.of("status", "--porcelain", "--"));
        args.addAll(inputs);
        String dirty = project.gitQuiet(args.toArray(String[]::new)).strip();
        if (!dirty.isEmpty()) {
            throw new IllegalStateException("commit the data and params first; uncommitted: " + dirty);
        }
        String trainedOn = project.commitOf("HEAD");
        int next = list().stream().mapToInt(v -> Integer.parseInt(v.version().substring(1))).max().orElse(0) + 1;
        String version = "v" + next;

        boolean lockTracksModel = Files.isRegularFile(dir.resolve("dvc.lock"))
                && Files.readString(dir.resolve("dvc.lock")).contains("path: " + Layout.MODEL_DIR);
        boolean stageOutput = Files.isRegularFile(dir.resolve("dvc.yaml"));
        // NOTE: a model the pipeline produces is a stage output: it is committed through its stage (which records it
        // in dvc.lock; a no-op after `jdvc repro`), as DVC requires; `add` would be refused for it
        if (stageOutput) {
            project.jdvc("commit", "-f");
        } else if (!lockTracksModel) {
            project.jdvc("add", Layout.MODEL_DIR);
        }
        project.jdvc("push");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version);
        json.put("tag", TAG_PREFIX + version);
        json.put("git_revision", trainedOn);
        json.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, Object> data = new LinkedHashMap<>();
        for (String t : Layout.TABLES) {
            data.put(t, importRecord(dir.resolve(t + ".dvc")));
        }
        json.put("data", data);
        Map<String, Object> model = new LinkedHashMap<>();
        try (var files = Files.list(dir.resolve(Layout.MODEL_DIR))) {
            for (Path f : files.sorted().toList()) {
                model.put(Layout.MODEL_DIR + "/" + f.getFileName(), FileHasher.md5(f));
            }
        }
        json.put("model", model);
        json.put("params", Params.read(dir.resolve(Layout.PARAMS)).flat());
        Map<String, Object> metrics = new LinkedHashMap<>(Json.readObject(
                Files.readString(dir.resolve(Layout.METRICS))));
        metrics.remove("per_country"); // NOTE: the per-country scores stay in the committed metrics.json
        json.put("metrics", metrics);
        json.put("remote", defaultRemote());
        // NOTE: re-read from its JSON so that the returned record equals what list() and show() will read back
        ModelVersion v = new ModelVersion(Json.readObject(Json.write(json)));

        List<Map<String, Object>> all = new ArrayList<>();
        Path registry = dir.resolve(Layout.REGISTRY);
        if (Files.isRegularFile(registry) && Json.read(Files.readString(registry)) instanceof Map<?, ?> m
                && m.get("versions") instanceof List<?> l) {
            for (Object o : l) {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) o;
                all.add(e);
            }
        }
        all.add(v.json());
        Files.createDirectories(registry.getParent());
        Files.writeString(registry, Json.write(Map.of("versions", all)) + "\n", StandardCharsets.UTF_8);

        List<String> add = new ArrayList<>(List.of("add", Layout.REGISTRY, Layout.METRICS, Layout.PLOTS));
        for (String f : List.of(Layout.MODEL_DIR + ".dvc", "dvc.lock", ".gitignore", Layout.DVC_YAML)) {
            if (Files.exists(dir.resolve(f))) {
                add.add(f);
            }
        }
        project.git(add.toArray(String[]::new));
        project.git("commit", "-q", "-m", "Register model " + version + " (trained on " + trainedOn.substring(0, 8)
                + ")");
        Path message = Files.createTempFile("jukebox-tag", ".json");
        try {
            Files.writeString(message, v.toJson() + "\n", StandardCharsets.UTF_8);
            project.git("tag", "-a", v.tag(), "-F", message.toString());
        } finally {
            Files.deleteIfExists(message);
        }
        return v;
    }

    /** All versions, oldest first, from the tags. */
    public List<ModelVersion> list() {
        String out = project.gitQuiet("for-each-ref", "--format=%(refname:short)", "refs/tags/" + TAG_PREFIX + "*");
        List<ModelVersion> versions = new ArrayList<>();
        for (String tag : out.strip().lines().filter(s -> !s.isBlank()).toList()) {
            versions.add(read(tag));
        }
        versions.sort(Comparator.comparingInt(v -> Integer.parseInt(v.version().substring(1))));
        return versions;
    }

    /** Version {@code name} ({@code v1} or {@code model@v1}), if registered. */
    public Optional<ModelVersion> show(String name) {
        String tag = name.startsWith(TAG_PREFIX) ? name : TAG_PREFIX + name;
        String exists = project.gitQuiet("tag", "-l", tag).strip();
        return exists.isEmpty() ? Optional.empty() : Optional.of(read(tag));
    }

    /** Like {@link #show} but fails with the known versions when {@code name} is not one. */
    public ModelVersion require(String name) {
        return show(name).orElseThrow(() -> new IllegalArgumentException("no model version " + name + "; known: "
                + list().stream().map(ModelVersion::version).toList()));
    }

    private ModelVersion read(String tag) {
        String message = project.gitQuiet("for-each-ref", "--format=%(contents)", "refs/tags/" + tag);
        return new ModelVersion(Json.readObject(message));
    }

    /** An import's record from its {@code .dvc} file: md5 and size of {@code outs[0]}, and where it came from. */
    public static Map<String, Object> importRecord(Path dvcFile) throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(dvcFile));
        Map<String, Object> r = new LinkedHashMap<>();
        if (doc instanceof Map<?, ?> m) {
            if (m.get("outs") instanceof List<?> outs && !outs.isEmpty() && outs.getFirst() instanceof Map<?, ?> o) {
                r.put("md5", o.get("md5"));
                r.put("size", o.get("size"));
            }
            if (m.get("deps") instanceof List<?> deps && !deps.isEmpty() && deps.getFirst() instanceof Map<?, ?> d) {
                r.put("source", d.get("path"));
            }
        }
        if (r.get("md5") == null) {
            throw new IllegalStateException(dvcFile + " records no md5 for its output");
        }
        return r;
    }

    /** The default remote's name and URL (what upstream records as "the DVC remote config" of a version). */
    private Map<String, Object> defaultRemote() {
        Map<String, Object> r = new LinkedHashMap<>();
        String name = project.jdvcQuiet("config", "core.remote").strip();
        r.put("name", name);
        r.put("url", project.jdvcQuiet("config", "remote." + name + ".url").strip());
        return r;
    }
}
