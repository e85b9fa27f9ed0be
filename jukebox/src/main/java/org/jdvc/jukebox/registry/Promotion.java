package org.jdvc.jukebox.registry;

import org.jdvc.jukebox.JukeboxException;
import org.jdvc.jukebox.pipeline.Layout;
import org.jdvc.jukebox.pipeline.Params;
import org.jdvc.jukebox.pipeline.PreparedSet;
import org.jdvc.jukebox.pipeline.Stages;
import org.jdvc.jukebox.serve.OnnxModel;
import org.jdvc.jukebox.train.Evaluation;
import org.jdvc.jukebox.train.LabeledSongs;
import org.jdvc.jukebox.project.Json;
import org.jdvc.jukebox.project.Project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stages of model versions ({@code prod}, {@code staging}, ...), kept as GTO keeps them: each assignment is an
 * annotated tag {@code model#STAGE#N} on the version's commit, N counting the model's assignments, the message a JSON
 * record (version, who, when, the gate's verdict, whether it was forced). The version of a stage is the one of its
 * latest assignment.
 *
 * <p>An evaluation gate guards the stages listed in {@code params.yaml} ({@code gate.stages}, default {@code [prod]}):
 * the candidate's held-out accuracy must be at least {@code gate.min_accuracy} (default: its own majority baseline,
 * {@code metrics.baseline_accuracy}) and not below the stage's current version's by more than
 * {@code gate.max_accuracy_drop} (default 0), both measured on the same songs: the candidate's held-out split
 * ({@code data/prepared/test.csv} at its tag), which the current version is scored on here. (The split is by a hash of
 * the song id, so the current version never trained on those songs.) {@code --force} assigns anyway; the record says
 * so.
 */
public final class Promotion {
    public static final String STAGE_TAG_PREFIX = "model#";
    private static final Pattern STAGE_TAG = Pattern.compile("model#([A-Za-z0-9_-]+)#(\\d+)");
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    /** The gate's rules, read from {@code params.yaml}'s {@code gate} section. */
    public record Gate(List<String> stages, Double minAccuracy, double maxAccuracyDrop) {
        static Gate read(Path params) throws IOException {
            Map<?, ?> root = Files.isRegularFile(params) ? Params.yaml(params) : Map.of();
            Params.Section s = new Params.Section(params, "gate", root.get("gate"));
            List<String> stages = List.of("prod");
            if (s.values().get("stages") instanceof List<?> l) {
                stages = l.stream().map(String::valueOf).toList();
            } else if (s.values().get("stages") != null) {
                throw new JukeboxException(params + ": gate.stages must be a list of stage names");
            }
            Number min = s.number("min_accuracy", null);
            return new Gate(stages, min == null ? null : min.doubleValue(),
                    s.number("max_accuracy_drop", 0).doubleValue());
        }
    }

    /**
     * The gate's verdict.
     *
     * @param passed whether the candidate may take the stage
     * @param reason why not (empty when passed, or when the stage is not gated)
     */
    public record Verdict(boolean gated, boolean passed, String reason, Map<String, Object> details) {
    }

    /** A stage assigned: the assignment's tag and the gate's verdict. */
    public record Promoted(String tag, Verdict verdict) {
        /** The gate's comparison in words, for the log. */
        public String summary() {
            Map<String, Object> d = verdict.details();
            if (!verdict.gated()) {
                return "not gated";
            }
            String base = String.format(Locale.ROOT, "accuracy %.4f, at least %.4f", d.get("accuracy"),
                    d.get("min_accuracy"));
            return d.containsKey("current") ? base + String.format(Locale.ROOT, "; %s on the same held-out songs: "
                    + "%.4f", d.get("current"), d.get("current_accuracy")) : base;
        }
    }

    /** One stage assignment, from its tag. */
    public record Assignment(String stage, int number, String version, boolean forced, String created,
                             String author) {
    }

    private final Project project;
    private final ModelRegistry registry;

    public Promotion(Project project) {
        this.project = project;
        this.registry = new ModelRegistry(project);
    }

    /** What the gate says of {@code candidate} for {@code stage}, against the stage's current version. */
    public Verdict check(ModelVersion candidate, String stage) throws IOException {
        Gate gate = Gate.read(project.dir().resolve(Layout.PARAMS));
        Map<String, Object> details = new LinkedHashMap<>();
        if (!gate.stages().contains(stage)) {
            return new Verdict(false, true, "", details);
        }
        double accuracy = candidate.accuracy();
        double min = gate.minAccuracy() != null ? gate.minAccuracy()
                : candidate.metrics().get("baseline_accuracy") instanceof Number n ? n.doubleValue() : 0;
        details.put("accuracy", accuracy);
        details.put("min_accuracy", min);
        if (Double.isNaN(accuracy) || accuracy < min) {
            return new Verdict(true, false, String.format(Locale.ROOT, "accuracy %.4f is below the minimum %.4f (%s)",
                    accuracy, min, gate.minAccuracy() != null ? "gate.min_accuracy in params.yaml"
                            : "the majority baseline; set gate.min_accuracy in params.yaml"), details);
        }
        ModelVersion current = stages().get(stage);
        if (current != null && !current.version().equals(candidate.version())) {
            double currentAccuracy = accuracyOnHeldOutSongsOf(current, candidate);
            double floor = currentAccuracy - gate.maxAccuracyDrop();
            details.put("current", current.version());
            details.put("current_accuracy", currentAccuracy);
            details.put("max_accuracy_drop", gate.maxAccuracyDrop());
            if (accuracy < floor) {
                return new Verdict(true, false, String.format(Locale.ROOT, "on %s's held-out songs its accuracy "
                                + "%.4f is %.4f below %s's %.4f (%s holds %s); the gate allows a drop of %.4f "
                                + "(gate.max_accuracy_drop in params.yaml)", candidate.version(), accuracy,
                        currentAccuracy - accuracy, current.version(), currentAccuracy, current.version(), stage,
                        gate.maxAccuracyDrop()), details);
            }
        }
        return new Verdict(true, true, "", details);
    }

    /** The accuracy of {@code model}'s version on the held-out split of {@code split}'s version. */
    private double accuracyOnHeldOutSongsOf(ModelVersion model, ModelVersion split) throws IOException {
        LabeledSongs heldOut;
        try (VersionFiles files = new VersionFiles(project, split)) {
            String path = Layout.PREPARED + "/" + Stages.TEST_CSV;
            heldOut = PreparedSet.read(new String(files.readTracked(path), StandardCharsets.UTF_8),
                    split.tag() + ":" + path);
        }
        try (VersionFiles files = new VersionFiles(project, model); OnnxModel m = files.model()) {
            float[] predictions = m.score(Stages.scaled(files.scaler(), heldOut), heldOut.size()).getFirst().data();
            // NOTE: the training split only feeds the majority baseline, which is not used here
            return Evaluation.of(predictions, heldOut, heldOut).accuracy();
        } catch (ai.onnxruntime.OrtException e) {
            throw new JukeboxException(model.tag() + ": scoring failed: " + e.getMessage(), e);
        }
    }

    /**
     * Assigns {@code stage} to version {@code name} when the gate lets it (or {@code force}).
     *
     * @return the assignment's tag and the gate's verdict
     * @throws JukeboxException when the gate refuses and {@code force} is not given; nothing is written then
     */
    public Promoted promote(String name, String stage, boolean force, String message) throws IOException {
        if (!STAGE_NAME.matcher(stage).matches()) {
            throw new JukeboxException("'" + stage + "' is not a stage name (lower-case letters, digits, - and _)");
        }
        ModelVersion v = registry.require(name);
        ModelVersion current = stages().get(stage);
        if (current != null && current.version().equals(v.version())) {
            throw new JukeboxException(v.version() + " is already in " + stage);
        }
        Verdict verdict = check(v, stage);
        if (!verdict.passed() && !force) {
            throw new JukeboxException("the gate refuses " + v.version() + " for " + stage + ": " + verdict.reason()
                    + " (--force overrides, and is recorded)");
        }
        int n = assignments().stream().mapToInt(Assignment::number).max().orElse(0) + 1;
        String tag = STAGE_TAG_PREFIX + stage + "#" + n;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("version", v.version());
        record.put("stage", stage);
        record.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        record.put("author", project.author());
        record.put("forced", !verdict.passed());
        if (verdict.gated()) {
            Map<String, Object> gate = new LinkedHashMap<>(verdict.details());
            gate.put("passed", verdict.passed());
            if (!verdict.passed()) {
                gate.put("reason", verdict.reason());
            }
            record.put("gate", gate);
        }
        if (message != null && !message.isBlank()) {
            record.put("message", message.strip());
        }
        registry.tag(tag, v.tag() + "^{commit}", Json.write(record));
        return new Promoted(tag, verdict);
    }

    /** Every stage assignment, oldest first. */
    public List<Assignment> assignments() {
        String out = project.gitQuiet("for-each-ref", "--format=%(refname:short)%00%(contents)%00%00",
                "refs/tags/" + STAGE_TAG_PREFIX + "*");
        List<Assignment> list = new java.util.ArrayList<>();
        for (String entry : out.split("\0\0\n?")) {
            int zero = entry.indexOf('\0');
            if (zero < 0) {
                continue;
            }
            Matcher m = STAGE_TAG.matcher(entry.substring(0, zero).strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, Object> json;
            try {
                json = Json.readObject(entry.substring(zero + 1));
            } catch (RuntimeException e) {
                continue; // NOTE: a stage tag made by another tool (GTO's messages are plain text); not ours to read
            }
            list.add(new Assignment(m.group(1), Integer.parseInt(m.group(2)), String.valueOf(json.get("version")),
                    Boolean.TRUE.equals(json.get("forced")), String.valueOf(json.get("created")),
                    String.valueOf(json.get("author"))));
        }
        list.sort(java.util.Comparator.comparingInt(Assignment::number));
        return list;
    }

    /** Each stage's current version (its latest assignment), by stage name. */
    public Map<String, ModelVersion> stages() {
        Map<String, String> latest = new TreeMap<>();
        for (Assignment a : assignments()) {
            latest.put(a.stage(), a.version());
        }
        Map<String, ModelVersion> out = new TreeMap<>();
        latest.forEach((stage, version) -> registry.show(version).ifPresent(v -> out.put(stage, v)));
        return out;
    }
}
