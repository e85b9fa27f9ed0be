package org.jdvc.jukebox.registry;

import org.jdvc.JdvcException;
import org.jdvc.api.StatusCommand;
import org.jdvc.hash.FileHasher;
import org.jdvc.hash.HashInfo;
import org.jdvc.hash.TreeManifest;
import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.onnx.OnnxInfo;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.project.Project;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.pipeline.LockEntry;
import org.jdvc.pipeline.LockFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Proves, before anything is recorded, that the workspace's model is what the pipeline made from the committed
 * inputs: the inputs ({@code dvc.yaml}, {@code params.yaml}, the tables' {@code .dvc} files) have no uncommitted
 * changes; {@code jdvc status} finds every stage and table as {@code dvc.lock} and the {@code .dvc} files record them;
 * and, not trusting any stamp cache, the md5 of every model file, of {@code metrics.json} and of every table is
 * computed from the bytes on disk and compared with those records. The model must load in ONNX Runtime.
 *
 * <p>A check that fails throws a {@link JukeboxException} saying what does not match and what to do; nothing is
 * written.
 */
final class Lineage {

    /**
     * What was proven.
     *
     * @param trainedOn the commit whose inputs trained the model
     * @param model model file path → md5, as {@code dvc.lock}'s manifest records them
     * @param data table path → its {@code .dvc} record (md5, size, source)
     * @param metrics {@code metrics.json} without the per-country part
     * @param trainCommand the train stage's command, as {@code dvc.lock} records it
     */
    record Verified(String trainedOn, Map<String, String> model, Map<String, Object> data,
                    Map<String, Object> metrics, Params params, OnnxInfo onnx, String trainCommand) {
    }

    private Lineage() {
    }

    static Verified check(Project project) throws IOException {
        project.requireGitRepository();
        Path dir = project.dir();
        String trainedOn;
        try {
            trainedOn = project.commitOf("HEAD");
        } catch (Project.ProjectException e) {
            throw new JukeboxException(dir + " has no commit yet: commit the data and params the model is trained on");
        }
        if (!Files.isRegularFile(dir.resolve(Layout.DVC_YAML)) || !Files.isRegularFile(dir.resolve(LockFile.NAME))) {
            throw new JukeboxException("no " + (Files.isRegularFile(dir.resolve(Layout.DVC_YAML)) ? LockFile.NAME
                    : Layout.DVC_YAML) + " in " + dir + ": register takes a model trained by `jdvc repro`, whose "
                    + LockFile.NAME + " records what it was made from");
        }
        List<String> inputs = new ArrayList<>(List.of(Layout.DVC_YAML, Layout.PARAMS));
        Layout.TABLES.forEach(t -> inputs.add(t + ".dvc"));
        List<String> args = new ArrayList<>(List.of("status", "--porcelain", "--"));
        args.addAll(inputs);
        // NOTE: not stripped: a porcelain line starts with its two status columns, the first often a space
        List<String> files = project.gitQuiet(args.toArray(String[]::new)).lines().filter(l -> l.length() > 3)
                .map(l -> l.substring(3)).toList();
        if (!files.isEmpty()) {
            throw new JukeboxException("uncommitted changes to " + String.join(", ", files) + ": commit them first, "
                    + "so that the record names the revision the model was trained on");
        }
        StatusCommand.StatusResult status;
        try {
            status = project.api().status().call();
        } catch (JdvcException e) {
            throw new JukeboxException("jdvc status failed: " + e.getMessage(), e);
        }
        if (!status.clean()) {
            throw new JukeboxException("the workspace does not match dvc.lock and the .dvc files (" + summary(status)
                    + "): run `jdvc repro` (or `jdvc pull` for missing data) before registering");
        }

        LockFile lock = LockFile.read(dir.resolve(LockFile.NAME), dir);
        LockEntry train = producer(lock, Layout.MODEL_DIR);
        LockEntry evaluate = producer(lock, Layout.METRICS);
        Map<String, String> model = modelFiles(project, train.out(Layout.MODEL_DIR).orElseThrow());
        checkFile(dir, Layout.METRICS, String.valueOf(evaluate.out(Layout.METRICS).orElseThrow().get("md5")),
                LockFile.NAME);
        Map<String, Object> data = new LinkedHashMap<>();
        for (String t : Layout.TABLES) {
            Map<String, Object> record = ModelRegistry.importRecord(dir.resolve(t + ".dvc"));
            checkFile(dir, t, String.valueOf(record.get("md5")), t + ".dvc");
            data.put(t, record);
        }

        Path onnx = dir.resolve(Layout.MODEL_DIR).resolve(Stages.MODEL);
        byte[] bytes = Files.readAllBytes(onnx);
        OnnxInfo info = OnnxInfo.read(bytes, Layout.MODEL_DIR + "/" + Stages.MODEL);
        try (OnnxModel loaded = new OnnxModel(bytes, Layout.MODEL_DIR + "/" + Stages.MODEL)) {
            if (loaded.outputs().isEmpty()) {
                throw new JukeboxException(Layout.MODEL_DIR + "/" + Stages.MODEL + " has no outputs");
            }
        } catch (ai.onnxruntime.OrtException e) {
            throw new JukeboxException(Layout.MODEL_DIR + "/" + Stages.MODEL + ": " + e.getMessage(), e);
        }
        Map<String, Object> metrics = new LinkedHashMap<>(Json.readObject(
                Files.readString(dir.resolve(Layout.METRICS))));
        metrics.remove("per_country"); // NOTE: the per-country scores stay in the committed metrics.json
        Object cmd = train.cmd();
        String command = cmd instanceof List<?> l ? String.join(" && ", l.stream().map(String::valueOf).toList())
                : String.valueOf(cmd);
        return new Verified(trainedOn, model, data, metrics, Params.read(dir.resolve(Layout.PARAMS)), info, command);
    }

    /** The stage of {@code dvc.lock} that records output {@code path}. */
    private static LockEntry producer(LockFile lock, String path) {
        return lock.stages().values().stream().filter(e -> e.out(path).isPresent()).findFirst()
                .orElseThrow(() -> new JukeboxException(LockFile.NAME + " records no stage with the output '" + path
                        + "': is this a jukebox pipeline (dvc.yaml from `jukebox demo` or the README)?"));
    }

    /** The model directory's files and md5s from its manifest in the cache, each checked against the bytes. */
    private static Map<String, String> modelFiles(Project project, Map<String, Object> out) throws IOException {
        String md5 = String.valueOf(out.get("md5"));
        HashInfo oid = new HashInfo("md5", md5);
        if (!oid.isDir()) {
            throw new JukeboxException(LockFile.NAME + " records " + Layout.MODEL_DIR + " as a file, not a directory");
        }
        byte[] manifest;
        try {
            manifest = project.api().repository().cache().readAllBytes(oid);
        } catch (IOException e) {
            throw new JukeboxException("the manifest of " + Layout.MODEL_DIR + " (" + md5 + ") is not in the cache: "
                    + "run `jdvc repro` or `jdvc pull` first");
        }
        Map<String, String> files = new TreeMap<>();
        for (TreeManifest.Entry e : TreeManifest.parse(manifest, md5).entries()) {
            files.put(Layout.MODEL_DIR + "/" + e.relpath(), e.md5());
        }
        Path dir = project.dir().resolve(Layout.MODEL_DIR);
        try (var listing = Files.walk(dir)) {
            Optional<Path> extra = listing.filter(Files::isRegularFile)
                    .filter(f -> !files.containsKey(Layout.MODEL_DIR + "/" + dir.relativize(f).toString().replace('\\', '/')))
                    .findFirst();
            if (extra.isPresent()) {
                throw new JukeboxException(project.dir().relativize(extra.get()) + " is not part of the model "
                        + LockFile.NAME + " records: remove it or run `jdvc repro`");
            }
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            checkFile(project.dir(), e.getKey(), e.getValue(), LockFile.NAME);
        }
        return files;
    }

    /** Fails unless {@code path}'s bytes hash to {@code expected}, which {@code record} holds. */
    private static void checkFile(Path root, String path, String expected, String record) throws IOException {
        Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) {
            throw new JukeboxException(path + " is missing: run `jdvc pull` (or `jdvc repro`) before registering");
        }
        String actual = FileHasher.md5(file);
        if (!actual.equals(expected)) {
            throw new JukeboxException(path + " does not match " + record + " (md5 " + actual + ", recorded "
                    + expected + "): run `jdvc repro` so that the record describes this file");
        }
    }

    /** {@code jdvc status} in one line: {@code stage: what changed}, stage by stage. */
    private static String summary(StatusCommand.StatusResult status) {
        List<String> parts = new ArrayList<>();
        for (StatusCommand.StageStatus s : status.stages()) {
            List<String> changes = new ArrayList<>();
            s.changedDeps().forEach((k, v) -> changes.add("dep " + k + " " + v));
            s.changedOuts().forEach((k, v) -> changes.add("out " + k + " " + v));
            if (s.changedCommand()) {
                changes.add("command changed");
            }
            if (s.changedChecksum()) {
                changes.add("checksum changed");
            }
            if (s.alwaysChanged()) {
                changes.add("always changed");
            }
            parts.add(s.name() + ": " + String.join(", ", changes));
        }
        return String.join("; ", parts);
    }
}
