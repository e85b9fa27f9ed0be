package org.jdvc.jukebox.registry;

import org.jdvc.jukebox.project.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One registered model version: the JSON record kept in the annotated tag {@code model@vN} and in
 * {@code models/registry.json}.
 *
 * <pre>
 * {"version": "v1", "tag": "model@v1",
 *  "git_revision": commit the model was trained on (its .dvc files and params.yaml),
 *  "created": ISO-8601 UTC,
 *  "data": {"song_properties.parquet": {"md5": outs[0].md5 of its .dvc file, "size": .., "source": deps[0].path}, ..},
 *  "author": "Name &lt;email&gt;" (git's identity), "description": -m (optional),
 *  "model": {"model/labels.json": md5, "model/model.onnx": md5, "model/scaler.json": md5},
 *  "format": {"type": "onnx", "opset": 13, "ir_version": 7, "producer": ..},
 *  "params": {"prepare.split": 0.2, .., "train.epochs": 30, ..},
 *  "metrics": {"accuracy": .., "top5_accuracy": .., ..},
 *  "training": {"command": the train stage's cmd in dvc.lock, "seed": train.seed, "split_seed": prepare.seed},
 *  "software": {"jukebox": .., "jdvc": .., "java": ..},
 *  "remote": {"name": the default remote, "url": its URL}}
 * </pre>
 */
public record ModelVersion(Map<String, Object> json) {

    public String version() {
        return (String) json.get("version");
    }

    public String tag() {
        return ModelRegistry.TAG_PREFIX + version();
    }

    /** N of vN. */
    public int number() {
        return Integer.parseInt(version().substring(1));
    }

    /** The version as the v2 inference protocol names it: N of vN. */
    public String protocolVersion() {
        return String.valueOf(number());
    }

    /** The accuracy on held-out songs, or NaN when not recorded. */
    public double accuracy() {
        return metrics().get("accuracy") instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** {@code Name <email>} of whoever registered it; empty for records made before authors were kept. */
    public String author() {
        return json.get("author") instanceof String s ? s : "";
    }

    public String description() {
        return json.get("description") instanceof String s ? s : "";
    }

    public String gitRevision() {
        return (String) json.get("git_revision");
    }

    public String created() {
        return String.valueOf(json.get("created"));
    }

    /** Table path → its md5 (the {@code outs} md5 of its {@code .dvc} file). */
    public Map<String, String> dataMd5() {
        Map<String, String> m = new LinkedHashMap<>();
        section("data").forEach((k, v) -> m.put(k, v instanceof Map<?, ?> e ? String.valueOf(e.get("md5")) : null));
        return m;
    }

    /** Model file path → md5. */
    public Map<String, String> modelMd5() {
        Map<String, String> m = new LinkedHashMap<>();
        section("model").forEach((k, v) -> m.put(k, String.valueOf(v)));
        return m;
    }

    public Map<String, Object> params() {
        return section("params");
    }

    public Map<String, Object> metrics() {
        return section("metrics");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        return json.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The record as JSON text. */
    public String toJson() {
        return Json.write(json);
    }
}
