package org.jdvc.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdvc.model.RepositoryText;
import org.jdvc.repo.Containment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdvc.model.DvcFileException;
import org.jdvc.model.YamlReader;
import org.jdvc.model.YamlWriter;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A {@code dvc.yaml} file: its text (kept for comment-preserving rewrites), its raw data, and its stages after
 * {@code vars} / {@code ${}} interpolation and {@code foreach} / {@code matrix} expansion (spec §6.1).
 *
 * <p>Variables: the {@code params.yaml} next to the file when it exists, then each {@code vars} entry (a file path,
 * {@code file:key1,key2}, or a mapping), then a stage's own {@code vars}; redefining a variable is an error, as in
 * DVC. Generated stage names: {@code name@key} for {@code foreach} over a mapping, {@code name@item} over a list of
 * scalars, {@code name@index} over a list of collections; {@code name@v1-v2} for {@code matrix}, a collection value
 * shown as {@code <axis><index>}.
 */
public final class PipelineFile {
    public static final String NAME = "dvc.yaml";

    private final Path path;
    private final String text;
    private final Map<String, Object> data;
    private final List<PipelineStage> stages;
    private final String displayName;
    private final Map<Path, Map<String, Object>> trackedVars;

    private PipelineFile(Path path, String text, Map<String, Object> data, List<PipelineStage> stages,
            String displayName, Map<Path, Map<String, Object>> trackedVars) {
        this.path = path;
        this.text = text;
        this.data = data;
        this.stages = stages;
        this.displayName = displayName;
        this.trackedVars = trackedVars;
    }

    /** Reads and validates {@code file} (absolute); errors name it relative to {@code root} as DVC does. */
    public static PipelineFile load(Path file, Path root) {
        return parse(RepositoryText.read(file, display(file, root)), file, root);
    }

    /** A file that does not exist yet (for {@code stage add}). */
    public static PipelineFile empty(Path file, Path root) {
        return new PipelineFile(file, "", new LinkedHashMap<>(), List.of(), display(file, root), Map.of());
    }

    public static PipelineFile parse(String text, Path file, Path root) {
        String display = display(file, root);
        Node node = YamlReader.compose(text, display);
        PipelineSchema.check(node, display);
        Map<String, Object> data = node == null ? new LinkedHashMap<>() : ParamsFile.asMap(YamlReader.toValue(node));
        Expander expander = new Expander(file, root, data);
        List<PipelineStage> stages = expander.expand();
        return new PipelineFile(file, text, data, stages, display, expander.tracked);
    }

    private static String display(Path file, Path root) {
        return "./" + root.relativize(file);
    }

    public Path path() {
        return path;
    }

    public String text() {
        return text;
    }

    public String displayName() {
        return displayName;
    }

    /** The raw parsed document (before interpolation), as a mutable copy source for rewrites. */
    public Map<String, Object> data() {
        return data;
    }

    public List<PipelineStage> stages() {
        return stages;
    }

    /**
     * Values the stages took from parameters files through {@code ${}}: file (absolute) → dotted key → value. DVC
     * lists them in {@code params diff} as tracked parameters.
     */
    public Map<Path, Map<String, Object>> trackedVars() {
        return trackedVars;
    }

    public Optional<PipelineStage> stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The raw definition of a stage written under {@code stages:} (not a generated one). */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> rawStage(String name) {
        return data.get("stages") instanceof Map<?, ?> m && m.get(name) instanceof Map<?, ?> s
                ? Optional.of((Map<String, Object>) s) : Optional.empty();
    }

    /** Top-level {@code metrics} files, relative to the file's directory. */
    public List<String> topMetrics() {
        return strings(data.get("metrics"));
    }

    /** Top-level {@code params} files, relative to the file's directory. */
    public List<String> topParams() {
        return strings(data.get("params"));
    }

