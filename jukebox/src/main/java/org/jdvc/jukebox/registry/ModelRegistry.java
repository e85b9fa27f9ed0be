package org.jdvc.jukebox.registry;

import org.jdvc.jukebox.JukeboxException;
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
 * registry.json does not know later versions); the model files themselves are tracked by jdvc and pushed. Stages
 * ({@code prod}, ...) are assigned by {@link Promotion}.
 *
 * <p>Lineage cannot lie: a version is recorded only after {@link Lineage} has proven that the workspace's model,
 * metrics and data are exactly what {@code dvc.lock} and the {@code .dvc} files of the committed revision record, and
 * a model already registered (same md5 of every file) is not registered again.
 */
public final class ModelRegistry {
    public static final String TAG_PREFIX = "model@";

    private final Project project;

    public ModelRegistry(Project project) {
        this.project = project;
    }

    /** Registers the workspace's model as the next version; see {@link #register(String)}. */
    public ModelVersion register() throws IOException {
        return register(null);
    }

    /**
     * Registers the model in the workspace as the next version: proves its lineage ({@link Lineage}), refuses a model
     * that is already registered, pushes every tracked object to the default remote, records the version, commits
     * the record with {@code dvc.lock}, metrics and plots, and tags that commit.
     *
     * @param description the record's description ({@code -m}); null for none
     * @throws JukeboxException when the lineage cannot be proven or the model is already a version; nothing is
     *     written then
     */
    public ModelVersion register(String description) throws IOException {
        Lineage.Verified proven = Lineage.check(project);
        List<ModelVersion> existing = list();
        for (ModelVersion v : existing) {
            if (v.modelMd5().equals(proven.model())) {
                throw new JukeboxException("this model is already registered as " + v.version() + " (" + v.tag()
                        + ", md5 of " + Layout.MODEL_DIR + "/model.onnx " + proven.model().get(Layout.MODEL_DIR
                        + "/model.onnx") + "): nothing to register");
            }
        }
        int next = existing.stream().mapToInt(ModelVersion::number).max().orElse(0) + 1;
        String version = "v" + next;
        // NOTE: pushed first: a version is only recorded once its model and data can be pulled by anyone
        project.jdvc("push");

        Path dir = project.dir();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version);
        json.put("tag", TAG_PREFIX + version);
        json.put("git_revision", proven.trainedOn());
        json.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        json.put("author", project.author());
        if (description != null && !description.isBlank()) {
            json.put("description", description.strip());
        }
        json.put("data", proven.data());
        json.put("model", proven.model());
        Map<String, Object> format = new LinkedHashMap<>();
        format.put("type", "onnx");
        format.put("opset", proven.onnx().opset());
        format.put("ir_version", proven.onnx().irVersion());
        format.put("producer", proven.onnx().producer());
        json.put("format", format);
        Params params = proven.params();
        json.put("params", params.flat());
        json.put("metrics", proven.metrics());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("command", proven.trainCommand());
        training.put("seed", params.trainSeed());
        training.put("split_seed", params.splitSeed());
        json.put("training", training);
        Map<String, Object> software = new LinkedHashMap<>();
        software.put("jukebox", org.jdvc.jukebox.JukeboxVersion.VERSION);
        software.put("jdvc", project.jdvcQuiet("--version").strip());
        software.put("java", System.getProperty("java.vendor") + " " + Runtime.version());
        json.put("software", software);
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
        for (String f : List.of("dvc.lock", ".gitignore", Layout.MODEL_DIR + "/.gitignore", "data/.gitignore")) {
            if (Files.exists(dir.resolve(f))) {
                add.add(f);
            }
        }
        project.git(add.toArray(String[]::new));
        project.git("commit", "-q", "-m", "Register model " + version + " (trained on "
                + proven.trainedOn().substring(0, 8) + ")");
        tag(v.tag(), v.toJson());
        return v;
    }

    /** Creates the annotated tag {@code name} on HEAD with {@code message}. */
    void tag(String name, String message) throws IOException {
        tag(name, "HEAD", message);
    }

    /** Creates the annotated tag {@code name} on {@code commit} with {@code message}. */
    void tag(String name, String commit, String message) throws IOException {
        Path file = Files.createTempFile("jukebox-tag", ".json");
        try {
            Files.writeString(file, message + "\n", StandardCharsets.UTF_8);
            project.git("tag", "-a", name, commit, "-F", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** All versions, oldest first, from the tags. */
    public List<ModelVersion> list() {
        String out = project.gitQuiet("for-each-ref", "--format=%(refname:short)", "refs/tags/" + TAG_PREFIX + "*");
        List<ModelVersion> versions = new ArrayList<>();
        for (String tag : out.strip().lines().filter(s -> !s.isBlank()).toList()) {
            versions.add(read(tag));
        }
        versions.sort(Comparator.comparingInt(ModelVersion::number));
        return versions;
    }

    /** Version {@code name} ({@code v1}, {@code 1} or {@code model@v1}), if registered. */
    public Optional<ModelVersion> show(String name) {
        String tag = tagOf(name);
        String exists = project.gitQuiet("tag", "-l", tag).strip();
        return exists.isEmpty() ? Optional.empty() : Optional.of(read(tag));
    }

    /** Like {@link #show} but fails with the known versions when {@code name} is not one. */
    public ModelVersion require(String name) {
        return show(name).orElseThrow(() -> new JukeboxException("no model version " + name + " in "
                + project.dir() + "; registered: " + String.join(", ", list().stream().map(ModelVersion::version)
                .toList()).replaceFirst("^$", "none")));
    }

    /** The tag of a version named {@code v1}, {@code 1} or {@code model@v1}. */
    static String tagOf(String name) {
        if (name.startsWith(TAG_PREFIX)) {
            return name;
        }
        return TAG_PREFIX + (name.matches("\\d+") ? "v" + name : name);
    }

    private ModelVersion read(String tag) {
        String message = project.gitQuiet("for-each-ref", "--format=%(contents)", "refs/tags/" + tag);
        try {
            return new ModelVersion(Json.readObject(message));
        } catch (RuntimeException e) {
            throw new JukeboxException("tag " + tag + " does not hold a model record (" + e.getMessage() + ")", e);
        }
    }

    /** An import's record from its {@code .dvc} file: md5 and size of {@code outs[0]}, and where it came from. */
    public static Map<String, Object> importRecord(Path dvcFile) throws IOException {
        if (!Files.isRegularFile(dvcFile)) {
            throw new JukeboxException(dvcFile.getFileName() + " is missing: the table is not tracked (jdvc "
                    + "import-url or jdvc add)");
        }
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
            throw new JukeboxException(dvcFile + " records no md5 for its output");
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