    /** Top-level {@code plots} entries: a path, or a mapping of id → properties. */
    public List<Object> topPlots() {
        return data.get("plots") instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    /** The new text for {@code updated} data: the old text patched to keep comments, or fresh text. */
    public String render(Map<String, Object> updated) {
        return text.isBlank() ? YamlWriter.write(updated) : org.jdvc.model.YamlRewriter.rewrite(text, updated);
    }

    /** Interpolates and expands the stages of one file. */
    private static final class Expander {
        private final Path file;
        private final Path dir;
        private final Path root;
        private final Map<String, Object> data;
        private final Interpolator interpolator;
        private final String display;
        /** Top-level variable name → the parameters file it came from. */
        private final Map<String, Path> sources = new LinkedHashMap<>();
        final Map<Path, Map<String, Object>> tracked = new LinkedHashMap<>();

        Expander(Path file, Path root, Map<String, Object> data) {
            this.file = file;
            this.dir = file.getParent();
            this.root = root;
            this.data = data;
            this.display = root.relativize(file).toString();
            this.interpolator = new Interpolator(display);
            interpolator.onLookup((expr, value) -> {
                Path source = sources.get(expr.split("[.\\[]", 2)[0]);
                if (source != null) {
                    tracked.computeIfAbsent(source, k -> new LinkedHashMap<>()).put(expr, value);
                }
            });
        }

        List<PipelineStage> expand() {
            if (!(data.get("stages") instanceof Map<?, ?> defs) || defs.isEmpty()) {
                return List.of();
            }
            Map<String, Object> globals = null; // NOTE: loaded only when some stage is templated
            boolean templated = Interpolator.isTemplated(defs);
            if (templated || data.containsKey("vars")) {
                globals = globalContext();
            }
            List<PipelineStage> out = new ArrayList<>();
            for (Map.Entry<?, ?> e : defs.entrySet()) {
                String name = String.valueOf(e.getKey());
                Map<String, Object> def = ParamsFile.asMap(e.getValue());
                Map<String, Object> ctx = globals == null ? Map.of() : globals;
                if (def.containsKey("foreach")) {
                    foreach(name, def, ctx, out);
                } else if (def.containsKey("matrix")) {
                    matrix(name, def, ctx, out);
                } else {
                    out.add(build(name, def, ctx, Interpolator.isTemplated(def)));
                }
            }
            List<String> seen = new ArrayList<>();
            for (PipelineStage s : out) {
                if (seen.contains(s.name())) {
                    throw new DvcFileException("failed to parse 'stages' in '" + display + "': generated stage '"
                            + s.name() + "' collides with another stage");
                }
                seen.add(s.name());
            }
            return out;
        }

        private Map<String, Object> globalContext() {
            Map<String, Object> ctx = new LinkedHashMap<>();
            Path defaults = dir.resolve(ParamSpec.DEFAULT_FILE);
            List<Object> vars = data.get("vars") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
            boolean listed = vars.stream().anyMatch(v -> v instanceof String s
                    && s.split(":", 2)[0].equals(ParamSpec.DEFAULT_FILE));
            if (!listed && Files.isRegularFile(defaults)) {
                Map<String, Object> content = ParamsFile.read(defaults, ParamSpec.DEFAULT_FILE).orElseThrow();
                merge(ctx, content, ParamSpec.DEFAULT_FILE, "vars");
                content.keySet().forEach(k -> sources.putIfAbsent(k, defaults));
            }
            addVars(ctx, vars, dir, "vars");
            return ctx;
        }

        private void addVars(Map<String, Object> ctx, List<?> vars, Path base, String where) {
            for (Object v : vars) {
                if (v instanceof Map<?, ?> m) {
                    merge(ctx, ParamsFile.asMap(m), "vars", where);
                } else if (v instanceof String s) {
                    String[] parts = s.split(":", 2);
                    Path f = base.resolve(parts[0]).normalize();
                    Map<String, Object> content = ParamsFile.read(f, parts[0]).orElseThrow(() ->
                            interpolator.error(where, "'" + root.relativize(f) + "' does not exist"));
                    if (parts.length == 2 && !parts[1].isBlank()) {
                        Map<String, Object> picked = new LinkedHashMap<>();
                        for (String key : parts[1].split(",")) {
                            Object val = ParamsFile.valueAt(content, key.strip());
                            if (val == ParamsFile.MISSING) {
                                throw interpolator.error(where, "Could not find '" + key.strip() + "' in '"
                                        + parts[0] + "'");
                            }
                            picked.put(key.strip(), val);
                        }
                        content = picked;
                    }
                    merge(ctx, content, parts[0], where);
                    content.keySet().forEach(k -> sources.putIfAbsent(k.split("\\.", 2)[0], f));
                } else {
                    throw interpolator.error(where, "unsupported vars entry '" + v + "'");
                }
            }
        }

        private void merge(Map<String, Object> into, Map<String, Object> from, String source, String where) {
            for (Map.Entry<String, Object> e : from.entrySet()) {
                Object old = into.get(e.getKey());
                if (old instanceof Map<?, ?> om && e.getValue() instanceof Map<?, ?> nm) {
                    Map<String, Object> merged = new LinkedHashMap<>(ParamsFile.asMap(om));
                    merge(merged, ParamsFile.asMap(nm), source, where);
                    into.put(e.getKey(), merged);
                } else if (into.containsKey(e.getKey())) {
                    throw interpolator.error(where, "cannot redefine '" + e.getKey() + "' from '" + source
                            + "' as it already exists in context");
                } else {
                    into.put(e.getKey(), e.getValue());
                }
            }
        }

        private void foreach(String name, Map<String, Object> def, Map<String, Object> ctx, List<PipelineStage> out) {
            String where = "stages." + name + ".foreach";
            Object items = interpolator.resolve(def.get("foreach"), ctx, where);
            Map<String, Object> body = ParamsFile.asMap(def.get("do"));
            if (items instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    Map<String, Object> local = new LinkedHashMap<>(ctx);
                    local.put("key", e.getKey());
                    local.put("item", e.getValue());
                    out.add(build(name + "@" + e.getKey(), body, local, true));
                }
            } else if (items instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    Object item = l.get(i);
                    Map<String, Object> local = new LinkedHashMap<>(ctx);
                    local.put("item", item);
                    String key = item instanceof Map<?, ?> || item instanceof List<?> ? Integer.toString(i)
                            : scalarName(item);
                    out.add(build(name + "@" + key, body, local, true));
                }
            } else {
                throw interpolator.error(where, "expected one of [dict, list], got "
                        + (items == null ? "None" : items.getClass().getSimpleName()));
            }
        }

        private void matrix(String name, Map<String, Object> def, Map<String, Object> ctx, List<PipelineStage> out) {
            Map<String, Object> axes = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ParamsFile.asMap(def.get("matrix")).entrySet()) {
                String where = "stages." + name + ".matrix." + e.getKey();
                Object values = interpolator.resolve(e.getValue(), ctx, where);
                if (!(values instanceof List<?>)) {
                    throw interpolator.error(where, "expected a list");
                }
                axes.put(e.getKey(), values);
            }
            Map<String, Object> body = new LinkedHashMap<>(def);
            body.remove("matrix");
            List<String> names = new ArrayList<>(axes.keySet());
            int[] idx = new int[names.size()];
            if (names.stream().anyMatch(n -> ((List<?>) axes.get(n)).isEmpty())) {
                return;
            }
            while (true) {
                Map<String, Object> item = new LinkedHashMap<>();
                List<String> key = new ArrayList<>();
                for (int a = 0; a < names.size(); a++) {
                    Object v = ((List<?>) axes.get(names.get(a))).get(idx[a]);
                    item.put(names.get(a), v);
                    key.add(v instanceof Map<?, ?> || v instanceof List<?> ? names.get(a) + idx[a] : scalarName(v));
                }
                Map<String, Object> local = new LinkedHashMap<>(ctx);
                local.put("item", item);
                out.add(build(name + "@" + String.join("-", key), body, local, true));
                int a = names.size() - 1;
                while (a >= 0 && ++idx[a] == ((List<?>) axes.get(names.get(a))).size()) {
                    idx[a--] = 0;
                }
                if (a < 0) {
                    return;
                }
            }
        }

        private static String scalarName(Object v) {
            return switch (v) {
                case null -> "None";
                case Boolean b -> b ? "true" : "false";
                case Double d -> YamlWriter.scalar(d);
                default -> String.valueOf(v);
            };
        }

        private PipelineStage build(String name, Map<String, Object> rawDef, Map<String, Object> ctx,
                boolean parametrized) {
            String where = "stages." + name;
            Map<String, Object> local = ctx;
            if (rawDef.get("vars") instanceof List<?> vars) {
                local = new LinkedHashMap<>(ctx);
                Path base = rawDef.get("wdir") instanceof String w ? dir.resolve(w).normalize() : dir;
                addVars(local, vars, base, where + ".vars");
            }
            Map<String, Object> def = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : rawDef.entrySet()) {
                if (!e.getKey().equals("vars")) {
                    def.put(e.getKey(), interpolator.resolve(e.getValue(), local, where + "." + e.getKey()));
                }
            }
            Object cmd = def.get("cmd");
            if (cmd instanceof List<?> l) {
                for (Object c : l) {
                    if (!(c instanceof String)) {
                        throw invalid("expected str", where, "cmd");
                    }
                }
            } else if (!(cmd instanceof String)) {
                throw invalid("expected str", where, "cmd");
            }
            String wdirText = optString(def, "wdir", where);
            Path wdir = wdirText == null ? dir : dir.resolve(wdirText).normalize();
            // NOTE: the stage's command runs in wdir and its outputs are written there: a repository must not name a
            // place outside itself (checked here, when the file is loaded, before any command acts on a stage)
            Containment containment = new Containment(root);
            String origin = "'./" + display + "' " + where;
            if (wdirText != null) {
                containment.checkFolder(wdir, origin, wdirText);
            }
            List<String> deps = new ArrayList<>();
            if (def.get("deps") instanceof List<?> l) {
                for (Object d : l) {
                    deps.add(String.valueOf(d));
                }
            }
            List<ParamSpec> params = params(def.get("params"));
            List<StageOut> outs = new ArrayList<>();
            for (StageOut.Kind kind : StageOut.Kind.values()) {
                if (def.get(kind.key()) instanceof List<?> l) {
                    for (Object o : l) {
                        StageOut out = out(o, kind);
                        containment.resolve(wdir, out.path(), origin);
                        outs.add(out);
                    }
                }
            }
            return new PipelineStage(name, file, wdir, cmd, deps, params, outs, bool(def, "frozen", where),
                    bool(def, "always_changed", where), optString(def, "desc", where), def.get("meta"),
                    parametrized);
        }

        private static List<ParamSpec> params(Object value) {
            Map<String, List<String>> byFile = new LinkedHashMap<>();
            byFile.put(ParamSpec.DEFAULT_FILE, null);
            if (value instanceof List<?> l) {
                for (Object p : l) {
                    if (p instanceof Map<?, ?> m) {
                        for (Map.Entry<?, ?> e : m.entrySet()) {
                            String f = String.valueOf(e.getKey());
                            List<String> keys = byFile.get(f);
                            if (keys == null) {
                                keys = new ArrayList<>();
                                byFile.put(f, keys);
                            }
                            if (e.getValue() instanceof List<?> ks && !ks.isEmpty()) {
                                for (Object k : ks) {
                                    if (!keys.contains(String.valueOf(k))) {
                                        keys.add(String.valueOf(k));
                                    }
                                }
                            } else {
                                keys.add(WHOLE);
                            }
                        }
                    } else {
                        // NOTE: the default file's slot holds null until used (keeps it first in the order)
                        List<String> keys = byFile.computeIfAbsent(ParamSpec.DEFAULT_FILE, k -> new ArrayList<>());
                        for (String k : String.valueOf(p).split(",")) {
                            if (!keys.contains(k.strip())) {
                                keys.add(k.strip());
                            }
                        }
                    }
                }
            }
            List<ParamSpec> out = new ArrayList<>();
            byFile.forEach((f, keys) -> {
                if (keys != null) {
                    out.add(new ParamSpec(f, keys.contains(WHOLE) ? List.of() : keys));
                }
            });
            return out;
        }

        /** Marks a params file listed without keys (tracked whole). */
        private static final String WHOLE = "\0whole";

        private static StageOut out(Object o, StageOut.Kind kind) {
            if (o instanceof Map<?, ?> m && m.size() == 1) {
                Map.Entry<?, ?> e = m.entrySet().iterator().next();
                return new StageOut(String.valueOf(e.getKey()), kind, e.getValue() instanceof Map<?, ?> f
                        ? withoutNulls(ParamsFile.asMap(f)) : Map.of());
            }
            return new StageOut(String.valueOf(o), kind, Map.of());
        }

        private static Map<String, Object> withoutNulls(Map<String, Object> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v);
                }
            });
            return out;
        }

        private String optString(Map<String, Object> def, String key, String where) {
            Object v = def.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw invalid("expected str", where, key);
            }
            return s;
        }

        private boolean bool(Map<String, Object> def, String key, String where) {
            Object v = def.get(key);
            if (v == null) {
                return false;
            }
            if (!(v instanceof Boolean b)) {
                throw invalid("expected bool", where, key);
            }
            return b;
        }

        /** {@code where} is {@code stages.<name>}; the name may itself contain dots ({@code fit@0.1}). */
        private DvcFileException invalid(String problem, String where, String key) {
            String stage = where.startsWith("stages.") ? where.substring("stages.".length()) : where;
            return new DvcFileException("'./" + display + "' validation failed: " + problem + ", in stages -> "
                    + stage + " -> " + key);
        }
    }
}
